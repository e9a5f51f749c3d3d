package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.dashboard.ApplicationAdminApi.RetryResult;
import io.axoncommerce.axonserver.dashboard.ApplicationAdminApi.Sequence;
import io.axoncommerce.axonserver.dashboard.ApplicationAdminApi.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the platform protocol does not carry about a processor, from the admin API of the application that runs it
 * ({@link ApplicationAdminApi}): the exact progress and ETA of a replay, and the dead letters with their retry and
 * eviction. The application is named by the component it reports ({@code component}, as {@code GET /v1/processors}
 * shows it); only a processor a connected application of that component reports can be asked about, so the
 * dashboard relays nothing else to the applications with its credentials.
 */
@RestController
class ProcessorAdminController {

    /** Message ids are UUIDs in Axon; anything printable that is no path step ({@code .}, {@code ..}) is passed on. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\p{Graph}&&[^/\\\\]]{1,200}");

    private final EmbeddedAxonServer server;
    private final ApplicationAdminApi adminApi;

    ProcessorAdminController(EmbeddedAxonServer server, ApplicationAdminApi adminApi) {
        this.server = server;
        this.adminApi = adminApi;
    }

    /**
     * A replay as the application measures it: {@code progressPercent} of the events from {@code fromPosition} to
     * {@code toPosition} (the head when the replay started) while {@code replaying}, else of the way to the head;
     * {@code etaSeconds} extrapolates the replay's rate (null until it has done some events, or when the replay was
     * not started through the application's admin API and its range is unknown).
     */
    record ReplayView(String processor, String component, boolean replaying, double progressPercent,
                      Long etaSeconds, Long fromPosition, Long toPosition, Instant startedAt, Instant from) {
    }

    record DeadLettersView(String processor, String component, long letters, List<Sequence> sequences) {
    }

    @GetMapping("/v1/processors/{processor}/replay")
    ReplayView replay(@PathVariable String processor, @RequestParam String component) {
        requireReported(component, processor);
        Status status = adminApi.status(component, processor);
        var replay = status.replay();
        return new ReplayView(processor, component, status.replaying(), status.progress(),
                              replay == null ? null : replay.etaSeconds(),
                              replay == null ? null : replay.fromPosition(),
                              replay == null ? null : replay.toPosition(),
                              replay == null ? null : replay.startedAt(), replay == null ? null : replay.from());
    }

    @GetMapping("/v1/processors/{processor}/dead-letters")
    DeadLettersView deadLetters(@PathVariable String processor, @RequestParam String component) {
        requireReported(component, processor);
        List<Sequence> sequences = adminApi.deadLetters(component, processor);
        long letters = sequences.stream().mapToLong(s -> s.letters() == null ? 0 : s.letters().size()).sum();
        return new DeadLettersView(processor, component, letters, sequences);
    }

    /** Retries every parked sequence once; what fails again stays parked with one attempt more. */
    @PostMapping("/v1/processors/{processor}/dead-letters/retry")
    RetryResult retryAll(@PathVariable String processor, @RequestParam String component) {
        requireReported(component, processor);
        return adminApi.retryAll(component, processor);
    }

    /** Retries the sequence whose first letter is the event {@code messageId}. */
    @PostMapping("/v1/processors/{processor}/dead-letters/{messageId}/retry")
    RetryResult retry(@PathVariable String processor, @PathVariable String messageId,
                      @RequestParam String component) {
        requireReported(component, processor);
        return adminApi.retry(component, processor, requireMessageId(messageId));
    }

    /** Drops the letter of the event {@code messageId} without handling it. */
    @DeleteMapping("/v1/processors/{processor}/dead-letters/{messageId}")
    ResponseEntity<Void> evict(@PathVariable String processor, @PathVariable String messageId,
                               @RequestParam String component) {
        requireReported(component, processor);
        adminApi.evict(component, processor, requireMessageId(messageId));
        return ResponseEntity.noContent().build();
    }

    private void requireReported(String component, String processor) {
        boolean reported = server.platform().clients().stream()
                .anyMatch(c -> c.componentName().equals(component) && c.processors().containsKey(processor));
        if (!reported) {
            throw ApiException.notFound("No connected application of component '" + component
                                                + "' reports a processor '" + processor + "'");
        }
    }

    private static String requireMessageId(String messageId) {
        if (!MESSAGE_ID.matcher(messageId).matches() || messageId.equals(".") || messageId.equals("..")) {
            throw ApiException.badRequest("messageId must be 1 to 200 printable characters without slashes, and "
                                                  + "no path step");
        }
        return messageId;
    }
}
