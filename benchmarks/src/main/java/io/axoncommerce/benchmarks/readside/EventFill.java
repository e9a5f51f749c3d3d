package io.axoncommerce.benchmarks.readside;

import com.google.protobuf.ByteString;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentId;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import org.axonframework.serialization.json.JacksonSerializer;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Fills the event store with the events the system really produces, as the services serialize them (core-api
 * records through Axon's {@link JacksonSerializer}, {@code @Revision}, aggregate types {@code Product},
 * {@code Inventory}, {@code Order}, {@code Payment}, trace and correlation metadata): first the catalogue (per product
 * {@code ProductCreated} and {@code StockAdded}), then orders going through the saga's steps, 100 orders interleaved
 * at a time — placed, stock reserved per line, order marked reserved, payment succeeded (90 %) or failed, order
 * confirmed or cancelled, stock committed or released per line (6 events for a one-line order, 8 for two lines).
 * The last order is cut off at exactly {@code total} events. Appended straight into our server's storage, in
 * multi-aggregate transactions of about 1,000 events (sequence numbers per aggregate gap-free as the storage demands).
 */
final class EventFill {

    static final String[] CATEGORIES = {"furniture", "kitchen", "garden", "office", "lighting", "bathroom", "toys",
            "books", "sports", "outdoor", "electronics", "audio", "tools", "pets", "beauty", "clothing", "shoes",
            "bags", "jewellery", "music", "games", "baby", "health", "food", "travel"};
    static final String[] NOUNS = {"chair", "table", "lamp", "mug", "kettle", "shelf", "desk", "sofa", "rug", "vase",
            "clock", "mirror", "pillow", "blanket", "basket", "bottle", "bowl", "plate", "knife", "pan", "backpack",
            "jacket", "boot", "sneaker", "watch", "ring", "speaker", "headphone", "keyboard", "mouse", "drill",
            "hammer", "saw", "tent", "bicycle", "ball", "racket", "puzzle", "guitar", "candle"};
    static final String[] ADJECTIVES = {"ergonomic", "classic", "modern", "rustic", "compact", "portable", "premium",
            "vintage", "minimalist", "sturdy", "lightweight", "elegant", "handmade", "foldable", "waterproof",
            "wireless", "cosy", "bright", "quiet", "durable"};
    static final String[] MATERIALS = {"oak", "walnut", "steel", "aluminium", "ceramic", "glass", "cotton", "wool",
            "leather", "bamboo", "linen", "copper", "stone", "cork", "recycled plastic"};

    private static final int TX_EVENTS = 1000;
    private static final int IN_FLIGHT = 8;
    private static final int INTERLEAVED_ORDERS = 100;

    private final EventStorage storage;
    private final long total;
    private final int products;
    private final Random random = new Random(42);
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final Map<String, Long> sequences = new HashMap<>();
    private final int[] available;
    private final long baseMillis;
    private final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
    private List<Event> tx = new ArrayList<>(TX_EVENTS);
    private long appended;

    EventFill(EventStorage storage, long total, int products) {
        this.storage = storage;
        this.total = total;
        this.products = products;
        this.available = new int[products];
        // events spread over the last day, one every ~80 ms
        this.baseMillis = System.currentTimeMillis() - total * 80;
    }

    static String productId(int i) {
        return "product-" + i;
    }

    /** Appends until the store holds {@code total} events; returns the events appended. */
    long run() {
        for (int i = 0; i < products && appended < total; i++) {
            String id = productId(i);
            String noun = NOUNS[random.nextInt(NOUNS.length)];
            String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
            String material = MATERIALS[random.nextInt(MATERIALS.length)];
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            String name = capitalise(adjective) + " " + material + " " + noun + " " + (1000 + random.nextInt(9000));
            String description = "A " + adjective + " " + noun + " made of " + material + ", for every day. "
                    + capitalise(ADJECTIVES[random.nextInt(ADJECTIVES.length)]) + " design, "
                    + MATERIALS[random.nextInt(MATERIALS.length)] + " details, delivered in recycled packaging.";
            add("Product", id, new ProductCreatedEvent(id, name, description, category, price(i)));
            int quantity = 50 + random.nextInt(450);
            available[i] = quantity;
            add("Inventory", InventoryId.of(id), new StockAddedEvent(id, quantity, quantity));
        }
        long order = 0;
        while (appended < total) {
            List<List<Step>> batch = new ArrayList<>();
            for (int k = 0; k < INTERLEAVED_ORDERS; k++) {
                batch.add(orderSteps("order-" + order++));
            }
            for (int step = 0; appended < total; step++) {
                boolean any = false;
                for (List<Step> steps : batch) {
                    if (step < steps.size() && appended < total) {
                        Step s = steps.get(step);
                        add(s.type, s.aggregateId, s.payload);
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        flush();
        while (!inFlight.isEmpty()) {
            inFlight.poll().join();
        }
        return appended;
    }

    private record Step(String type, String aggregateId, Object payload) {
    }

    /**
     * The events of one order in the saga's order. Availability is decided here, when the order is generated, so the
     * figures in the stock events are consistent per product.
     */
    private List<Step> orderSteps(String orderId) {
        int lineCount = random.nextInt(4) == 0 ? 2 : 1;
        List<OrderLine> lines = new ArrayList<>();
        List<Integer> picked = new ArrayList<>();
        while (lines.size() < lineCount) {
            int p = random.nextInt(products);
            if (picked.contains(p) || available[p] < 3) {
                continue; // a product sold out (or already in the order): choose another one
            }
            picked.add(p);
            lines.add(new OrderLine(productId(p), 1 + random.nextInt(2), price(p)));
        }
        Money total = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
        String customer = "customer-" + random.nextInt(20_000);
        String paymentId = PaymentId.forOrder(orderId);
        boolean paid = random.nextInt(10) != 0;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Order", orderId, new OrderPlacedEvent(orderId, customer, lines, total, "tok_visa")));
        for (int i = 0; i < lines.size(); i++) {
            int p = picked.get(i);
            available[p] -= lines.get(i).quantity();
            steps.add(new Step("Inventory", InventoryId.of(productId(p)),
                    new StockReservedEvent(productId(p), orderId, lines.get(i).quantity(), available[p])));
        }
        steps.add(new Step("Order", orderId, new OrderStockReservedEvent(orderId)));
        if (paid) {
            steps.add(new Step("Payment", paymentId, new PaymentSucceededEvent(paymentId, orderId, total,
                    "psp-" + UUID.nameUUIDFromBytes(orderId.getBytes()))));
            steps.add(new Step("Order", orderId, new OrderConfirmedEvent(orderId)));
            for (int i = 0; i < lines.size(); i++) {
                String productId = productId(picked.get(i));
                steps.add(new Step("Inventory", InventoryId.of(productId),
                        new StockCommittedEvent(productId, orderId, lines.get(i).quantity())));
            }
        } else {
            steps.add(new Step("Payment", paymentId, new PaymentFailedEvent(paymentId, orderId, total,
                    PaymentFailureReason.DECLINED, "card declined")));
            steps.add(new Step("Order", orderId, new OrderCancelledEvent(orderId,
                    CancellationReason.PAYMENT_DECLINED)));
            for (int i = 0; i < lines.size(); i++) {
                int p = picked.get(i);
                available[p] += lines.get(i).quantity();
                steps.add(new Step("Inventory", InventoryId.of(productId(p)),
                        new StockReleasedEvent(productId(p), orderId, lines.get(i).quantity(), available[p])));
            }
        }
        return steps;
    }

    private static Money price(int product) {
        // 1.00 to 299.99, fixed per product
        long cents = 100 + Math.floorMod(product * 7919L, 29_900);
        return new Money(BigDecimal.valueOf(cents, 2), "EUR");
    }

    private void add(String aggregateType, String aggregateId, Object payload) {
        long sequence = sequences.merge(aggregateId, 0L, (was, ignored) -> was + 1);
        var serialized = serializer.serialize(payload, byte[].class);
        String messageId = UUID.randomUUID().toString();
        SerializedObject.Builder data = SerializedObject.newBuilder()
                .setType(serialized.getType().getName())
                .setData(ByteString.copyFrom(serialized.getData()));
        if (serialized.getType().getRevision() != null) {
            data.setRevision(serialized.getType().getRevision());
        }
        tx.add(Event.newBuilder()
                .setMessageIdentifier(messageId)
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType(aggregateType)
                .setTimestamp(baseMillis + appended * 80)
                .setPayload(data)
                .putMetaData("traceId", MetaDataValue.newBuilder().setTextValue(messageId).build())
                .putMetaData("correlationId", MetaDataValue.newBuilder().setTextValue(messageId).build())
                .build());
        appended++;
        if (tx.size() >= TX_EVENTS) {
            flush();
        }
    }

    private void flush() {
        if (tx.isEmpty()) {
            return;
        }
        inFlight.add(storage.appendEvents(tx));
        tx = new ArrayList<>(TX_EVENTS);
        while (inFlight.size() >= IN_FLIGHT) {
            inFlight.poll().join();
        }
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
