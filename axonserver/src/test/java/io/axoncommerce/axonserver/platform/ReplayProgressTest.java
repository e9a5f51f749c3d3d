package io.axoncommerce.axonserver.platform;

import io.axoncommerce.axonserver.platform.PlatformService.Replay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayProgressTest {

    @Test
    void progressRunsFromTheReplayStartToThePositionBeforeTheReplay() {
        Replay replay = new Replay(0, 200);
        assertThat(replay.progressPercent(0)).hasValue(0.0);
        assertThat(replay.progressPercent(50)).hasValue(25.0);
        assertThat(replay.progressPercent(200)).hasValue(100.0);
        assertThat(replay.progressPercent(250)).hasValue(100.0);
    }

    @Test
    void unknownEndMeansUnknownProgress() {
        assertThat(new Replay(10, -1).progressPercent(20)).isEmpty();
        assertThat(new Replay(10, 10).progressPercent(10)).isEmpty();
    }
}
