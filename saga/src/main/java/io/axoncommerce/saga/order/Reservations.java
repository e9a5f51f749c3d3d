package io.axoncommerce.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.axoncommerce.api.order.OrderLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order's lines and what became of each line's reservation: reserved, rejected, released by the saga, or abandoned
 * (given up on after the grace period, never answered).
 * <p>
 * Mutable, like the saga it belongs to. Stored unwrapped into the saga's JSON ({@code @JsonUnwrapped} in
 * {@link OrderFulfilmentSaga}), under the names the saga's own fields had before this class existed, so a saga stored
 * by an earlier version loads unchanged. Concrete Linked* types so that Jackson restores them in order: commands go out
 * in the order's line order.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class Reservations {

    /** productId -> quantity; one line per product (the order guarantees it). */
    private LinkedHashMap<String, Integer> lines = new LinkedHashMap<>();
    private LinkedHashSet<String> reserved = new LinkedHashSet<>();
    private LinkedHashSet<String> rejected = new LinkedHashSet<>();
    private LinkedHashSet<String> released = new LinkedHashSet<>();
    private LinkedHashSet<String> abandoned = new LinkedHashSet<>();

    void place(List<OrderLine> orderLines) {
        orderLines.forEach(line -> lines.put(line.productId(), line.quantity()));
    }

    /** productId -> quantity, in the order's line order. */
    Map<String, Integer> lines() {
        return Collections.unmodifiableMap(lines);
    }

    /** Records the line's reservation: {@code false} if the product is not on the order or was already reserved. */
    boolean reserve(String productId) {
        return lines.containsKey(productId) && reserved.add(productId);
    }

    /** Records the line's rejection: {@code false} if the product is not on the order or was already rejected. */
    boolean reject(String productId) {
        return lines.containsKey(productId) && rejected.add(productId);
    }

    boolean allReserved() {
        return reserved.containsAll(lines.keySet());
    }

    Set<String> reserved() {
        return Collections.unmodifiableSet(reserved);
    }

    /** Records that the saga releases the line: {@code false} if it already did. */
    boolean release(String productId) {
        return released.add(productId);
    }

    void abandon(String productId) {
        abandoned.add(productId);
    }

    /** The lines whose reservation has not answered and that were not given up on. */
    List<String> unanswered() {
        return lines.keySet().stream()
                .filter(productId -> !reserved.contains(productId) && !rejected.contains(productId)
                        && !abandoned.contains(productId))
                .toList();
    }
}
