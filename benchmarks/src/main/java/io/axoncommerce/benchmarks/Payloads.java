package io.axoncommerce.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Event payloads shaped like the application's order events: about 250 bytes of JSON each. */
final class Payloads {

    static final String TYPE = "io.axoncommerce.order.OrderLineAddedEvent";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    record OrderLineAddedEvent(String orderId, String customerId, String productId, String productName, int quantity,
                               BigDecimal unitPrice, String currency, Instant addedAt) {
    }

    private Payloads() {
    }

    static OrderLineAddedEvent next(String orderId) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Ids from ThreadLocalRandom: SecureRandom's lock would make the harness, not the store, the bottleneck.
        return new OrderLineAddedEvent(orderId, new UUID(random.nextLong(), random.nextLong()).toString(),
                new UUID(random.nextLong(), random.nextLong()).toString(),
                "Ergonomic office chair, model " + random.nextInt(1000, 9999), random.nextInt(1, 10),
                BigDecimal.valueOf(random.nextInt(100, 100_000), 2), "EUR", Instant.now());
    }

    static byte[] json(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
