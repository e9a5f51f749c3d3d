package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The production stack's compose file, checked by docker-compose itself ({@code config}: syntax, anchors, merge keys,
 * variables) and then for what the stack must contain. No container engine runs here; this is as far as it goes.
 * {@code ./axon-commerce test} installs docker-compose (scripts/ensure-docker-compose.sh).
 */
class DockerComposeConfigIT {

    private static final Path HOME = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @Test
    @SuppressWarnings("unchecked")
    void composeFileIsValidAndDescribesTheWholeStack() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), "docker-compose is not installed (scripts/ensure-docker-compose.sh)");
        assertThat(run("config", "-q")).isEmpty();

        Map<String, Object> config = new Yaml().load(run("config"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
        assertThat(services).containsKeys("axonserver", "mongo", "elasticsearch", "kafka", "command-side", "query-side",
                "payment-adapter", "saga", "kafka-bridge", "notification-projector", "gateway", "prometheus", "grafana",
                "jaeger");

        services.forEach((name, service) -> {
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            if (build != null) {
                String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
                assertThat(HOME.resolve(module).resolve("pom.xml")).as("module of %s", name).exists();
                Map<String, Object> env = (Map<String, Object>) service.get("environment");
                assertThat(env).as("environment of %s", name)
                        .containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124")
                        .containsKey("AXON_AXONSERVER_TOKEN");
                assertThat(service).as("%s waits for what it needs", name).containsKey("depends_on");
            }
        });
        assertThat((Map<String, Object>) services.get("axonserver").get("environment"))
                .containsEntry("AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED", "true")
                .containsKey("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN");
        for (String infra : List.of("axonserver", "mongo", "elasticsearch", "kafka", "gateway", "query-side", "saga")) {
            assertThat(services.get(infra)).as("health check of %s", infra).containsKey("healthcheck");
        }
        Map<String, Map<String, Object>> gatewayDeps =
                (Map<String, Map<String, Object>>) services.get("gateway").get("depends_on");
        assertThat(gatewayDeps).containsKeys("command-side", "query-side", "payment-adapter");
        gatewayDeps.values().forEach(dep -> assertThat(dep).containsEntry("condition", "service_healthy"));
        // docker-compose 1.29 prints ports in the long form (published/target maps), other versions as strings
        assertThat((List<Object>) services.get("gateway").get("ports")).anyMatch(p -> String.valueOf(p).contains("8080"));

        String prometheus = Files.readString(HOME.resolve("deploy/prometheus/prometheus.yml"));
        for (String scraped : List.of("gateway", "command-side", "query-side", "payment-adapter", "kafka-bridge",
                "notification-projector", "saga", "axonserver")) {
            assertThat(prometheus).contains(scraped + ":");
        }
        assertThat(HOME.resolve("deploy/grafana/dashboards/axon-commerce.json")).content().contains("resilience4j");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-f",
                HOME.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
