package io.axoncommerce.axonserver.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MessageStatisticsTest {

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void percentilesCountsAndRatePerName() {
        MutableClock clock = new MutableClock();
        MessageStatistics statistics = new MessageStatistics(clock);
        // 99 fast answers (1 ms) and one slow failure (500 ms), spread over 10 seconds
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 0) {
                clock.now = clock.now.plusSeconds(1);
            }
            boolean slow = i == 50;
            statistics.record("PlaceOrder", TimeUnit.MILLISECONDS.toNanos(slow ? 500 : 1), !slow);
        }
        statistics.record("CancelOrder", TimeUnit.MILLISECONDS.toNanos(3), true);
        clock.now = clock.now.plusSeconds(1);

        assertThat(statistics.figures()).extracting(MessageStatistics.Figures::name)
                                        .containsExactly("CancelOrder", "PlaceOrder");
        MessageStatistics.Figures place = statistics.figures().get(1);
        assertThat(place.count()).isEqualTo(100);
        assertThat(place.errors()).isEqualTo(1);
        assertThat(place.p50Millis()).isCloseTo(1.0, within(0.02));
        assertThat(place.p99Millis()).isCloseTo(1.0, within(0.02));
        assertThat(place.maxMillis()).isCloseTo(500.0, within(5.0));
        // 100 in the last minute
        assertThat(place.perSecondLastMinute()).isCloseTo(100 / 59.0, within(0.001));

        clock.now = clock.now.plusSeconds(120);
        assertThat(statistics.figures().get(1).perSecondLastMinute()).isZero();
        assertThat(statistics.figures().get(1).count()).isEqualTo(100);
    }

    @Test
    void rateWindowCountsOnlyCompleteSecondsInTheWindow() {
        RateWindow window = new RateWindow();
        window.add(1000, 5);
        window.add(1001, 7);
        window.add(1002, 100);
        assertThat(window.perSecond(1002, 2)).isEqualTo(6.0);
        assertThat(window.perSecond(1003, 1)).isEqualTo(100.0);
        // second 1060 reuses the bucket of second 1000 and forgets its count; 1001 has left the window
        window.add(1060, 1);
        assertThat(window.perSecond(1061, 1)).isEqualTo(1.0);
        assertThat(window.perSecond(1061, 59)).isEqualTo((100 + 1) / 59.0);
    }
}
