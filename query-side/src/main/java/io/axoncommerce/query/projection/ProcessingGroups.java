package io.axoncommerce.query.projection;

import java.util.List;

/** The read side's processing groups; each is its own pooled streaming processor (see application.yml). */
public final class ProcessingGroups {

    public static final String ORDERS = "orders-projection";
    public static final String INVENTORY = "inventory-projection";
    public static final String PRODUCT_SEARCH = "product-search-projection";

    public static final List<String> ALL = List.of(ORDERS, INVENTORY, PRODUCT_SEARCH);

    private ProcessingGroups() {
    }
}
