package io.axoncommerce.query.admin;

import io.axoncommerce.query.web.InvalidParameterException;
import io.axoncommerce.query.web.NotFoundException;
import io.axoncommerce.support.deadletter.DeadLetterAdmin;
import io.axoncommerce.support.deadletter.DeadLetterView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Event processor status, replay, and dead letters. */
@RestController
@RequestMapping(path = "/api/admin/processors", produces = MediaType.APPLICATION_JSON_VALUE)
public class ProcessorAdminController {

    private final ProcessorAdmin admin;
    private final DeadLetterAdmin deadLetters;

    public ProcessorAdminController(ProcessorAdmin admin, DeadLetterAdmin deadLetters) {
        this.admin = admin;
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public List<ProcessorStatus> processors() {
        return admin.all();
    }

    @GetMapping("/{name}")
    public ProcessorStatus processor(@PathVariable String name) {
        return admin.find(name).orElseThrow(() -> unknown(name));
    }

    /**
     * Replays the processor: from the start of the event store (rebuilding its read model), or with {@code from}
     * (ISO-8601 instant) re-applying the events from then on. Answers 202: the replay runs in the background; follow
     * it with {@code GET /api/admin/processors/{name}}.
     */
    @PostMapping("/{name}/replay")
    public ResponseEntity<ProcessorStatus> replay(@PathVariable String name,
                                                  @RequestParam(required = false) String from) {
        Instant start = null;
        if (from != null && !from.isBlank()) {
            try {
                start = Instant.parse(from.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidParameterException("from", "from must be an ISO-8601 instant such as "
                        + "2026-01-31T12:00:00Z but was '" + from + "'");
            }
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(admin.replay(name, start).orElseThrow(() -> unknown(name)));
    }

    /** The processor's parked sequences with their letters (event, error, attempts), oldest sequence first. */
    @GetMapping("/{name}/dead-letters")
    public List<DeadLetterView.Sequence> deadLetters(@PathVariable String name) {
        return deadLetters.list(name, true).orElseThrow(() -> noDeadLetterQueue(name));
    }

    /** Retries every parked sequence once; what still fails stays parked with one attempt more. */
    @PostMapping("/{name}/dead-letters/retry")
    public DeadLetterView.RetryResult retryAll(@PathVariable String name) {
        return deadLetters.retryAll(name).orElseThrow(() -> noDeadLetterQueue(name));
    }

    /** Retries the sequence whose first letter is the event {@code messageId}. */
    @PostMapping("/{name}/dead-letters/{messageId}/retry")
    public DeadLetterView.RetryResult retry(@PathVariable String name, @PathVariable String messageId) {
        return deadLetters.retry(name, messageId).orElseThrow(() -> new NotFoundException(
                "No dead-letter sequence of " + name + " starts with event " + messageId));
    }

    /** Drops the letter of the event {@code messageId} without handling it. */
    @DeleteMapping("/{name}/dead-letters/{messageId}")
    public ResponseEntity<Void> evict(@PathVariable String name, @PathVariable String messageId) {
        if (!deadLetters.evict(name, messageId)) {
            throw new NotFoundException("No dead letter of " + name + " for event " + messageId);
        }
        return ResponseEntity.noContent().build();
    }

    private static NotFoundException noDeadLetterQueue(String name) {
        return new NotFoundException("No event processor with a dead-letter queue named " + name);
    }

    private static NotFoundException unknown(String name) {
        return new NotFoundException("No event processor named " + name);
    }
}
