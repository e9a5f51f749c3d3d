package io.axoncommerce.api.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.axoncommerce.api.order.OrderPlacedEvent;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import java.math.BigDecimal;

/**
 * Every upcaster of the events in core-api, in the order they apply. Each application that reads events registers
 * {@link #chain()} as a bean (Axon's Spring Boot auto-configuration hands every {@code EventUpcaster} bean to the event
 * store), so a new step added here reaches all of them without touching their configuration. See
 * docs/evolving-events.md.
 */
public final class CoreApiUpcasters {

    private static final String ORDER_PLACED = OrderPlacedEvent.class.getName();

    private CoreApiUpcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                // Revision 2 added requestFingerprint; an order placed before had no idempotency key. The payload
                // could be read without this step, but the 2 -> 3 step below would then never see revision 1 events.
                new JsonPayloadUpcaster(ORDER_PLACED, "1", "2", payload -> payload.putNull("requestFingerprint")),
                new JsonPayloadUpcaster(ORDER_PLACED, "2", "3", CoreApiUpcasters::recordLineTotals));
    }

    /** Revision 3 records each line's total: the unit price times the quantity, as it was charged. */
    private static void recordLineTotals(ObjectNode orderPlaced) {
        for (JsonNode line : orderPlaced.required("lines")) {
            JsonNode unitPrice = line.required("unitPrice");
            BigDecimal total = unitPrice.required("amount").decimalValue()
                    .multiply(BigDecimal.valueOf(line.required("quantity").intValue()));
            ObjectNode lineTotal = ((ObjectNode) line).putObject("lineTotal");
            lineTotal.put("amount", total);
            lineTotal.set("currency", unitPrice.required("currency"));
        }
    }
}
