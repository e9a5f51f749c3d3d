package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.query.QueryTraffic.Kind;
import io.axoncommerce.axonserver.query.app.QueryApp;
import io.axoncommerce.axonserver.query.app.QueryApp.BrokenItemsQuery;
import io.axoncommerce.axonserver.query.app.QueryApp.EchoQuery;
import io.axoncommerce.axonserver.query.app.QueryApp.Item;
import io.axoncommerce.axonserver.query.app.QueryApp.ItemsQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Conformance of the query path with a real Axon Framework 4.13 application as handler and another as caller:
 * streaming queries with flow control and cancellation, and what a query costs on the wire, counted at the server.
 */
class QueryStreamingIT {

    private static final QueryTraffic traffic = new QueryTraffic();

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ConfigurableApplicationContext handler;
    static ConfigurableApplicationContext caller;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).interceptor(traffic).build().start();
        handler = QueryApp.start(server.grpcPort(), "handler", true);
        caller = QueryApp.start(server.grpcPort(), "caller", false);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> server.queries().subscriptions().getOrDefault(ItemsQuery.class.getName(), Set.of())
                            .contains("handler")
                        && server.queries().subscriptions().containsKey(EchoQuery.class.getName()));
    }

    @AfterAll
    static void stop() {
        if (caller != null) {
            caller.close();
        }
        if (handler != null) {
            handler.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void quiet() {
        // what a previous test left in flight (a cancelled stream's completion) must not count for the next
        await().atMost(Duration.ofSeconds(10)).until(() -> server.queries().pendingQueries() == 0);
        handlers().reset();
        traffic.reset();
    }

    private static QueryGateway gateway() {
        return caller.getBean(QueryGateway.class);
    }

    private static QueryApp.Handlers handlers() {
        return handler.getBean(QueryApp.Handlers.class);
    }

    private static List<Integer> indices(List<Item> items) {
        return items.stream().map(Item::index).toList();
    }

    @Test
    void aStreamingQueryDeliversEveryResultOnceAndInOrder() {
        List<Item> items = Flux.from(gateway().streamingQuery(new ItemsQuery(10_000, 100), Item.class))
                               .collectList()
                               .block(Duration.ofSeconds(60));

        assertThat(indices(items)).containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
        assertThat(handlers().produced()).isEqualTo(10_000);
        assertThat(traffic.messages(Kind.RESPONSE_FROM_HANDLER)).isEqualTo(10_000);
        assertThat(traffic.messages(Kind.RESPONSE_TO_CALLER)).isEqualTo(10_000);
        assertThat(traffic.peakHeld()).as("responses the server held at once")
                                      .isLessThanOrEqualTo(PendingQuery.WINDOW);
    }

    @Test
    void aCallerThatStopsAskingHoldsBackTheHandler() {
        int total = 10_000;
        List<Item> received = new CopyOnWriteArrayList<>();
        PausingSubscriber subscriber = new PausingSubscriber(received, 100);
        // 4 KB per item: 40 MB in all, five times what gRPC's transport windows between caller and server can hold
        Flux.from(gateway().streamingQuery(new ItemsQuery(total, 4096), Item.class)).subscribe(subscriber);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 100);

        // while the caller asks for nothing, the handler makes only what the windows on the way can hold (seen:
        // ~580 items; gRPC may grow its transport window to 8 MB, ~2,000 items, so the bound leaves room for that)
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
               .until(() -> handlers().produced() < total / 2);
        assertThat(traffic.peakHeld()).as("responses the server held at once")
                                      .isLessThanOrEqualTo(PendingQuery.WINDOW);

        subscriber.resume();
        await().atMost(Duration.ofSeconds(60)).until(subscriber::isDone);
        assertThat(indices(received)).containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
        assertThat(traffic.messages(Kind.RESPONSE_FROM_HANDLER)).isEqualTo(total);
        assertThat(traffic.peakHeld()).isLessThanOrEqualTo(PendingQuery.WINDOW);
    }

    @Test
    void cancellingAStreamStopsTheHandler() {
        List<Item> first = Flux.from(gateway().streamingQuery(new ItemsQuery(1_000_000, 100), Item.class))
                               .take(10)
                               .collectList()
                               .block(Duration.ofSeconds(30));

        assertThat(indices(first)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        await().atMost(Duration.ofSeconds(10)).until(() -> handlers().cancelled());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.queries().pendingQueries() == 0);
        long produced = handlers().produced();
        assertThat(produced).isLessThan(1_000_000);
    }

    @Test
    void aHandlersErrorEndsTheStreamAfterTheResultsBeforeIt() {
        List<Item> received = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Flux.from(gateway().streamingQuery(new BrokenItemsQuery(5), Item.class))
                                     .doOnNext(received::add)
                                     .blockLast(Duration.ofSeconds(30)))
                .hasMessageContaining("stream broke");
        assertThat(indices(received)).containsExactly(0, 1, 2, 3, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.queries().pendingQueries() == 0);
    }

    @Test
    void aPointToPointQueryIsAnsweredWithOneMessage() throws Exception {
        int queries = 50;
        for (int i = 0; i < queries; i++) {
            assertThat(gateway().query(new EchoQuery("hello " + i), String.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo("hello " + i);
        }
        // a repeated answer comes right behind the first: wait until every handler side finished its query
        await().atMost(Duration.ofSeconds(10))
               .until(() -> traffic.messages(Kind.COMPLETE_FROM_HANDLER) >= queries);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
               .until(() -> traffic.messages(Kind.RESPONSE_TO_CALLER) == queries);
        assertThat(traffic.messages(Kind.QUERY_FROM_CALLER)).isEqualTo(queries);
        assertThat(traffic.messages(Kind.QUERY_TO_HANDLER)).isEqualTo(queries);
        // the call ends with its answer, so the caller has nothing left to cancel
        assertThat(traffic.messages(Kind.CANCEL_TO_HANDLER)).isZero();
        assertThat(traffic.messages(Kind.FLOW_CONTROL_TO_HANDLER)).isZero();
    }

    /** Asks for {@code first} items, then for nothing until resumed. */
    private static final class PausingSubscriber extends BaseSubscriber<Item> {

        private final List<Item> received;
        private final int first;
        private volatile boolean done;

        private PausingSubscriber(List<Item> received, int first) {
            this.received = received;
            this.first = first;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(first);
        }

        @Override
        protected void hookOnNext(Item item) {
            received.add(item);
        }

        @Override
        protected void hookFinally(reactor.core.publisher.SignalType type) {
            done = true;
        }

        void resume() {
            request(Long.MAX_VALUE);
        }

        boolean isDone() {
            return done;
        }
    }
}
