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

    private static ShopFixture instance;

    final DashboardServer server;
    final ConfigurableApplicationContext shop;

    private ShopFixture(DashboardServer server, ConfigurableApplicationContext shop) {
        this.server = server;
        this.shop = shop;
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
        DashboardServer server = DashboardServer.start(dataDir, Map.of());
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
        return new ShopFixture(server, shop);
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
