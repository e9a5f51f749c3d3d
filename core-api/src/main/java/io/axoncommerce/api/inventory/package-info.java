/**
 * Stock per product: one Inventory aggregate per product (identifier {@link io.axoncommerce.api.inventory.InventoryId}),
 * reservations per order line, released or committed exactly once.
 */
package io.axoncommerce.api.inventory;
