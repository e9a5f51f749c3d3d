package io.axoncommerce.axonserver.dashboard.demo;

import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartCreated;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartItems;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartItemsQuery;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.ItemAdded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real Axon Framework application (test scope) whose commands, events, queries and processor the dashboard shows. */
@SpringBootApplication
public class ShopApp {

    public static final String PROCESSOR = "cart-view";
    public static final String COMPONENT = "demo-shop";

    /** Starts one instance connected to the server at {@code localhost:grpcPort}. */
    public static ConfigurableApplicationContext start(int grpcPort, String clientId) {
        return start(grpcPort, clientId, COMPONENT);
    }

    /** One instance reporting another component name, as a different application would. */
    public static ConfigurableApplicationContext start(int grpcPort, String clientId, String component) {
        return new SpringApplicationBuilder(ShopApp.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.application.name", "shop",
                        "axon.axonserver.servers", "localhost:" + grpcPort,
                        "axon.axonserver.client-id", clientId,
                        "axon.axonserver.component-name", component,
                        "axon.serializer.general", "jackson",
                        "axon.serializer.events", "jackson",
                        "axon.serializer.messages", "jackson",
                        "axon.eventhandling.processors." + PROCESSOR + ".mode", "pooled",
                        "axon.eventhandling.processors." + PROCESSOR + ".initial-segment-count", "2"))
                .run();
    }

    @Bean
    SnapshotTriggerDefinition cartSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 3);
    }

    /** Items per cart, for the query the dashboard's statistics count. */
    @Component
    @ProcessingGroup(PROCESSOR)
    static class CartView {

        private final Map<String, List<String>> items = new ConcurrentHashMap<>();

        @EventHandler
        void on(CartCreated event) {
            items.put(event.cartId(), new ArrayList<>());
        }

        @EventHandler
        void on(ItemAdded event) {
            items.computeIfAbsent(event.cartId(), k -> new ArrayList<>()).add(event.item());
        }

        @QueryHandler
        CartItems items(CartItemsQuery query) {
            return new CartItems(List.copyOf(items.getOrDefault(query.cartId(), List.of())));
        }
    }
}
