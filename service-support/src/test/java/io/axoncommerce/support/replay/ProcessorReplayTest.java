package io.axoncommerce.support.replay;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ProcessorReplayTest {

    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);

    @Test
    @SuppressWarnings("unchecked")
    void stopsThenWorksOutTheResetThenResetsAndStarts() {
        when(processor.shutdownAsync()).thenReturn(CompletableFuture.completedFuture(null));
        TrackingToken start = mock(TrackingToken.class);
        Runnable resetWorkedOut = mock(Runnable.class);

        ProcessorReplay.restart(processor, () -> {
            resetWorkedOut.run();
            return ProcessorReplay.Reset.to(start, "context");
        });

        InOrder order = inOrder(processor, resetWorkedOut);
        order.verify(processor).shutdownAsync();
        order.verify(resetWorkedOut).run();
        ArgumentCaptor<Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken>> to =
                ArgumentCaptor.forClass(Function.class);
        order.verify(processor).resetTokens(to.capture(), eq("context"));
        order.verify(processor).start();
        assertThat(to.getValue().apply(null)).isSameAs(start);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProcessorThatDoesNotStopIsNeitherResetNorStarted() {
        when(processor.getName()).thenReturn("projection");
        when(processor.shutdownAsync()).thenReturn(CompletableFuture.failedFuture(new IllegalStateException("stuck")));

        assertThatThrownBy(() -> ProcessorReplay.restart(processor, () -> ProcessorReplay.Reset.to(null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Processor projection did not stop");
        verify(processor, never()).resetTokens(any(Function.class), any());
        verify(processor, never()).start();
    }
}
