package io.axoncommerce.query.admin;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a replaying segment counts as caught up (Axon's own flag stays on until a newer event arrives), and how far a
 * replay has come.
 */
class ProcessorAdminTest {

    private static final GlobalSequenceTrackingToken HEAD_AT_RESET = new GlobalSequenceTrackingToken(100);

    private static TrackerStatus segmentAt(TrackingToken token) {
        return new TrackerStatus(Segment.ROOT_SEGMENT, token);
    }

    /** The token a replaying segment has after processing the event at {@code position}. */
    private static TrackingToken replayingAt(long position) {
        return ((ReplayToken) ReplayToken.createReplayToken(HEAD_AT_RESET))
                .advancedTo(new GlobalSequenceTrackingToken(position));
    }

    @Test
    void aSegmentBehindTheResetPositionIsStillReplaying() {
        TrackerStatus status = segmentAt(replayingAt(40));
        assertThat(status.isReplaying()).isTrue();
        assertThat(ProcessorAdmin.isBehindReplayEnd(status)).isTrue();
    }

    @Test
    void aSegmentAtTheResetPositionHasCaughtUpThoughAxonStillFlagsItReplaying() {
        TrackerStatus status = segmentAt(replayingAt(100));
        assertThat(status.isReplaying()).isTrue();
        assertThat(ProcessorAdmin.isBehindReplayEnd(status)).isFalse();
    }

    @Test
    void aSegmentThatIsNotReplayingIsNotBehind() {
        assertThat(ProcessorAdmin.isBehindReplayEnd(segmentAt(new GlobalSequenceTrackingToken(5)))).isFalse();
        assertThat(ProcessorAdmin.isBehindReplayEnd(segmentAt(replayingAt(101)))).isFalse();
    }

    @Test
    void progressRunsOverTheReplayedRangeOnly() {
        // a replay from a point in time: events 1001..2000 are replayed
        ReplayRequest request = new ReplayRequest(Instant.parse("2026-01-01T00:00:00Z"), 1000, 2000, Instant.now());
        assertThat(ProcessorAdmin.replayPercent(request, null)).isZero();
        assertThat(ProcessorAdmin.replayPercent(request, 1000L)).isZero();
        assertThat(ProcessorAdmin.replayPercent(request, 1250L)).isEqualTo(25.0);
        assertThat(ProcessorAdmin.replayPercent(request, 2000L)).isEqualTo(100.0);
        assertThat(ProcessorAdmin.replayPercent(request, 2500L)).isEqualTo(100.0);
    }

    @Test
    void aFullReplayStartsBeforeTheFirstEventAndAnEmptyRangeIsDone() {
        ReplayRequest full = new ReplayRequest(null, -1, 99, Instant.now());
        assertThat(ProcessorAdmin.replayPercent(full, -1L)).isZero();
        assertThat(ProcessorAdmin.replayPercent(full, 49L)).isEqualTo(50.0);
        assertThat(ProcessorAdmin.replayPercent(new ReplayRequest(null, 10, 10, Instant.now()), null)).isEqualTo(100.0);
    }
}
