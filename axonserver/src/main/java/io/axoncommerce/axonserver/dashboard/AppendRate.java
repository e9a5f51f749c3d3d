package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.metrics.RateWindow;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Events appended per second, fed by the storage's commit listener (cheap: one add per group commit). */
final class AppendRate implements AutoCloseable {

    static final int WINDOW_SECONDS = 5;

    private final Clock clock;
    private final RateWindow window = new RateWindow();
    private final AtomicLong lastToken;
    private final AutoCloseable registration;

    AppendRate(EventStorage storage, Clock clock) {
        this.clock = clock;
        this.lastToken = new AtomicLong(storage.lastToken());
        this.registration = storage.onCommit(this::committed);
    }

    private void committed(long newLastToken) {
        long previous = lastToken.getAndAccumulate(newLastToken, Math::max);
        if (newLastToken > previous) {
            window.add(clock.instant().getEpochSecond(), newLastToken - previous);
        }
    }

    /** Average over the last few complete seconds. */
    double perSecond() {
        return window.perSecond(clock.instant().getEpochSecond(), WINDOW_SECONDS);
    }

    @Override
    public void close() throws Exception {
        registration.close();
    }
}
