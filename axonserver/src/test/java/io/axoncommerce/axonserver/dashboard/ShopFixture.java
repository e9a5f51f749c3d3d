package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.axonserver.dashboard.demo.ShopApp;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.AddItem;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartItems;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartItemsQuery;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CreateCart;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;

/**
 * One open dashboard server with one shop application attached and known data in it, shared by the API and browser
 * tests of this JVM (started on first use; Spring's shutdown hooks stop both at exit).
 */
final class ShopFixture {

    static final String CLIENT_ID = "shop-1";
    static final String KNOWN_CART = "cart-known";
    static final List<String> KNOWN_ITEMS = List.of("apple", "banana", "cherry", "dates");
    static final String XSS_CART = "cart-xss";
    /** The owner of the XSS cart: a page that ran it would set window.pwned. */
    static final String XSS_OWNER = "<script>window.pwned=1</script><img src=x onerror='window.pwned=2'>";
    /** The token the dashboard sends to the shop's admin API. */
    static final String ADMIN_API_TOKEN = "shop-admin-token";
    /** The admin API's paths of the shop's processor, as the backend sees them. */
    static final String STATUS_PATH = "/admin/processors/" + ShopApp.PROCESSOR;
    static final String DEAD_LETTERS_PATH = STATUS_PATH + "/dead-letters";
    static final String NOT_REPLAYING = "{\"name\":\"" + ShopApp.PROCESSOR + "\",\"replaying\":false,"
            + "\"progress\":100.0,\"replay\":null}";

    private static ShopFixture instance;

    final DashboardServer server;
    final ConfigurableApplicationContext shop;
    /** The shop's admin API (component demo-shop), as the dashboard is configured to reach it. */
    final AdminApiBackend adminApi;

    private ShopFixture(DashboardServer server, ConfigurableApplicationContext shop, AdminApiBackend adminApi) {
        this.server = server;
        this.shop = shop;
        this.adminApi = adminApi;
    }

    static synchronized ShopFixture get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static ShopFixture start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("dashboard-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AdminApiBackend adminApi = AdminApiBackend.start();
        Runtime.getRuntime().addShutdownHook(new Thread(adminApi::close));
        adminApi.answer("GET", STATUS_PATH, 200, NOT_REPLAYING);
        adminApi.answer("GET", DEAD_LETTERS_PATH, 200, "[]");
        String components = "axoniq.axonserver.dashboard.admin-api.components." + ShopApp.COMPONENT;
        DashboardServer server = DashboardServer.start(dataDir, Map.of(
                "axoniq.axonserver.dashboard.admin-api.token", ADMIN_API_TOKEN,
                "axoniq.axonserver.dashboard.admin-api.timeout", "2s",
                components + ".status-url", adminApi.url() + "/admin/processors/{processor}",
                components + ".dead-letters-url", adminApi.url() + "/admin/processors/{processor}/dead-letters/"));
        ConfigurableApplicationContext shop = ShopApp.start(server.axonServer().grpcPort(), CLIENT_ID);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> server.axonServer().commands().subscriptions().containsKey(CreateCart.class.getName()));
        CommandGateway commands = shop.getBean(CommandGateway.class);
        commands.sendAndWait(new CreateCart(KNOWN_CART, "alice"));
        KNOWN_ITEMS.forEach(item -> commands.sendAndWait(new AddItem(KNOWN_CART, item)));
        commands.sendAndWait(new CreateCart(XSS_CART, XSS_OWNER));
        QueryGateway queries = shop.getBean(QueryGateway.class);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> queries.query(new CartItemsQuery(KNOWN_CART), CartItems.class).join().items().size()
                        == KNOWN_ITEMS.size());
        // the application reports its processors every few seconds
        await().atMost(Duration.ofSeconds(30)).until(() -> server.axonServer().platform().clients().stream()
                .anyMatch(c -> c.processors().containsKey(ShopApp.PROCESSOR)
                        && c.processors().get(ShopApp.PROCESSOR).getSegmentStatusCount() == 2));
        return new ShopFixture(server, shop, adminApi);
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The shop application's processor as {@code GET /v1/processors} shows it. */
    JsonNode processor() {
        Http.Response response = new Http(baseUrl()).get("/v1/processors");
        if (response.status() != 200) {
            throw new AssertionError("GET /v1/processors -> " + response.status() + " " + response.body());
        }
        return StreamSupport.stream(response.json().spliterator(), false)
                .filter(p -> p.path("processor").asText().equals(ShopApp.PROCESSOR)
                        && p.path("clientId").asText().equals(CLIENT_ID))
                .findFirst().orElseThrow();
    }
}
