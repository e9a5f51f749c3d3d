package io.axoncommerce.bridge.publishing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.axoncommerce.bridge.deadletter.PoisonEventPolicy;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The bridge's only event handler: every event, of every type, becomes one Kafka record. Sends are asynchronous so
 * a batch travels to the broker pipelined; {@link #awaitAcknowledgements} then blocks until the broker acknowledged
 * all of them, before the processor may store its token (see {@link AcknowledgementBarrier}).
 * <p>
 * A record the producer refuses outright (too large, not serializable) fails its event here, and the processor's
 * dead-letter queue parks it ({@link PoisonEventPolicy}). One the broker refuses for good is only known once the batch
 * is awaited: the batch fails, is retried from the token, and this time the event fails here and is parked. Its
 * aggregate's later events of that same batch were already published once by then (consumers see them before it).
 */
@Component
@ProcessingGroup(KafkaPublisher.PROCESSING_GROUP)
public class KafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-bridge";
    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final String PENDING = KafkaPublisher.class.getName() + ".pending";
    private static final String SENT = KafkaPublisher.class.getName() + ".sent";

    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final CloudEventRecords records;
    private final KafkaBridgeProperties properties;
    /** Events the broker refused for good in a failed batch, by event id, with the refusal: parked on the retry. */
    private final Map<String, RuntimeException> refused = new ConcurrentHashMap<>();
    private volatile boolean topicsReady;

    public KafkaPublisher(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, CloudEventRecords records,
                          KafkaBridgeProperties properties) {
        this.kafka = kafka;
        this.admin = admin;
        this.records = records;
        this.properties = properties;
    }

    @EventHandler
    public void publish(EventMessage<?> event, UnitOfWork<?> unitOfWork) throws Exception {
        RuntimeException refusal = refused.remove(event.getIdentifier());
        if (refusal != null) {
            throw refusal;
        }
        ensureTopics();
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(records.toRecord(event));
            if (sent.isCompletedExceptionally()) {
                sent.join();
            }
        } catch (RuntimeException e) {
            topicsReady = false;
            throw refusalIn(e);
        }
        unitOfWork.<List<Sent>>getOrComputeResource(PENDING, key -> new ArrayList<>())
                .add(new Sent(event.getIdentifier(), sent));
        unitOfWork.<Set<String>>getOrComputeResource(SENT, key -> new HashSet<>()).add(event.getIdentifier());
        if (!(unitOfWork instanceof BatchingUnitOfWork<?>)) {
            // a dead letter's retry: no batch barrier waits for it, and it must not leave the queue unacknowledged
            try {
                awaitAcknowledgements(unitOfWork);
            } catch (ExecutionException e) {
                throw refusalIn(e);
            }
        }
    }

    /** The refusal itself, unwrapped, if the failure is one: that is what the dead letter shows. */
    private static Exception refusalIn(Exception failure) {
        RuntimeException poison = PoisonEventPolicy.poisonIn(failure);
        return poison != null ? poison : failure;
    }

    /** Whether the event went to Kafka in this unit of work (not parked as a dead letter). */
    public static boolean sentIn(UnitOfWork<?> unitOfWork, EventMessage<?> event) {
        Set<String> sent = unitOfWork.getResource(SENT);
        return sent != null && sent.contains(event.getIdentifier());
    }

    /** Blocks until every record sent in this unit of work is acknowledged; throws if any was not. */
    void awaitAcknowledgements(UnitOfWork<?> unitOfWork) throws ExecutionException, InterruptedException, TimeoutException {
        List<Sent> pending = unitOfWork.getResource(PENDING);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(pending.stream().map(Sent::future).toArray(CompletableFuture[]::new))
                    .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (unitOfWork instanceof BatchingUnitOfWork<?>) {
                // a dead letter's retry needs no reminder: the failure reaches its queue directly
                rememberRefusals(pending);
            }
            // A failed send may also mean a deleted topic: check the topics again before the retry.
            topicsReady = false;
            log.warn("Kafka did not acknowledge a batch of {} records; the batch will be retried: {}",
                    pending.size(), e.toString());
            throw e;
        } finally {
            pending.clear();
        }
    }

    private void rememberRefusals(List<Sent> pending) {
        for (Sent sent : pending) {
            try {
                sent.future().getNow(null);
            } catch (CompletionException failure) {
                RuntimeException poison = PoisonEventPolicy.poisonIn(failure);
                if (poison != null) {
                    log.warn("Kafka refused event {}; it will be parked when the batch is retried: {}",
                            sent.eventId(), poison.toString());
                    refused.put(sent.eventId(), poison);
                }
            }
        }
    }

    private record Sent(String eventId, CompletableFuture<?> future) {
    }

    /**
     * Creates missing topics with the configured partition count before the first record goes out. Boot's
     * KafkaAdmin tries this at start-up only, and only logs when the broker is down then; without this check the
     * broker would auto-create the topics with its own defaults.
     */
    private void ensureTopics() {
        if (!topicsReady) {
            if (!admin.initialize()) {
                throw new IllegalStateException("cannot create or check the topics " + properties.allTopics());
            }
            topicsReady = true;
        }
    }
}
