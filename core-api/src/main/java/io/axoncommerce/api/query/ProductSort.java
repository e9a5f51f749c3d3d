package io.axoncommerce.api.query;

import java.util.Arrays;
import java.util.Optional;

/** The orders a product search can be sorted in; {@code RELEVANCE} ranks by the text match. */
public enum ProductSort {
    RELEVANCE("relevance"),
    PRICE_ASC("price"),
    PRICE_DESC("-price"),
    NAME_ASC("name"),
    NAME_DESC("-name");

    private final String parameter;

    ProductSort(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the REST API's {@code sort} parameter. */
    public String parameter() {
        return parameter;
    }

    public static Optional<ProductSort> fromParameter(String parameter) {
        return Arrays.stream(values()).filter(sort -> sort.parameter.equals(parameter)).findFirst();
    }
}
