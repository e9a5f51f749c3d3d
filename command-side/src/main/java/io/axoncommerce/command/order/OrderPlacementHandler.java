package io.axoncommerce.command.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.command.product.ProductCatalog;
import io.axoncommerce.command.product.ProductNotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Handles {@link PlaceOrderCommand}: prices every line from the Product aggregates (never from the client), then
 * creates the Order through its repository. Everything happens in the command's unit of work, so a refused order
 * stores nothing.
 * <p>
 * An external handler because the Order aggregate cannot reach the catalogue from a creating constructor without
 * loading other aggregates itself; here the Products are read from their committed state by {@link ProductCatalog}
 * (no lock: many orders of one product are priced at once), and the Order is created with
 * {@link Repository#loadOrCreate} so that the Order itself refuses an id that is taken.
 * <p>
 * The only lock a placement holds is its Order's, until its events are appended: a client's retry under the same
 * idempotency key (same order id) waits for the first attempt and then answers as it did.
 */
@Component("commandSideOrderPlacementHandler")
public class OrderPlacementHandler {

    private final ProductCatalog catalog;
    private final Repository<Order> orders;

    public OrderPlacementHandler(ProductCatalog catalog, Repository<Order> orders) {
        this.catalog = catalog;
        this.orders = orders;
    }

    @CommandHandler
    public String handle(PlaceOrderCommand command) throws Exception {
        // the Order first: a retry of a request that placed it answers as the first time did, whatever the catalogue
        // says now
        Aggregate<Order> order = orders.loadOrCreate(command.orderId(), Order::new);
        if (order.invoke(existing -> existing.placedBy(command))) {
            return command.orderId();
        }
        List<OrderLine> lines = price(command.lines());
        String currency = lines.getFirst().unitPrice().currency();
        for (OrderLine line : lines) {
            if (!line.unitPrice().currency().equals(currency)) {
                throw new MixedCurrencyOrderException(lines);
            }
        }
        order.execute(created -> created.place(command, lines));
        return command.orderId();
    }

    /** Each line at its product's committed price (an order names each product once: PlaceOrderCommand checks). */
    private List<OrderLine> price(List<OrderLineRequest> requested) {
        return requested.stream()
                .map(line -> new OrderLine(line.productId(), line.quantity(), priceOf(line.productId())))
                .toList();
    }

    private Money priceOf(String productId) {
        try {
            return catalog.priceForOrder(productId);
        } catch (ProductNotFoundException e) {
            throw new UnknownProductInOrderException(productId, e);
        }
    }
}
