package io.axoncommerce.query.metrics;

import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoncommerce.support.deadletter.DeadLetterAdmin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@value #DEAD_LETTERS}{processingGroup}: the events parked in each projection's dead-letter queue. The queues are in
 * MongoDB, so like {@link ReadModelGauges} the sizes are read in the background and a scrape serves the last reading.
 */
public final class DeadLetterGauges {

    static final String DEAD_LETTERS = "axoncommerce.deadletters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGauges.class);

    private final DeadLetterAdmin deadLetters;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    public DeadLetterGauges(DeadLetterAdmin deadLetters, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        for (String group : ProcessingGroups.ALL) {
            AtomicLong size = sizes.computeIfAbsent(group, g -> new AtomicLong());
            Gauge.builder(DEAD_LETTERS, size, AtomicLong::get).tag("processingGroup", group)
                    .description("Events parked in the projection's dead-letter queue").register(registry);
        }
    }

    @Scheduled(fixedDelayString = "${query-side.metrics.refresh-interval:15s}")
    void refresh() {
        sizes.forEach((group, size) -> {
            try {
                size.set(deadLetters.size(group));
            } catch (RuntimeException e) {
                // MongoDB down or busy: keep the last reading, try again next round
                log.warn("Dead-letter gauge of {} not refreshed: {}", group, e.toString());
            }
        });
    }
}
