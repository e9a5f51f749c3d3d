package io.axoncommerce.embedded.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.axoncommerce.embedded.support.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaIT {

    private static final String TOPIC = "orders";

    @Test
    void producesAndConsumesAndKeepsRecordsAcrossARestart(@TempDir Path dataDirectory) throws Exception {
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String orderId = "order-" + (i % 6);
            sent.add(new ProducerRecord<>(TOPIC, orderId, orderId + ":event-" + i));
        }
        String clusterId;
        int port;
        String rssBefore = io.axoncommerce.embedded.support.ProcessMemory.rss(ProcessHandle.current().pid());
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(dataDirectory).start()) {
            System.out.printf("Kafka started in %d ms; this JVM's RSS %s before, %s after%n", kafka.startupTime().toMillis(),
                    rssBefore, io.axoncommerce.embedded.support.ProcessMemory.rss(ProcessHandle.current().pid()));
            clusterId = kafka.clusterId();
            port = kafka.port();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
                assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()).hasSize(3);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                for (ProducerRecord<String, String> record : sent) {
                    producer.send(record).get();
                }
            }
            List<ConsumerRecord<String, String>> received = consumeAll(kafka.bootstrapServers(), sent.size());
            assertThat(received).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(ProducerRecord::value).toList());
            assertThat(received.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                    .isSubsetOf(Set.of(0, 1, 2)).hasSizeGreaterThan(1);
            assertOrderedPerKey(received, sent);
        }

        // same data directory and same port, as a launcher restart does
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(dataDirectory).port(port).start()) {
            System.out.printf("Kafka restarted in %d ms%n", kafka.startupTime().toMillis());
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> received = consumeAll(kafka.bootstrapServers(), sent.size());
            assertThat(received).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(ProducerRecord::value).toList());
        }
    }

    @Test
    void aChosenPortInUseIsReportedWithThePortAndTheProperty() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(port).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining(String.valueOf(port))
                    .hasMessageContaining(EmbeddedKafka.DEFAULT_PORT_PROPERTY);
        }
    }

    /** Records of one key land in one partition, in the order they were sent. */
    private static void assertOrderedPerKey(List<ConsumerRecord<String, String>> received,
                                            List<ProducerRecord<String, String>> sent) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        sent.forEach(r -> expected.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        received.forEach(r -> actual.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        assertThat(actual).isEqualTo(expected);
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrapServers, int expected)
            throws ExecutionException, InterruptedException {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
