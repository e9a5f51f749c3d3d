package io.axoncommerce.command.order;

import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.command.web.CommandRequest;
import io.axoncommerce.command.web.CommandSender;
import io.axoncommerce.command.web.InvalidCommandException;
import io.axoncommerce.command.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController("commandSideOrderController")
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "Placing and cancelling orders")
public class OrderController {

    private final CommandSender commands;

    public OrderController(CommandSender commands) {
        this.commands = commands;
    }

    /**
     * No prices: every line is priced from the catalogue when the order is placed. No customer either: the customer is
     * the caller, the token's subject. A body that still names {@code customerId} is refused as an unknown field (400),
     * so a client cannot believe it ordered for someone else.
     */
    public record PlaceOrderRequest(
            @NotEmpty @Size(max = 100) List<@NotNull @Valid LineRequest> lines,
            @NotBlank @Size(max = 200) String paymentToken) implements CommandRequest {
    }

    public record LineRequest(@NotBlank @Size(max = 100) String productId,
                              @NotNull @Positive Integer quantity) {
    }

    public record OrderResponse(String orderId, OrderStatus status) {
    }

    @PostMapping
    @ProblemResponses({400, 401, 403, 409, 413, 422, 429})
    @Operation(summary = "Place an order",
            description = "202: the order is placed and priced; stock reservation and payment follow asynchronously. "
                    + "With an Idempotency-Key header a client may send the request again (after a timeout, say): "
                    + "the same key with the same body answers as the first time and places nothing new; the same "
                    + "key with another body is a 422 (IDEMPOTENCY_KEY_REUSED). Keys are per customer and kept for "
                    + "good (the order's own events).")
    public ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request,
                                               @RequestHeader(name = IdempotentOrders.HEADER, required = false)
                                               String idempotencyKey,
                                               Authentication caller) {
        List<OrderLineRequest> lines = request.lines().stream()
                .map(line -> new OrderLineRequest(line.productId(), line.quantity())).toList();
        String orderId = idempotencyKey == null ? UUID.randomUUID().toString()
                : InvalidCommandException.building(() -> IdempotentOrders.orderId(caller.getName(), idempotencyKey));
        String fingerprint = idempotencyKey == null ? null
                : IdempotentOrders.fingerprint(lines, request.paymentToken());
        commands.send(() -> new PlaceOrderCommand(orderId, caller.getName(), lines, request.paymentToken(),
                fingerprint));
        return ResponseEntity.accepted().body(new OrderResponse(orderId, OrderStatus.PLACED));
    }

    @PostMapping("/{orderId}/cancel")
    @ProblemResponses({401, 403, 404, 409})
    @Operation(summary = "Cancel an order",
            description = "Allowed until payment succeeded (the order is confirmed); repeating it is harmless. Only "
                    + "the order's own customer may cancel it (403 ORDER_NOT_OWNED otherwise).")
    public OrderResponse cancel(@PathVariable String orderId, Authentication caller) {
        // the Order checks the requester against its customer, in the same unit of work as the cancellation
        commands.send(() -> new CancelOrderCommand(orderId, CancellationReason.CUSTOMER_REQUEST, caller.getName()));
        return new OrderResponse(orderId, OrderStatus.CANCELLED);
    }
}
