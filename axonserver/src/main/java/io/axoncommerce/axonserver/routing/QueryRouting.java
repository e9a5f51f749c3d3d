package io.axoncommerce.axonserver.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which handler instances a query goes to. Queries carry no routing key, and a query handler keeps no state the
 * next query depends on, so the load is spread at random instead of hashed as commands are
 * ({@link RendezvousHashing}).
 */
public final class QueryRouting {

    private QueryRouting() {
    }

    /**
     * Point-to-point ({@code NR_OF_RESULTS} = 1): one of the instances; any other value (scatter-gather): every
     * instance.
     */
    public static <T> List<T> targets(List<T> handlers, long expectedResults) {
        return expectedResults == 1 && handlers.size() > 1 ? List.of(any(handlers)) : handlers;
    }

    /** One of the instances, at random (a point-to-point query, a subscription query's initial result). */
    public static <T> T any(List<T> handlers) {
        return handlers.get(ThreadLocalRandom.current().nextInt(handlers.size()));
    }
}
