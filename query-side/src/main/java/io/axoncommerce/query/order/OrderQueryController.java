package io.axoncommerce.query.order;

import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.query.FindOrderQuery;
import io.axoncommerce.api.query.FindOrdersQuery;
import io.axoncommerce.api.query.OrderPage;
import io.axoncommerce.api.query.OrderView;
import io.axoncommerce.query.web.NotFoundException;
import io.axoncommerce.query.web.Queries;
import io.axoncommerce.query.web.QueryParameters;
import io.axoncommerce.security.ApiCaller;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Order queries, and live status updates of one order as Server-Sent Events. A customer sees only their own orders
 * (the token subject is the customer id; another customer's order is a 403, an unknown one a 404); an admin sees all.
 */
@RestController
@RequestMapping(path = "/api/orders")
public class OrderQueryController {

    private static final String ADMIN = "admin";

    private final Queries queries;
    private final OrderUpdateStreams updateStreams;

    public OrderQueryController(Queries queries, OrderUpdateStreams updateStreams) {
        this.queries = queries;
        this.updateStreams = updateStreams;
    }

    @GetMapping(path = "/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public OrderView order(@PathVariable String orderId, Authentication caller) {
        OrderView order = queries.ask(new FindOrderQuery(orderId), OrderView.class);
        if (order == null) {
            throw new NotFoundException("Order " + orderId + " is unknown");
        }
        requireOwnOrder(caller, order);
        return order;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public OrderPage orders(Authentication caller,
                            @RequestParam(required = false) String customerId,
                            @RequestParam(required = false) String status,
                            @RequestParam(required = false) String page,
                            @RequestParam(required = false) String size) {
        String customer = QueryParameters.text(customerId);
        if (!ApiCaller.hasRole(caller, ADMIN)) {
            // a customer lists their own orders: the parameter may be left out, and may not name anyone else
            ApiCaller.requireOwnerOr(caller, customer == null ? caller.getName() : customer,
                    "The customer '" + customer + "'");
            customer = caller.getName();
        }
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size, 20);
        return queries.ask(new FindOrdersQuery(customer,
                QueryParameters.enumValue("status", status, OrderStatus.class), pageNumber, pageSize), OrderPage.class);
    }

    /**
     * The order's current state, then each new state, until it is confirmed or cancelled (then the stream ends).
     * Built on an Axon subscription query, so the updates come from whichever instance runs the projection.
     */
    @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter updates(@PathVariable String orderId, Authentication caller) {
        return updateStreams.open(orderId, order -> requireOwnOrder(caller, order));
    }

    private static void requireOwnOrder(Authentication caller, OrderView order) {
        ApiCaller.requireOwnerOr(caller, order.customerId(), "Order " + order.orderId(), ADMIN);
    }
}
