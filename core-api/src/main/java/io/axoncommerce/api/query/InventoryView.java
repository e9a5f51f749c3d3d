package io.axoncommerce.api.query;

/** Stock of one product: {@code available} can still be reserved, {@code reserved} is held for open orders. */
public record InventoryView(String productId, int available, int reserved) {
}
