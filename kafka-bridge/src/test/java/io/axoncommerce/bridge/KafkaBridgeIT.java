package io.axoncommerce.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStep;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.axoncommerce.embedded.kafka.EmbeddedKafka;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.axoncommerce.security.LocalSigningKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge as it runs: its Spring Boot application reading from our Axon Server (the {@code axonserver} module),
 * its token in the embedded MongoDB, publishing to a real Kafka broker that the test stops and restarts.
 */
class KafkaBridgeIT {

    private static final ObjectMapper json = new ObjectMapper();
    private static final Money PRICE = Money.of("10.00", "EUR");

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer axonServer;
    static EmbeddedKafka kafka;
    static int kafkaPort;
    static ConfigurableApplicationContext app;
    static EventStore eventStore;

    @BeforeAll
    static void start() {
        axonServer = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir.resolve("axon")).build().start();
        kafka = startKafka(0);
        kafkaPort = kafka.port();
        app = new SpringApplicationBuilder(KafkaBridgeApplication.class).run(
                "--server.port=0",
                "--axon.axonserver.servers=localhost:" + axonServer.grpcPort(),
                "--axon.axonserver.client-id=kafka-bridge-it",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                // Short producer timeouts so that an outage really fails batches (and they are retried) in this test.
                "--spring.kafka.producer.properties.delivery.timeout.ms=4000",
                "--spring.kafka.producer.properties.request.timeout.ms=2000",
                "--spring.kafka.producer.properties.max.block.ms=2000",
                "--kafka-bridge.ack-timeout=10s",
                // a record above 64 KiB is refused by the producer itself (aPoisonEvent... tests)
                "--spring.kafka.producer.properties.max.request.size=65536",
                // tokens signed with the documented local key (api-security's LocalSigningKey)
                "--spring.profiles.active=local");
        eventStore = app.getBean(EventStore.class);
    }

    private static HttpResponse<String> replay(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + ((WebServerApplicationContext) app).getWebServer().getPort() + "/api/kafka-bridge/replay"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String subject, String... roles) {
        return LocalSigningKey.of(LocalSigningKey.DEFAULT).mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    private static EmbeddedKafka startKafka(int port) {
        return EmbeddedKafka.builder().port(port).dataDirectory(dataDir.resolve("kafka")).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
    }

    @Test
    void publishesEveryEventToItsAggregatesTopicKeyedByAggregateIdAsACloudEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String order1 = "order-" + run + "-1";
        String order2 = "order-" + run + "-2";
        String product = "product-" + run;
        List<EventMessage<?>> events = List.of(
                domain("Order", order1, 0, new OrderPlacedEvent(order1, "customer-" + run,
                        List.of(new OrderLine(product, 2, PRICE)), Money.of("20.00", "EUR"), "tok_visa")),
                domain("Product", product, 0, new ProductCreatedEvent(product, "Mug", "A mug", "kitchen", PRICE)),
                domain("Order", order2, 0, new OrderPlacedEvent(order2, "customer-" + run,
                        List.of(new OrderLine(product, 1, PRICE)), PRICE, "tok_visa")),
                domain("Order", order1, 1, new OrderStockReservedEvent(order1)),
                domain("Inventory", "inventory-" + product, 0, new StockAddedEvent(product, 5, 5)),
                domain("Order", order2, 1, new OrderCancelledEvent(order2, CancellationReason.OUT_OF_STOCK)),
                domain("Payment", "payment-" + order1, 0,
                        new PaymentSucceededEvent("payment-" + order1, order1, Money.of("20.00", "EUR"), "ch_1")),
                domain("Order", order1, 2, new OrderConfirmedEvent(order1)),
                domain("Product", product, 1, new ProductPriceChangedEvent(product, PRICE, Money.of("12.00", "EUR"))),
                GenericEventMessage.asEventMessage(new OrderDeadlineExpiredEvent(order1, OrderStep.PAYMENT)));
        eventStore.publish(events.stream()
                .map(e -> e.andMetaData(MetaData.with("correlationId", "corr-" + run).and("traceId", "cause-" + run)))
                .toList());
        Set<String> ids = new LinkedHashSet<>(events.stream().map(EventMessage::getIdentifier).toList());

        List<ConsumerRecord<String, byte[]>> records = readUntil(
                List.of("axon-commerce.orders", "axon-commerce.products", "axon-commerce.inventory",
                        "axon-commerce.payments", "axon-commerce.other-events"),
                received -> received.stream().map(r -> header(r, "ce_id")).toList().containsAll(ids));
        List<ConsumerRecord<String, byte[]>> ours = records.stream().filter(r -> ids.contains(header(r, "ce_id"))).toList();
        assertThat(ours).as("each event exactly once (no failure happened)").hasSize(ids.size());

        Map<String, List<Long>> sequencesByKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : ours) {
            String type = header(record, "ce_type");
            String expectedTopic = type.endsWith("OrderDeadlineExpiredEvent") ? "axon-commerce.other-events"
                    : type.contains(".order.") ? "axon-commerce.orders"
                    : type.contains(".product.") ? "axon-commerce.products"
                    : type.contains(".inventory.") ? "axon-commerce.inventory" : "axon-commerce.payments";
            assertThat(record.topic()).as(type).isEqualTo(expectedTopic);
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_source")).isEqualTo("/axon-commerce/event-store");
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            assertThat(Instant.parse(header(record, "ce_time"))).isBefore(Instant.now());
            assertThat(header(record, "ce_datarevision")).as(type).isEqualTo(revisionOf(type));
            assertThat(header(record, "axon-correlation-id")).isEqualTo("corr-" + run);
            assertThat(header(record, "axon-causation-id")).isEqualTo("cause-" + run);
            if (record.topic().equals("axon-commerce.other-events")) {
                assertThat(record.key()).isNull();
                assertThat(header(record, "ce_subject")).isNull();
            } else {
                assertThat(header(record, "ce_subject")).isEqualTo(record.key());
                sequencesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(Long.parseLong(header(record, "ce_aggregatesequence")));
            }
        }
        assertThat(sequencesByKey).as("per aggregate, in order").containsExactlyInAnyOrderEntriesOf(Map.of(
                order1, List.of(0L, 1L, 2L), order2, List.of(0L, 1L), product, List.of(0L, 1L),
                "inventory-" + product, List.of(0L), "payment-" + order1, List.of(0L)));

        ConsumerRecord<String, byte[]> placed = ours.stream()
                .filter(r -> header(r, "ce_id").equals(events.getFirst().getIdentifier())).findFirst().orElseThrow();
        assertThat(header(placed, "ce_type")).isEqualTo(OrderPlacedEvent.class.getName());
        assertThat(header(placed, "ce_aggregatetype")).isEqualTo("Order");
        JsonNode data = json.readTree(placed.value());
        assertThat(data.get("orderId").asText()).isEqualTo(order1);
        assertThat(data.get("customerId").asText()).isEqualTo("customer-" + run);
        assertThat(data.at("/total/amount").decimalValue()).isEqualByComparingTo("20.00");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("axon-commerce.orders")).allTopicNames().get()
                    .get("axon-commerce.orders").partitions()).as("the configured partition count").hasSize(3);
        }
    }

    @Test
    void aReplayFromAPointInTimePublishesTheEventsAgainWithTheirIds() throws Exception {
        String product = "product-replay-" + UUID.randomUUID().toString().substring(0, 8);
        Instant before = Instant.now().minusMillis(1);
        EventMessage<?> created = domain("Product", product, 0, new ProductCreatedEvent(product, "Cup", "", "kitchen", PRICE));
        eventStore.publish(created);
        readUntil(List.of("axon-commerce.products"), received -> count(received, created.getIdentifier()) == 1);

        String body = "{\"from\": \"" + before + "\"}";
        // only an admin may replay: anonymous 401, other roles 403, and neither re-publishes anything
        assertThat(replay(body, null).statusCode()).isEqualTo(401);
        assertThat(replay(body, token("alice", "customer")).statusCode()).isEqualTo(403);
        assertThat(replay(body, token("clerk", "catalog-admin")).statusCode()).isEqualTo(403);
        HttpResponse<String> response = replay(body, token("ops", "admin"));
        assertThat(response.statusCode()).isEqualTo(202);

        readUntil(List.of("axon-commerce.products"), received -> count(received, created.getIdentifier()) == 2);
    }

    @Test
    void aBrokerOutageMidStreamLosesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int products = 10;
        int rounds = 30;
        publishRounds(run, products, 0, 10);
        readUntil(List.of("axon-commerce.products"), received -> received.stream()
                .anyMatch(r -> header(r, "ce_subject").startsWith("outage-" + run)));

        kafka.close();
        publishRounds(run, products, 10, rounds);
        StreamingEventProcessor processor = app.getBean(EventProcessingConfiguration.class)
                .eventProcessor(KafkaPublisher.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.processingStatus().values().stream()
                .anyMatch(EventTrackerStatus::isErrorState));
        long head = eventStore.createHeadToken().position().orElseThrow();
        assertThat(processor.processingStatus().values()).as("the bridge stopped advancing while Kafka is down")
                .allMatch(status -> status.getCurrentPosition().orElse(-1) < head);

        kafka = startKafka(kafkaPort);

        Set<String> stored = new LinkedHashSet<>();
        try (BlockingStream<TrackedEventMessage<?>> all = eventStore.openStream(null)) {
            long position = -1;
            while (position < head) {
                TrackedEventMessage<?> event = all.nextAvailable();
                position = event.trackingToken().position().orElseThrow();
                if (event instanceof DomainEventMessage<?> domainEvent
                        && domainEvent.getAggregateIdentifier().startsWith("outage-" + run)) {
                    stored.add(event.getIdentifier());
                }
            }
        }
        assertThat(stored).hasSize(products * rounds);

        List<ConsumerRecord<String, byte[]>> records = readUntil(List.of("axon-commerce.products"), received -> received
                .stream().map(r -> header(r, "ce_id")).collect(java.util.stream.Collectors.toSet()).containsAll(stored));
        Map<String, List<Long>> firstSeenSequences = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key().startsWith("outage-" + run) && seen.add(header(record, "ce_id"))) {
                firstSeenSequences.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(Long.parseLong(header(record, "ce_aggregatesequence")));
            }
        }
        assertThat(seen).as("every stored event delivered, nothing else").isEqualTo(stored);
        assertThat(deadLetters().findValuesAsText("sequence")).as("an outage parks nothing")
                .noneMatch(sequence -> sequence.startsWith("outage-" + run));
        List<Long> allRounds = Stream.iterate(0L, i -> i + 1).limit(rounds).toList();
        assertThat(firstSeenSequences).hasSize(products)
                .allSatisfy((key, sequences) -> assertThat(sequences).as(key).isEqualTo(allRounds));
    }

    @Test
    void aPoisonEventIsParkedWithItsAggregatesLaterEventsWhileOthersGoOnAndCanBeRetriedOrEvicted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poisoned = "poison-" + run;
        String healthy = "healthy-" + run;
        EventMessage<?> tooLarge = domain("Product", poisoned, 0,
                new ProductCreatedEvent(poisoned, "Poster", "x".repeat(100_000), "misc", PRICE));
        EventMessage<?> later = domain("Product", poisoned, 1,
                new ProductPriceChangedEvent(poisoned, PRICE, Money.of("11.00", "EUR")));
        EventMessage<?> other = domain("Product", healthy, 0,
                new ProductCreatedEvent(healthy, "Cup", "", "misc", PRICE));
        eventStore.publish(tooLarge, later, other);

        // the other product goes on; the poisoned one is parked, its later event behind it, neither published
        List<ConsumerRecord<String, byte[]>> records = readUntil(List.of("axon-commerce.products"),
                received -> count(received, other.getIdentifier()) >= 1);
        assertThat(count(records, tooLarge.getIdentifier()) + count(records, later.getIdentifier())).isZero();
        JsonNode letters = await().atMost(Duration.ofSeconds(30)).until(() -> lettersOf(poisoned),
                found -> found != null && found.size() == 2);
        assertThat(letters.get(0).get("messageId").asText()).isEqualTo(tooLarge.getIdentifier());
        assertThat(letters.get(0).get("errorType").asText()).endsWith("RecordTooLargeException");
        assertThat(letters.get(0).get("attempts").asLong()).isOne();
        assertThat(letters.get(1).get("messageId").asText()).isEqualTo(later.getIdentifier());
        assertThat(letters.get(1).get("error").isNull()).isTrue();
        assertThat(processor().processingStatus().values()).noneMatch(EventTrackerStatus::isErrorState);
        awaitDeadLetterGauge(2);

        // retried as it is: refused again, stays parked with one attempt more
        assertThat(json.readTree(admin("POST", "/retry").body()).get("processed").asInt()).isZero();
        assertThat(lettersOf(poisoned).get(0).get("attempts").asLong()).isEqualTo(2);

        // evicted, the rest of the sequence goes out when retried
        assertThat(admin("DELETE", "/" + tooLarge.getIdentifier()).statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/" + tooLarge.getIdentifier()).statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/" + tooLarge.getIdentifier() + "/retry").statusCode()).isEqualTo(404);
        assertThat(json.readTree(admin("POST", "/" + later.getIdentifier() + "/retry").body()).get("processed")
                .asInt()).isOne();
        readUntil(List.of("axon-commerce.products"), received -> count(received, later.getIdentifier()) == 1);
        assertThat(lettersOf(poisoned)).isNull();
        awaitDeadLetterGauge(0);
    }

    private static void awaitDeadLetterGauge(long expected) {
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("axoncommerce.deadletters")
                .tag("processingGroup", KafkaPublisher.PROCESSING_GROUP).gauge().value() == expected);
    }

    @Test
    void anEventTheBrokerRefusesIsParkedAfterItsBatchFailedAndPublishedAfterTheFix() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String refused = "refused-" + run;
        String healthy = "healthy-" + run;
        ConfigResource payments = new ConfigResource(ConfigResource.Type.TOPIC, "axon-commerce.payments");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // the broker, not the producer (64 KiB), refuses records above 20 kB on this topic
            admin.incrementalAlterConfigs(Map.of(payments, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "20000"), AlterConfigOp.OpType.SET)))).all().get();
            EventMessage<?> tooLarge = domain("Payment", refused, 0,
                    new PaymentSucceededEvent(refused, "order-" + run, PRICE, "ch_" + "x".repeat(30_000)));
            EventMessage<?> other = domain("Payment", healthy, 0,
                    new PaymentSucceededEvent(healthy, "order-" + run, PRICE, "ch_1"));
            eventStore.publish(tooLarge, other);

            readUntil(List.of("axon-commerce.payments"), received -> count(received, other.getIdentifier()) >= 1);
            JsonNode letters = await().atMost(Duration.ofSeconds(60)).until(() -> lettersOf(refused),
                    found -> found != null && found.size() == 1);
            assertThat(letters.get(0).get("messageId").asText()).isEqualTo(tooLarge.getIdentifier());
            assertThat(letters.get(0).get("errorType").asText()).endsWith("RecordTooLargeException");

            // retried as it is: the retry waits for the broker, which refuses again, so the letter stays
            assertThat(json.readTree(admin("POST", "/retry").body()).get("processed").asInt()).isZero();
            assertThat(lettersOf(refused).get(0).get("attempts").asLong()).isEqualTo(2);
            assertThat(lettersOf(refused).get(0).get("errorType").asText()).endsWith("RecordTooLargeException");

            // the fix: the topic takes such records; then the retry publishes the event
            admin.incrementalAlterConfigs(Map.of(payments, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(admin("POST", "/retry").body())
                    .get("processed").asInt() == 1);
            readUntil(List.of("axon-commerce.payments"), received -> count(received, tooLarge.getIdentifier()) == 1);
            assertThat(lettersOf(refused)).isNull();
        }
    }

    /** Written by an older release (revision 1, without line totals), published as the current revision. */
    @Test
    void anEventStoredInAnOldRevisionIsPublishedInTheCurrentOne() throws Exception {
        String order = "order-rev1-" + UUID.randomUUID().toString().substring(0, 8);
        String stored = """
                {"orderId":"%s","customerId":"c-1","lines":[{"productId":"p-1","quantity":2,
                "unitPrice":{"amount":10.00,"currency":"EUR"}}],"total":{"amount":20.00,"currency":"EUR"},
                "paymentToken":"tok_visa"}""".formatted(order);
        String id = UUID.randomUUID().toString();
        app.getBean(AxonServerConnectionManager.class).getConnection().eventChannel().appendEvents(
                Event.newBuilder().setMessageIdentifier(id).setAggregateType("Order").setAggregateIdentifier(order)
                        .setAggregateSequenceNumber(0).setTimestamp(System.currentTimeMillis())
                        .setPayload(SerializedObject.newBuilder().setType(OrderPlacedEvent.class.getName())
                                .setRevision("1").setData(ByteString.copyFromUtf8(stored)))
                        .build()).get();

        ConsumerRecord<String, byte[]> record = readUntil(List.of("axon-commerce.orders"),
                received -> count(received, id) == 1).stream().filter(r -> id.equals(header(r, "ce_id")))
                .findFirst().orElseThrow();
        assertThat(header(record, "ce_datarevision")).isEqualTo("3");
        JsonNode line = json.readTree(record.value()).get("lines").get(0);
        assertThat(line.at("/lineTotal/amount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(line.at("/lineTotal/currency").asText()).isEqualTo("EUR");
    }

    private static StreamingEventProcessor processor() {
        return app.getBean(EventProcessingConfiguration.class)
                .eventProcessor(KafkaPublisher.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
    }

    private static JsonNode deadLetters() throws Exception {
        HttpResponse<String> response = admin("GET", "");
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The parked letters of one aggregate; null if none is parked. */
    private static JsonNode lettersOf(String aggregateId) throws Exception {
        for (JsonNode sequence : deadLetters()) {
            if (sequence.get("sequence").asText().equals(aggregateId)) {
                return sequence.get("letters");
            }
        }
        return null;
    }

    private static HttpResponse<String> admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + ((WebServerApplicationContext) app).getWebServer().getPort()
                        + "/api/kafka-bridge/dead-letters" + path))
                .header("Authorization", "Bearer " + token("ops", "admin"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void publishRounds(String run, int products, int fromRound, int toRound) {
        for (int round = fromRound; round < toRound; round++) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int p = 0; p < products; p++) {
                String id = "outage-" + run + "-" + p;
                batch.add(round == 0
                        ? domain("Product", id, 0, new ProductCreatedEvent(id, "Product " + p, "", "misc", PRICE))
                        : domain("Product", id, round, new ProductPriceChangedEvent(id, PRICE, PRICE)));
            }
            eventStore.publish(batch);
        }
    }

    private static EventMessage<?> domain(String type, String aggregateId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload);
    }

    private static long count(Collection<ConsumerRecord<String, byte[]>> records, String id) {
        return records.stream().filter(r -> id.equals(header(r, "ce_id"))).count();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the topics from the beginning, in partition order, until {@code done} holds for what was read. */
    private static List<ConsumerRecord<String, byte[]>> readUntil(List<String> topics,
                                                                 Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
                if (consumer.assignment().isEmpty()) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (String topic : topics) {
                        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                        if (infos == null || infos.isEmpty()) {
                            return false;
                        }
                        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return done.test(received);
            });
        }
        return received;
    }

    /** The event class's own {@code @Revision}: it changes when the event's shape does (OrderPlacedEvent is at 3). */
    private static String revisionOf(String type) {
        try {
            return Class.forName(type).getAnnotation(org.axonframework.serialization.Revision.class).value();
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no event class " + type, e);
        }
    }
}
