package io.axoncommerce.axonserver.query.app;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Axon Framework 4.13 application (test scope) for the query path: started once as the handler and once as
 * the caller, so every query crosses the server.
 */
@SpringBootApplication
public class QueryApp {

    /** Starts one instance against the server at {@code localhost:grpcPort}; only a handler answers queries. */
    public static ConfigurableApplicationContext start(int grpcPort, String clientId, boolean handler) {
        return new SpringApplicationBuilder(QueryApp.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.application.name", "query-app",
                        "axon.axonserver.servers", "localhost:" + grpcPort,
                        "axon.axonserver.client-id", clientId,
                        "axon.axonserver.component-name", "query-app",
                        "axon.serializer.general", "jackson",
                        "axon.serializer.events", "jackson",
                        "axon.serializer.messages", "jackson",
                        "queryapp.handler", String.valueOf(handler)))
                .run();
    }

    /** {@code count} items, each with {@code fillerBytes} of text. */
    public record ItemsQuery(int count, int fillerBytes) {
    }

    public record Item(int index, String filler) {
    }

    public record EchoQuery(String text) {
    }

    /** {@code count} items, then the handler fails. */
    public record BrokenItemsQuery(int count) {
    }

    /** The query handlers, and what they observed of the streams they produced. */
    @Component
    @ConditionalOnProperty(name = "queryapp.handler", havingValue = "true")
    public static class Handlers {

        private final AtomicLong produced = new AtomicLong();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @QueryHandler
        Flux<Item> items(ItemsQuery query) {
            String filler = "x".repeat(query.fillerBytes());
            // lazy: an item is made only when the stream's subscriber asks for it
            return Flux.range(0, query.count())
                       .map(i -> new Item(i, filler))
                       .doOnNext(item -> produced.incrementAndGet())
                       .doOnCancel(() -> cancelled.set(true));
        }

        @QueryHandler
        Flux<Item> brokenItems(BrokenItemsQuery query) {
            return Flux.range(0, query.count())
                       .map(i -> new Item(i, ""))
                       .concatWith(Flux.error(new IllegalStateException("stream broke")));
        }

        @QueryHandler
        String echo(EchoQuery query) {
            return query.text();
        }

        /** Items the handler has produced since the last {@link #reset()}. */
        public long produced() {
            return produced.get();
        }

        /** Whether a stream's subscriber cancelled since the last {@link #reset()}. */
        public boolean cancelled() {
            return cancelled.get();
        }

        public void reset() {
            produced.set(0);
            cancelled.set(false);
        }
    }
}
