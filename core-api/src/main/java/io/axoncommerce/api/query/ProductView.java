package io.axoncommerce.api.query;

import io.axoncommerce.api.common.Money;

/** A product as search shows it: catalogue data, current availability and whether it is discontinued. */
public record ProductView(String productId, String name, String description, String category, Money price,
                          int available, boolean inStock, boolean discontinued) {
}
