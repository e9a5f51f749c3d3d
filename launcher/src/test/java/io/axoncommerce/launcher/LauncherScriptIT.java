package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * {@code ./axon-commerce run} as a user runs it, in the default topology, where one JVM holds every service: kill -9
 * of that JVM is a crash of the whole shop. The script starts it again on the same data; an order placed before the
 * crash is still there and a new one is confirmed; SIGTERM stops it for good, and nothing is left running.
 */
class LauncherScriptIT {

    private static final Duration READY = Duration.ofMinutes(5);
    private static final Pattern API = Pattern.compile("API base URL\\s+(http://localhost:\\d+)/api");

    private Path dataDir;
    private Path output;
    private Process script;

    @AfterEach
    void cleanUp() throws IOException {
        if (script != null && script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void theScriptStartsACrashedJvmAgainOnTheSameDataAndStopsOnSigterm() throws Exception {
        Path home = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
        dataDir = Files.createTempDirectory("axon-commerce-script");
        output = dataDir.resolve("console.txt");
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("axon-commerce").toString(), "run",
                "--data-dir=" + dataDir.resolve("data")));
        LauncherSettings.PORT_DEFAULTS.keySet().forEach(port -> command.add("--" + port + "=0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("AXON_COMMERCE_NO_BUILD", "1"); // the build that runs this test built it
        script = builder.start();

        Api api = new Api(awaitBanner(1));
        String product = api.ok(api.post("/api/products", """
                {"name":"Tin cup","category":"kitchen","price":{"amount":4.00,"currency":"EUR"}}"""), "create")
                .path("productId").asText();
        api.ok(api.post("/api/products/" + product + "/stock", "{\"quantity\":10}"), "stock");
        String before = placeOrder(api, product);
        api.await("/api/orders/" + before, o -> o.path("status").asText().equals("CONFIRMED"), READY);

        ProcessHandle jvm = script.children().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow(() -> new AssertionError("no JVM under the script"));
        assertThat(jvm.destroyForcibly()).isTrue(); // SIGKILL
        api = new Api(awaitBanner(2));
        assertThat(console()).contains("axon-commerce died (exit code 137); starting it again in 1 s");
        assertThat(jvm.isAlive()).isFalse();

        assertThat(api.ok(api.get("/api/orders/" + before), "the order from before the crash")
                .path("status").asText()).isEqualTo("CONFIRMED");
        String after = placeOrder(api, product);
        JsonNode confirmed = api.await("/api/orders/" + after,
                o -> o.path("status").asText().equals("CONFIRMED"), READY);
        assertThat(confirmed.path("status").asText()).isEqualTo("CONFIRMED");
        api.await("/api/inventory/" + product, i -> i.path("available").asInt() == 8, READY);

        List<ProcessHandle> running = script.descendants().toList();
        script.destroy(); // SIGTERM
        assertThat(script.waitFor(2, TimeUnit.MINUTES)).as("the script stopped").isTrue();
        assertThat(script.exitValue()).isEqualTo(143);
        assertThat(console()).contains("Stopped.");
        assertThat(running).allSatisfy(p -> assertThat(p.isAlive()).as("%s after the stop", p.pid()).isFalse());
    }

    private static String placeOrder(Api api, String product) {
        JsonNode placed = api.ok(api.post("/api/orders", """
                {"paymentToken":"tok_visa","lines":[{"productId":"%s","quantity":1}]}""".formatted(product),
                api.token("dora", "customer")), "place order");
        return placed.path("orderId").asText();
    }

    /** The gateway's URL from the {@code n}th ready banner on the console. */
    private String awaitBanner(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher api = API.matcher(console());
            List<String> urls = new ArrayList<>();
            while (api.find()) {
                urls.add(api.group(1));
            }
            if (urls.size() >= n) {
                return urls.get(n - 1);
            }
            if (!script.isAlive()) {
                throw new AssertionError("the script ended with " + script.exitValue() + ":\n" + console());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no ready banner number " + n + " within " + READY + ":\n" + console());
    }

    private String console() throws IOException {
        return Files.readString(output);
    }
}
