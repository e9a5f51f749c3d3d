package io.axoncommerce.api.query;

import java.math.BigDecimal;
import java.util.List;

/**
 * One page of matching products, the number matching in total, and facets over all matches: product counts per
 * category and per price range ({@code from} inclusive, {@code to} exclusive, null = open).
 */
public record ProductSearchResult(List<ProductView> items, int page, int size, long total,
                                  List<CategoryCount> categories, List<PriceRangeCount> priceRanges) {

    public ProductSearchResult {
        items = List.copyOf(items);
        categories = List.copyOf(categories);
        priceRanges = List.copyOf(priceRanges);
    }

    public record CategoryCount(String category, long count) {
    }

    public record PriceRangeCount(BigDecimal from, BigDecimal to, long count) {
    }
}
