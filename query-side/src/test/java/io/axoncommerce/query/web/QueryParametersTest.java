package io.axoncommerce.query.web;

import io.axoncommerce.api.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    private static void refused(Runnable parse, String parameter) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(InvalidParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo(parameter));
    }

    @Test
    void pageSizesOutsideOneToAHundredAreRefused() {
        refused(() -> QueryParameters.size("0", 20), "size");
        refused(() -> QueryParameters.size("10000", 20), "size");
        refused(() -> QueryParameters.size("ten", 20), "size");
        assertThat(QueryParameters.size(null, 20)).isEqualTo(20);
        assertThat(QueryParameters.size("100", 20)).isEqualTo(100);
    }

    @Test
    void pagesBeyondTheResultWindowAreRefused() {
        QueryParameters.withinResultWindow(99, 100);
        refused(() -> QueryParameters.withinResultWindow(100, 100), "page");
        refused(() -> QueryParameters.page("-1"), "page");
    }

    @Test
    void pricesMustBeNonNegativeDecimals() {
        assertThat(QueryParameters.price("minPrice", "12.50")).isEqualByComparingTo("12.5");
        assertThat(QueryParameters.price("minPrice", " ")).isNull();
        refused(() -> QueryParameters.price("minPrice", "12,50"), "minPrice");
        refused(() -> QueryParameters.price("maxPrice", "-1"), "maxPrice");
    }

    @Test
    void enumsAndBooleansAreParsedStrictly() {
        assertThat(QueryParameters.enumValue("status", "confirmed", OrderStatus.class)).isEqualTo(OrderStatus.CONFIRMED);
        refused(() -> QueryParameters.enumValue("status", "SHIPPED", OrderStatus.class), "status");
        assertThat(QueryParameters.bool("inStock", "TRUE")).isTrue();
        refused(() -> QueryParameters.bool("inStock", "yes"), "inStock");
    }
}
