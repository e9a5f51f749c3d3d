package io.axoncommerce.api.order;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Stock is reserved per (product, order), so one order may name a product only once: two lines for the same product
 * would share one reservation and releasing one would release both.
 */
final class OrderLines {

    private OrderLines() {
    }

    static <T> void requireDistinctProducts(List<T> lines, Function<T, String> productId) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(productId.apply(lines.get(i)))) {
                throw new IllegalArgumentException("lines[" + i + "].productId repeats product '"
                        + productId.apply(lines.get(i)) + "': merge the quantities into one line");
            }
        }
    }
}
