package io.axoncommerce.api.query;

import java.math.BigDecimal;

/**
 * Full-text product search. {@code text} is plain user text (matched against name and description, never parsed as
 * a query language); null or blank matches every product. Null filters match all. Answered with a
 * {@link ProductSearchResult}.
 */
public record SearchProductsQuery(String text, String category, BigDecimal minPrice, BigDecimal maxPrice,
                                  Boolean inStock, int page, int size, ProductSort sort) {

    public SearchProductsQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative but was " + page);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive but was " + size);
        }
        if (sort == null) {
            sort = ProductSort.RELEVANCE;
        }
    }
}
