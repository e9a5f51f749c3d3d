package io.axoncommerce.axonserver.dashboard.demo;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.AddItem;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartCreated;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CreateCart;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.ItemAdded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Event-sourced cart; snapshotted every few events so the aggregate view has snapshots to mark. */
@Aggregate(snapshotTriggerDefinition = "cartSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Cart {

    @AggregateIdentifier
    private String cartId;
    private int itemCount;

    protected Cart() {
    }

    @CommandHandler
    public Cart(CreateCart command) {
        apply(new CartCreated(command.cartId(), command.owner()));
    }

    @CommandHandler
    public int handle(AddItem command) {
        apply(new ItemAdded(cartId, command.item(), itemCount + 1));
        return itemCount;
    }

    @EventSourcingHandler
    void on(CartCreated event) {
        cartId = event.cartId();
    }

    @EventSourcingHandler
    void on(ItemAdded event) {
        itemCount = event.itemCount();
    }
}
