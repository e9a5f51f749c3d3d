package io.axoncommerce.axonserver.dashboard.demo;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands, events and queries of the small shop the dashboard tests attach to the server. */
public final class ShopMessages {

    private ShopMessages() {
    }

    public record CreateCart(@TargetAggregateIdentifier String cartId, String owner) {
    }

    public record AddItem(@TargetAggregateIdentifier String cartId, String item) {
    }

    public record CartCreated(String cartId, String owner) {
    }

    public record ItemAdded(String cartId, String item, int itemCount) {
    }

    public record CartItemsQuery(String cartId) {
    }

    public record CartItems(List<String> items) {
    }
}
