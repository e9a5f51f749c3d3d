package io.axoncommerce.axonserver.dashboard;

import com.google.protobuf.ByteString;
import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.eventstore.storage.RocksDbEventStorage;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded newest-first search on the real storage. */
class EventSearchTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;
    EventStorage storage;

    @BeforeEach
    void open() {
        storage = RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
        // 1,000 events, one second apart; every 100th mentions "needle"; aggregate "agg-<i % 10>"
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String payload = "{\"n\":" + i + (i % 100 == 0 ? ",\"note\":\"Needle\"" : "") + "}";
            events.add(Event.newBuilder()
                            .setMessageIdentifier("m" + i)
                            .setAggregateIdentifier("agg-" + (i % 10))
                            .setAggregateType(i % 2 == 0 ? "Even" : "Odd")
                            .setAggregateSequenceNumber(i / 10)
                            .setTimestamp(T0.plusSeconds(i).toEpochMilli())
                            .setPayload(SerializedObject.newBuilder().setType("com.example.Thing$Happened")
                                                        .setData(ByteString.copyFrom(payload,
                                                                                     StandardCharsets.UTF_8)))
                            .build());
        }
        storage.appendEvents(events).join();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static EventSearch.Criteria criteria(String text, Long before, int size) {
        return new EventSearch.Criteria(null, null, null, text, null, null, before, null, size);
    }

    @Test
    void pagesNewestFirstWithoutGapsOrOverlap() {
        EventSearch search = new EventSearch(storage, 100_000, Duration.ofSeconds(5), 10_000);
        List<Long> tokens = new ArrayList<>();
        Long before = null;
        do {
            EventSearch.Page page = search.search(criteria(null, before, 70));
            page.events().forEach(e -> tokens.add(e.token()));
            before = page.nextBefore();
        } while (before != null);
        assertThat(tokens).containsExactlyElementsOf(IntStream.range(0, 1000).map(i -> 999 - i)
                                                              .mapToObj(i -> (long) i).toList());
    }

    @Test
    void filtersCombineAndTextIgnoresCase() {
        EventSearch search = new EventSearch(storage, 100_000, Duration.ofSeconds(5), 10_000);
        EventSearch.Page page = search.search(new EventSearch.Criteria(null, "Even", "Happened", "needle",
                                                                       T0.plusSeconds(200), T0.plusSeconds(600),
                                                                       null, null, 50));
        assertThat(page.events()).extracting(EventView::token).containsExactly(500L, 400L, 300L, 200L);
        // the time index bounds the scan to tokens 200..599, and there is nothing older to page to
        assertThat(page.scanned()).isEqualTo(400);
        assertThat(page.nextBefore()).isNull();

        EventSearch.Page byAggregate = search.search(new EventSearch.Criteria("agg-3", null, null, null, null,
                                                                              null, null, null, 3));
        assertThat(byAggregate.events()).extracting(EventView::sequence).containsExactly(99L, 98L, 97L);
        assertThat(byAggregate.events()).extracting(EventView::token).containsExactly(993L, 983L, 973L);
        assertThat(search.search(new EventSearch.Criteria("agg-3", null, null, null, null, null,
                                                          byAggregate.nextBefore(), null, 1))
                         .events()).extracting(EventView::sequence).containsExactly(96L);
    }

    @Test
    void aScanStopsAtItsLimitAndHandsBackACursor() {
        EventSearch search = new EventSearch(storage, 250, Duration.ofSeconds(5), 10_000);
        EventSearch.Page first = search.search(criteria("needle", null, 20));
        assertThat(first.budgetExhausted()).isTrue();
        assertThat(first.scanned()).isEqualTo(250);
        assertThat(first.events()).extracting(EventView::token).containsExactly(900L, 800L);
        EventSearch.Page second = search.search(criteria("needle", first.nextBefore(), 20));
        assertThat(second.events()).extracting(EventView::token).containsExactly(700L, 600L, 500L);
    }

    @Test
    void aScanStopsAtItsTimeBudget() {
        EventSearch search = new EventSearch(storage, 100_000, Duration.ZERO, 10_000);
        EventSearch.Page page = search.search(criteria("nothing matches this", null, 20));
        assertThat(page.budgetExhausted()).isTrue();
        assertThat(page.scanned()).isLessThan(1000);
        assertThat(page.nextBefore()).isNotNull();
    }
}
