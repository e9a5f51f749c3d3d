package io.axoncommerce.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.axoncommerce.security.LocalSigningKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector as it runs locally: embedded Kafka and MongoDB (embedded-infrastructure), embedded SMTP (GreenMail),
 * and SMS/push webhooks answered by a small HTTP server in this test. Records are written the way the kafka-bridge
 * writes them (CloudEvents binary mode), by a plain producer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification-projector.retry.initial-interval=100ms",
        "notification-projector.retry.max-retries=2",
        // tokens signed with the documented local key (api-security's LocalSigningKey)
        "spring.profiles.active=local"
})
class NotificationProjectorIT {

    private static final ObjectMapper json = new ObjectMapper();
    private static final String ADMIN = token("ops", "admin");
    private static final HttpServer webhooks = startWebhooks();
    private static final Map<String, Queue<JsonNode>> webhookCalls = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void webhookUrls(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + webhooks.getAddress().getPort();
        registry.add("notification-projector.sms.webhook-url", () -> base + "/sms");
        registry.add("notification-projector.push.webhook-url", () -> base + "/push");
    }

    @AfterAll
    static void stopWebhooks() {
        webhooks.stop(0);
    }

    @Autowired
    private KafkaTemplate<String, byte[]> kafka;
    @Autowired
    private GreenMail smtp;
    @Autowired
    private KafkaConnectionDetails kafkaConnection;
    @LocalServerPort
    private int port;

    @Test
    void aConfirmedOrderSendsOneEmailAndOnePushEvenWhenTheRecordIsDeliveredTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "customer-" + run;
        String order = "order-" + run;
        String confirmedId = UUID.randomUUID().toString();
        send("axon-commerce.orders", order, UUID.randomUUID().toString(), "order.OrderPlacedEvent", placed(order, customer));
        send("axon-commerce.orders", order, confirmedId, "order.OrderConfirmedEvent", "{\"orderId\": \"" + order + "\"}");
        send("axon-commerce.orders", order, confirmedId, "order.OrderConfirmedEvent", "{\"orderId\": \"" + order + "\"}");
        // A later record on the same partition: once its e-mail is there, the duplicate before it was consumed too.
        String later = order + "-later";
        send("axon-commerce.orders", order, UUID.randomUUID().toString(), "order.OrderPlacedEvent", placed(later, customer));
        send("axon-commerce.orders", order, UUID.randomUUID().toString(), "order.OrderCancelledEvent",
                "{\"orderId\": \"" + later + "\", \"reason\": \"OUT_OF_STOCK\"}");
        String address = customer + "@customers.axon-commerce.local";
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo(address).size() == 2);

        List<MimeMessage> mails = mailsTo(address);
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactly(
                "Your order " + order + " is confirmed", "Your order " + later + " was cancelled");
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("20.00 EUR");
        assertThat(GreenMailUtil.getBody(mails.get(1))).contains("Reason: an item is out of stock (OUT_OF_STOCK)");
        assertThat(mails.get(0).getFrom()[0].toString()).isEqualTo("orders@axon-commerce.local");
        assertThat(calls("/push")).filteredOn(c -> c.get("target").asText().equals("customers/" + customer))
                .singleElement().satisfies(push -> assertThat(push.get("body").asText()).contains(order));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "customer-" + run;
        String order = "order-" + run;
        String poisonId = UUID.randomUUID().toString();
        send("axon-commerce.orders", order, UUID.randomUUID().toString(), "order.OrderPlacedEvent", placed(order, customer));
        send("axon-commerce.orders", order, poisonId, "order.OrderConfirmedEvent", "{not json");
        send("axon-commerce.payments", "payment-" + order, UUID.randomUUID().toString(), "payment.PaymentFailedEvent",
                "{\"paymentId\": \"payment-" + order + "\", \"orderId\": \"" + order + "\", "
                        + "\"amount\": {\"amount\": 20.00, \"currency\": \"EUR\"}, \"reason\": \"DECLINED\", \"detail\": \"card_declined\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> calls("/sms").stream()
                .anyMatch(sms -> sms.get("to").asText().equals(customer)));
        assertThat(calls("/sms")).filteredOn(sms -> sms.get("to").asText().equals(customer)).singleElement()
                .satisfies(sms -> assertThat(sms.get("text").asText()).contains("declined").contains(order));

        ConsumerRecord<String, byte[]> deadLetter = readDeadLetter(poisonId);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("is not JSON");
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo("axon-commerce.orders");
        assertThat(mailsTo(customer + "@customers.axon-commerce.local")).as("the poison record sent nothing").isEmpty();
    }

    @Test
    void theNotificationsOfACustomerArePagedNewestFirstAndBadInputIsAProblem() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "customer-" + run;
        for (String order : List.of("order-" + run + "-a", "order-" + run + "-b")) {
            send("axon-commerce.orders", order, UUID.randomUUID().toString(), "order.OrderPlacedEvent", placed(order, customer));
        }
        send("axon-commerce.orders", "order-" + run + "-a", UUID.randomUUID().toString(), "order.OrderConfirmedEvent",
                "{\"orderId\": \"order-" + run + "-a\"}");
        send("axon-commerce.orders", "order-" + run + "-b", UUID.randomUUID().toString(), "order.OrderCancelledEvent",
                "{\"orderId\": \"order-" + run + "-b\", \"reason\": \"CUSTOMER_REQUEST\"}");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                get("/api/notifications?customerId=" + customer).path("totalElements").asLong() == 3);

        JsonNode first = get("/api/notifications?customerId=" + customer + "&page=0&size=2");
        JsonNode second = get("/api/notifications?customerId=" + customer + "&page=1&size=2");
        assertThat(first.get("totalPages").asInt()).isEqualTo(2);
        assertThat(first.get("content")).hasSize(2);
        assertThat(second.get("content")).hasSize(1);
        List<String> channels = new ArrayList<>();
        List<Instant> sentAt = new ArrayList<>();
        for (JsonNode page : List.of(first, second)) {
            page.get("content").forEach(n -> {
                assertThat(n.get("customerId").asText()).isEqualTo(customer);
                channels.add(n.get("channel").asText());
                // the mail server and the push webhook of this test accepted them
                assertThat(n.get("delivery").asText()).isEqualTo("SENT");
                sentAt.add(Instant.parse(n.get("sentAt").asText()));
            });
        }
        assertThat(channels).containsExactlyInAnyOrder("EMAIL", "PUSH", "EMAIL");
        assertThat(sentAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(get("/api/notifications?customerId=nobody-" + run).get("totalElements").asLong()).isZero();

        for (String bad : List.of("?customerId=" + customer + "&size=0", "?customerId=%20", "?page=0",
                "?customerId=" + customer + "&page=x")) {
            HttpResponse<String> response = http("/api/notifications" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(bad).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(400);
        }
    }

    private static String placed(String order, String customer) {
        return "{\"orderId\": \"" + order + "\", \"customerId\": \"" + customer + "\", \"lines\": "
                + "[{\"productId\": \"p-1\", \"quantity\": 2, \"unitPrice\": {\"amount\": 10.00, \"currency\": \"EUR\"}}], "
                + "\"total\": {\"amount\": 20.00, \"currency\": \"EUR\"}, \"paymentToken\": \"tok_visa\"}";
    }

    private void send(String topic, String key, String ceId, String type, String value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", ceId.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/axon-commerce/event-store".getBytes(StandardCharsets.UTF_8))
                .add("ce_type", ("io.axoncommerce.api." + type).getBytes(StandardCharsets.UTF_8))
                .add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_subject", key.getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        kafka.send(record).join();
    }

    private List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            if (Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    private ConsumerRecord<String, byte[]> readDeadLetter(String ceId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConnection.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + ceId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("axon-commerce.notification-projector.dlt"));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (ceId.equals(header(r, "ce_id"))) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** As an admin, who may read every customer's notifications. */
    private HttpResponse<String> http(String path) throws Exception {
        return http(path, ADMIN);
    }

    /** As the caller of {@code token}; null = anonymous. */
    private HttpResponse<String> http(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String subject, String... roles) {
        return LocalSigningKey.of(LocalSigningKey.DEFAULT).mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    @Test
    void aCustomerReadsOnlyTheirOwnNotificationsAndAnAdminAnyones() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String path = "/api/notifications?customerId=" + alice;
        HttpResponse<String> anonymous = http(path, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        for (String other : List.of(token("clerk", "catalog-admin"), token("bob-" + UUID.randomUUID(), "customer"))) {
            HttpResponse<String> refused = http(path, other);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json.readTree(refused.body()).get("code").asText()).isEqualTo("FORBIDDEN");
        }
        assertThat(http(path, token(alice, "customer")).statusCode()).isEqualTo(200);
        assertThat(http(path, ADMIN).statusCode()).isEqualTo(200);
        // a Mongo operator as the customer id is a value: a customer may not name it, for an admin it matches nothing
        String operator = "/api/notifications?customerId=" + java.net.URLEncoder.encode("{\"$ne\": null}",
                StandardCharsets.UTF_8);
        assertThat(http(operator, token(alice, "customer")).statusCode()).isEqualTo(403);
        assertThat(json.readTree(http(operator, ADMIN).body()).get("totalElements").asLong()).isZero();
    }

    private static List<JsonNode> calls(String path) {
        return List.copyOf(webhookCalls.getOrDefault(path, new ConcurrentLinkedQueue<>()));
    }

    private static HttpServer startWebhooks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
                webhookCalls.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new ConcurrentLinkedQueue<>())
                        .add(body);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
