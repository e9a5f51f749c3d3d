package io.axoncommerce.benchmarks.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One Kafka consumer on every topic the bridge writes, from their current end. It serves two measurements:
 * <ul>
 *   <li>issue 5: consume time − the record's CloudEvents {@code ce_time} (the Axon event's timestamp), every record;</li>
 *   <li>issue 6: the final event of each order (key = order id). Detecting confirmations here costs the system
 *       nothing extra (the bridge publishes every event anyway) and is one connection for any rate, whereas an SSE
 *       stream per order is a subscription query in the query side and a held thread in the gateway per order, and
 *       polling the read model is a query per order per poll; both would load the system we measure. The
 *       place→confirmed latency uses the event's own timestamp, so the bridge's delay does not inflate it (the
 *       latency until the record is consumed is reported next to it).</li>
 * </ul>
 * Timestamps are compared across processes: fine on one machine (one clock); with {@code --base-url} on another
 * host, the clocks must agree.
 */
final class EventFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "axon-commerce.";

    private final KafkaConsumer<String, byte[]> consumer;
    private final OrderBook orders;
    private final Supplier<Phase> current;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    EventFeed(String bootstrapServers, OrderBook orders, Supplier<Phase> current) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-load-benchmark-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.orders = orders;
        this.current = current;
        // assigned, not subscribed: no group rebalance delays the start; the bridge creates its topics at start-up
        List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30)).entrySet().stream()
                .filter(e -> e.getKey().startsWith(PREFIX))
                .flatMap(e -> e.getValue().stream().map(p -> new TopicPartition(p.topic(), p.partition())))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("No " + PREFIX + "* topics on " + bootstrapServers + ": is the kafka-bridge running?");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before any order is placed
        System.out.printf("Kafka: consuming %d partitions of %s%n", partitions.size(),
                partitions.stream().map(TopicPartition::topic).distinct().sorted().toList());
        this.thread = Thread.ofPlatform().name("benchmark-kafka-feed").daemon().start(this::run);
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                Instant consumedAt = Instant.now();
                Phase phase = current.get();
                for (ConsumerRecord<String, byte[]> record : records) {
                    String time = header(record, "ce_time");
                    if (time == null) {
                        continue;
                    }
                    Instant eventTime = Instant.parse(time);
                    if (phase != null && phase.measured && phase.inWindow(consumedAt)) {
                        Phase.record(phase.kafkaLatency, eventTime, consumedAt);
                    }
                    String type = header(record, "ce_type");
                    Instant start = phase == null ? null : phase.windowStart;
                    if (start != null && type != null && !eventTime.isBefore(start)) {
                        phase.eventTypes.computeIfAbsent(type.substring(type.lastIndexOf('.') + 1),
                                t -> new java.util.concurrent.atomic.LongAdder()).increment();
                    }
                    if (type == null || record.key() == null) {
                        continue;
                    }
                    if (type.endsWith(".OrderConfirmedEvent")) {
                        if (phase != null && phase.inWindow(eventTime)) {
                            phase.confirmedInWindow.increment();
                        }
                        orders.finished(record.key(), "CONFIRMED", eventTime, consumedAt);
                    } else if (type.endsWith(".OrderCancelledEvent")) {
                        String reason = JSON.readTree(record.value()).path("reason").asText("?");
                        orders.finished(record.key(), "CANCELLED " + reason, eventTime, consumedAt);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            failure = e.toString();
            System.err.println("Kafka feed failed: " + e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    String failure() {
        return failure;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
