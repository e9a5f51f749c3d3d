package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.config.AxonServerConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server as the standalone application runs it (Spring Boot, the dashboard, its security), started in the test
 * JVM on free ports. The standalone application's component scan would also find the test applications in this
 * module, so the same configuration is imported explicitly here; {@code StandaloneServerIT} covers the real jar.
 */
final class DashboardServer implements AutoCloseable {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({AxonServerConfiguration.class, DashboardConfiguration.class, DashboardSecurity.class, ApiErrors.class,
            OverviewController.class, EventsController.class, ProcessorsController.class, MessagesController.class,
            ProcessorAdminController.class})
    static class Server {
    }

    private final ConfigurableApplicationContext context;

    private DashboardServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static DashboardServer start(Path dataDir, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("axoniq.axonserver.port", "0");
        properties.put("axoniq.axonserver.name", "dashboard-test");
        properties.put("axoniq.axonserver.event.storage", dataDir.resolve("events").toString());
        properties.put("axoniq.axonserver.snapshot.storage", dataDir.resolve("snapshots").toString());
        properties.put("management.endpoints.web.exposure.include", "health");
        // Axon Framework is on the test class path (for the test applications); the server itself is no Axon client
        properties.put("spring.autoconfigure.exclude", String.join(",", axonAutoConfigurations()));
        properties.putAll(extraProperties);
        return new DashboardServer(new SpringApplicationBuilder(Server.class).properties(properties).run());
    }

    private static List<String> axonAutoConfigurations() {
        List<String> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(DashboardServer.class.getClassLoader().getResources(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    reader.lines().map(String::strip).filter(l -> l.startsWith("org.axonframework."))
                          .forEach(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    EmbeddedAxonServer axonServer() {
        return context.getBean(EmbeddedAxonServer.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
