package io.axoncommerce.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Customers placing orders through the gateway as real clients do ({@link #CLIENTS} at once, each order for one of
 * {@link #CUSTOMERS} customers): every POST carries an {@code Idempotency-Key}, and a request without an answer (a 5xx
 * while a service restarts, a refused connection, a timeout) is sent again under the same key until one comes. Some
 * clients send a request twice although it was answered, some customers cancel right after, one product is scarce, and
 * some cards are declined.
 */
final class OrderLoad {

    /** Clients placing orders at once, each for a customer drawn from {@link #CUSTOMERS}. */
    static final int CLIENTS = 3;
    static final int CUSTOMERS = 30;
    static final int HOT_STOCK = 25;
    static final int STOCK = 1_000;
    private static final int PRODUCTS = 4;

    private final Api api;
    private final Random random;
    private final String run;
    private final Map<String, Integer> initialStock = new LinkedHashMap<>();
    private String hotProduct;
    /** Idempotency key -> the order id its first answer named. */
    private final Map<String, String> orderOfKey = new ConcurrentHashMap<>();
    /** Keys sent without an answer yet: asked again once the load stops. */
    private final Map<String, Request> unanswered = new ConcurrentHashMap<>();
    private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();

    record Request(String customer, String key, String body) {
    }

    OrderLoad(Api api, long seed, String run) {
        this.api = api;
        this.random = new Random(seed);
        this.run = run;
    }

    void createCatalogue() {
        for (int i = 0; i < PRODUCTS; i++) {
            initialStock.put(product("Fault item " + i + " " + run, "9.99", STOCK), STOCK);
        }
        hotProduct = product("Scarce print " + run, "25.00", HOT_STOCK);
        initialStock.put(hotProduct, HOT_STOCK);
    }

    private String product(String name, String price, int stock) {
        String id = api.ok(api.post("/api/products", """
                {"name":"%s","category":"fault","price":{"amount":%s,"currency":"EUR"}}""".formatted(name, price)),
                "create " + name).path("productId").asText();
        api.ok(api.post("/api/products/" + id + "/stock", "{\"quantity\":" + stock + "}"), "stock " + name);
        return id;
    }

    void start() {
        running.set(true);
        for (int i = 0; i < CLIENTS; i++) {
            String client = "client-" + i;
            long clientSeed = random.nextLong();
            clients.add(Thread.ofVirtual().name(client).start(() -> shop(client, new Random(clientSeed))));
        }
    }

    /** Stops the clients, then asks every unanswered request again until it is answered. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        for (Request request : List.copyOf(unanswered.values())) {
            place(request, Long.MAX_VALUE);
        }
    }

    private void shop(String client, Random random) {
        List<String> products = List.copyOf(initialStock.keySet());
        int n = 0;
        while (running.get()) {
            String customer = "fault-" + random.nextInt(CUSTOMERS) + "-" + run;
            Map<String, Integer> lines = new LinkedHashMap<>();
            if (random.nextInt(3) == 0) {
                lines.put(hotProduct, 1 + random.nextInt(2));
            }
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                String product = products.get(random.nextInt(PRODUCTS));
                if (!product.equals(hotProduct)) {
                    lines.merge(product, 1 + random.nextInt(3), Integer::sum);
                }
            }
            String token = random.nextInt(10) == 0 ? "tok_decline" : "tok_visa";
            Request request = new Request(customer, customer + "-order-" + client + "-" + n++, body(token, lines));
            String orderId = place(request, 20);
            if (orderId != null && random.nextInt(5) == 0) {
                place(request, 20); // a client that sends it again although it got an answer
            }
            if (orderId != null && random.nextInt(8) == 0) {
                Api.sleep(random.nextInt(1_500));
                cancel(customer, orderId);
            }
            Api.sleep(700 + random.nextInt(900));
        }
    }

    private static String body(String token, Map<String, Integer> lines) {
        StringBuilder json = new StringBuilder("{\"paymentToken\":\"" + token + "\",\"lines\":[");
        lines.forEach((product, quantity) -> json.append("{\"productId\":\"").append(product)
                .append("\",\"quantity\":").append(quantity).append("},"));
        json.setLength(json.length() - 1);
        return json.append("]}").toString();
    }

    /** Sends until answered (at most {@code attempts} times); the order id, or null while unanswered. */
    private String place(Request request, long attempts) {
        String token = api.token(request.customer(), "customer");
        for (long attempt = 0; attempt < attempts; attempt++) {
            Api.Response response;
            try {
                response = api.post("/api/orders", request.body(), token, Map.of("Idempotency-Key", request.key()));
            } catch (RuntimeException e) {
                response = null; // no answer at all
            }
            if (response != null && response.status() == 202) {
                String orderId = response.json().path("orderId").asText();
                String first = orderOfKey.putIfAbsent(request.key(), orderId);
                if (first != null && !first.equals(orderId)) {
                    violations.add("key " + request.key() + " answered " + first + " and then " + orderId);
                }
                unanswered.remove(request.key());
                return orderId;
            }
            if (response != null && response.status() / 100 == 4 && response.status() != 429
                    && response.status() != 409) {
                violations.add("key " + request.key() + " refused " + response.status() + ": " + response.body());
                unanswered.remove(request.key());
                return null;
            }
            unanswered.put(request.key(), request);
            Api.sleep(1_000);
        }
        return null;
    }

    private void cancel(String customer, String orderId) {
        cancelRequested.add(orderId);
        String token = api.token(customer, "customer");
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                int status = api.post("/api/orders/" + orderId + "/cancel", "", token).status();
                if (status == 200 || status == 409) { // 409: confirmed meanwhile, too late to cancel
                    return;
                }
            } catch (RuntimeException e) {
                // no answer: send it again
            }
            Api.sleep(1_000);
        }
    }

    Map<String, Integer> initialStock() {
        return initialStock;
    }

    /** Every accepted order: the idempotency key's answer. */
    Map<String, String> orderOfKey() {
        return orderOfKey;
    }

    List<String> violations() {
        return violations;
    }

    Set<String> customers() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        orderOfKey.keySet().forEach(key -> names.add(key.substring(0, key.indexOf("-order-"))));
        return names;
    }

    static int quantity(JsonNode order, String productId) {
        int quantity = 0;
        for (JsonNode line : order.path("lines")) {
            if (line.path("productId").asText().equals(productId)) {
                quantity += line.path("quantity").asInt();
            }
        }
        return quantity;
    }
}
