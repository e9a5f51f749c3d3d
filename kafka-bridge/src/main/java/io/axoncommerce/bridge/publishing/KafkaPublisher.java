package io.axoncommerce.bridge.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
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
 */
@Component
@ProcessingGroup(KafkaPublisher.PROCESSING_GROUP)
public class KafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-bridge";
    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final String PENDING = KafkaPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final CloudEventRecords records;
    private final KafkaBridgeProperties properties;
    private volatile boolean topicsReady;

    public KafkaPublisher(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, CloudEventRecords records,
                          KafkaBridgeProperties properties) {
        this.kafka = kafka;
        this.admin = admin;
        this.records = records;
        this.properties = properties;
    }

    @EventHandler
    public void publish(EventMessage<?> event, UnitOfWork<?> unitOfWork) {
        ensureTopics();
        CompletableFuture<?> sent = kafka.send(records.toRecord(event));
        unitOfWork.<List<CompletableFuture<?>>>getOrComputeResource(PENDING, key -> new ArrayList<>()).add(sent);
    }

    /** Blocks until every record sent in this unit of work is acknowledged; throws if any was not. */
    void awaitAcknowledgements(UnitOfWork<?> unitOfWork) throws ExecutionException, InterruptedException, TimeoutException {
        List<CompletableFuture<?>> pending = unitOfWork.getResource(PENDING);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A failed send may also mean a deleted topic: check the topics again before the retry.
            topicsReady = false;
            log.warn("Kafka did not acknowledge a batch of {} records; the batch will be retried: {}",
                    pending.size(), e.toString());
            throw e;
        } finally {
            pending.clear();
        }
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
