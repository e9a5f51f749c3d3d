package io.axoncommerce.command.order;

import io.axoncommerce.api.order.OrderLineRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * {@code Idempotency-Key} on order placement, kept in the event store rather than in a table of keys: the order id is
 * derived from the customer and the key, so a retry targets the same Order aggregate, and the Order remembers a
 * digest of the request that placed it ({@link Order#placedBy}). That makes keys as durable as the orders themselves,
 * valid across restarts and command-side instances (two instances racing on one key meet at the event store, where
 * the second append is a conflict), and never forgotten.
 */
final class IdempotentOrders {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private IdempotentOrders() {
    }

    /** Scoped to the customer: two customers' keys never meet, and no one can reach another's order by its key. */
    static String orderId(String customerId, String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(HEADER + " must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters");
        }
        return UUID.nameUUIDFromBytes(("order:" + customerId.length() + ":" + customerId + ":" + key)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What the request asked for, in a canonical form: the lines in their order, and the payment token. */
    static String fingerprint(List<OrderLineRequest> lines, String paymentToken) {
        StringBuilder canonical = new StringBuilder();
        for (OrderLineRequest line : lines) {
            canonical.append(line.productId().length()).append(':').append(line.productId()).append('=')
                    .append(line.quantity()).append(';');
        }
        canonical.append(paymentToken.length()).append(':').append(paymentToken);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
