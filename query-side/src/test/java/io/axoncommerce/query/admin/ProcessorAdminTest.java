package io.axoncommerce.query.admin;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a replaying segment counts as caught up (Axon's own flag stays on until a newer event arrives). */
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
}
