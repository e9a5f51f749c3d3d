package io.axoncommerce.query.product;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.query.ProductView;

import java.math.BigDecimal;

/**
 * One product in the search index. It combines two aggregates' events (the Product's and the product's Inventory's),
 * so it keeps one applied-sequence number for each: {@code productVersion} and {@code inventoryVersion}, -1 while
 * none of that aggregate's events was applied. {@code price} is the numeric the index filters, sorts and buckets on;
 * {@code priceAmount} keeps the exact decimal for the answer.
 */
public record ProductSearchDocument(String productId, String name, String description, String category,
                                    Double price, String priceAmount, String currency, int available,
                                    boolean inStock, boolean discontinued, long productVersion,
                                    long inventoryVersion) {

    static ProductSearchDocument empty(String productId) {
        return new ProductSearchDocument(productId, null, null, null, null, null, null, 0, false, false, -1, -1);
    }

    ProductSearchDocument withDetails(String newName, String newDescription, String newCategory, long sequence) {
        return new ProductSearchDocument(productId, newName, newDescription, newCategory, price, priceAmount, currency,
                available, inStock, discontinued, sequence, inventoryVersion);
    }

    ProductSearchDocument withPrice(Money newPrice, long sequence) {
        return new ProductSearchDocument(productId, name, description, category, newPrice.amount().doubleValue(),
                newPrice.amount().toPlainString(), newPrice.currency(), available, inStock, discontinued, sequence,
                inventoryVersion);
    }

    ProductSearchDocument discontinued(long sequence) {
        return new ProductSearchDocument(productId, name, description, category, price, priceAmount, currency,
                available, inStock, true, sequence, inventoryVersion);
    }

    ProductSearchDocument withAvailable(int newAvailable, long sequence) {
        return new ProductSearchDocument(productId, name, description, category, price, priceAmount, currency,
                newAvailable, newAvailable > 0, discontinued, productVersion, sequence);
    }

    /**
     * The document's Elasticsearch routing: its category, so that a category's products share a shard and a search
     * filtered by category asks only that one. A product whose creation has not been applied yet (its stock events
     * came first) has no category and is routed by its id; it is not searchable anyway.
     */
    public String routing() {
        return category != null ? category : productId;
    }

    /**
     * Whether this copy has applied more than {@code other}. Two copies of one product exist only while a move to a
     * new category is half done (a failed bulk write); the newer one is the product, the other is left over.
     */
    boolean isNewerThan(ProductSearchDocument other) {
        return productVersion != other.productVersion ? productVersion > other.productVersion
                : inventoryVersion > other.inventoryVersion;
    }

    /** Whether the Product aggregate's creation has been applied (inventory events alone make no searchable product). */
    boolean isCatalogued() {
        return productVersion >= 0;
    }

    ProductView toView() {
        Money money = priceAmount == null ? null : new Money(new BigDecimal(priceAmount), currency);
        return new ProductView(productId, name, description, category, money, available, inStock, discontinued);
    }
}
