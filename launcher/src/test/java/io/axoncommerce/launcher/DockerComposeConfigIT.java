package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The production stack's compose file, checked by docker-compose itself ({@code config}: syntax, anchors, merge keys,
 * variables) and then for what the stack must contain and must not expose. No container engine runs here; this is as
 * far as it goes. {@code ./axon-commerce test} installs docker-compose (scripts/ensure-docker-compose.sh).
 * <p>
 * docker-compose runs with an environment this class sets, not the caller's: the required variables are exactly the
 * ones a test passes, and no {@code COMPOSE_*} variable or {@code .env} file chooses profiles or files.
 */
class DockerComposeConfigIT {

    private static final Path HOME = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    /** What an operator must set; values no default could have, so finding them proves they came from here. */
    private static final Map<String, String> REQUIRED = Map.of(
            "AXONSERVER_TOKEN", "it-axonserver-token-5f1c9a",
            "GRAFANA_ADMIN_PASSWORD", "it-grafana-password-8d27e4",
            "OAUTH2_ISSUER_URI", "https://id.example.test/realms/it",
            "PAYMENT_PROVIDER_BASE_URL", "https://psp.example.test/v1");

    /** Defaults that ship in tutorials and images: finding one in the stack means a secret anyone can guess. */
    private static final Set<String> WELL_KNOWN = Set.of("change-me", "changeme", "change-me-axon-commerce", "changeit",
            "admin", "password", "secret", "token", "axoniq", "default", "test", "12345678");

    /** The operator UIs, reachable through an SSH tunnel only: service -> host port on 127.0.0.1. */
    private static final Map<String, Integer> LOOPBACK_ONLY = Map.of("axonserver", 8024, "grafana", 3000,
            "prometheus", 9090, "jaeger", 16686, "mailpit", 8025);

    @BeforeEach
    void dockerComposeInstalled() {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), "docker-compose is not installed (scripts/ensure-docker-compose.sh)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeFileIsValidAndDescribesTheWholeStack() throws Exception {
        assertThat(run(REQUIRED, "config", "-q")).isEmpty();
        assertThat(run(REQUIRED, "--profile", "demo", "config", "-q")).isEmpty();

        Map<String, Map<String, Object>> services = services(REQUIRED);
        assertThat(services).containsKeys("axonserver", "mongo", "elasticsearch", "kafka", "command-side", "query-side",
                "payment-adapter", "saga", "kafka-bridge", "notification-projector", "gateway", "prometheus", "grafana",
                "jaeger");

        services.forEach((name, service) -> {
            assertThat(service).as("restart policy of %s", name).containsEntry("restart", "unless-stopped");
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            if (build != null) {
                String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
                assertThat(HOME.resolve(module).resolve("pom.xml")).as("module of %s", name).exists();
                Map<String, Object> env = (Map<String, Object>) service.get("environment");
                assertThat(env).as("environment of %s", name).containsKey("AXON_AXONSERVER_TOKEN");
                // the demo's simulator is kept off the bus on purpose: onlyTheDemoProfileTurnsOnTheSimulator
                if (!name.equals("payment-simulator")) {
                    assertThat(env).as("environment of %s", name)
                            .containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124");
                    assertThat(service).as("%s waits for what it needs", name).containsKey("depends_on");
                }
            }
        });
        assertThat((Map<String, Object>) services.get("axonserver").get("environment"))
                .containsEntry("AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED", "true")
                .containsEntry("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN", REQUIRED.get("AXONSERVER_TOKEN"));
        for (String infra : List.of("axonserver", "mongo", "elasticsearch", "kafka", "gateway", "query-side", "saga")) {
            assertThat(services.get(infra)).as("health check of %s", infra).containsKey("healthcheck");
        }
        Map<String, Map<String, Object>> gatewayDeps =
                (Map<String, Map<String, Object>>) services.get("gateway").get("depends_on");
        // the services it routes to in production; the payment adapter and the saga it reaches only in the local profile
        assertThat(gatewayDeps).containsKeys("command-side", "query-side", "kafka-bridge").doesNotContainKey("payment-adapter");
        gatewayDeps.values().forEach(dep -> assertThat(dep).containsEntry("condition", "service_healthy"));
        assertThat(publishedPorts(services.get("gateway"))).containsExactly(new Published(null, 8080, 8080));
        // the published port carries the API alone: the gateway's actuator is on its unpublished management port
        Map<String, Object> gatewayEnv = (Map<String, Object>) services.get("gateway").get("environment");
        assertThat(gatewayEnv).containsEntry("MANAGEMENT_SERVER_PORT", "8081");
        assertThat(String.valueOf(((Map<String, Object>) services.get("gateway").get("healthcheck")).get("test")))
                .contains("localhost:8081/actuator/health");

        String prometheus = Files.readString(HOME.resolve("deploy/prometheus/prometheus.yml"));
        for (String scraped : List.of("gateway", "command-side", "query-side", "payment-adapter", "kafka-bridge",
                "notification-projector", "saga", "axonserver")) {
            assertThat(prometheus).contains(scraped + (scraped.equals("gateway") ? ":8081" : ":"));
        }
        assertThat(HOME.resolve("deploy/grafana/dashboards/axon-commerce.json")).content().contains("resilience4j");
    }

    @Test
    void refusesToStartWithoutEachRequiredVariableAndSaysWhatToSet() throws Exception {
        // what the message says besides the name: how to make a secret, or what the value looks like
        Map<String, String> hints = Map.of(
                "AXONSERVER_TOKEN", "openssl rand -hex 24",
                "GRAFANA_ADMIN_PASSWORD", "openssl rand -hex 24",
                "OAUTH2_ISSUER_URI", "https://",
                "PAYMENT_PROVIDER_BASE_URL", "--profile demo: http://payment-simulator:8080/simulator/payments");
        // docker-compose 1.29 stops at the first missing variable, so each one is left out on its own
        for (String missing : REQUIRED.keySet()) {
            Map<String, String> without = new HashMap<>(REQUIRED);
            without.remove(missing);
            Map<String, String> blank = new HashMap<>(REQUIRED);
            blank.put(missing, "");
            for (Map<String, String> env : List.of(without, blank)) {
                for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "demo"))) {
                    List<String> args = new ArrayList<>(profile);
                    args.addAll(List.of("config", "-q"));
                    Result result = compose(env, args.toArray(String[]::new));
                    assertThat(result.exitCode()).as("exit code, %s is %s %s: %s", missing,
                            env.containsKey(missing) ? "blank" : "unset", profile, result.output()).isNotZero();
                    assertThat(result.output()).as("error without %s", missing)
                            .contains("set " + missing).contains(hints.get(missing));
                }
            }
        }
        Result nothingSet = compose(Map.of(), "config", "-q");
        assertThat(nothingSet.exitCode()).isNotZero();
        assertThat(nothingSet.output()).containsAnyOf(REQUIRED.keySet().stream().map(v -> "set " + v)
                .toArray(String[]::new));
    }

    @Test
    void onlyTheGatewayIsPublishedBeyondLoopback() throws Exception {
        // the demo profile too: whatever it adds must not be published
        Map<String, Map<String, Object>> services = services(REQUIRED, "--profile", "demo");
        Map<String, List<Published>> published = new TreeMap<>();
        services.forEach((name, service) -> {
            List<Published> ports = publishedPorts(service);
            if (!ports.isEmpty()) {
                published.put(name, ports);
            }
        });

        Map<String, List<Published>> expected = new TreeMap<>();
        expected.put("gateway", List.of(new Published(null, 8080, 8080)));
        LOOPBACK_ONLY.forEach((name, port) -> expected.put(name, List.of(new Published("127.0.0.1", port, port))));
        assertThat(published).isEqualTo(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheDemoProfileTurnsOnTheSimulatorUnpublishedAndOffTheBus() throws Exception {
        Map<String, Map<String, Object>> defaultMode = active(services(REQUIRED), List.of());
        Map<String, Map<String, Object>> demoMode = active(services(REQUIRED, "--profile", "demo"), List.of("demo"));

        assertThat(withSimulatorOn(defaultMode)).as("simulator on by default").isEmpty();
        Map<String, Object> adapterEnv = (Map<String, Object>) defaultMode.get("payment-adapter").get("environment");
        // stated, not left to the application's default (which is on, for local runs)
        assertThat(adapterEnv).containsEntry("PAYMENT_SIMULATOR_ENABLED", "false")
                .containsEntry("PAYMENT_PROVIDER_BASE_URL", REQUIRED.get("PAYMENT_PROVIDER_BASE_URL"));
        assertThat(paymentAdaptersOnTheBus(defaultMode)).containsExactly("payment-adapter");

        assertThat(withSimulatorOn(demoMode)).containsExactly("payment-simulator");
        Map<String, Object> simulator = demoMode.get("payment-simulator");
        assertThat(simulator).as("ports of the demo's simulator (its admin switches)").doesNotContainKey("ports");
        assertThat(simulator.get("profiles")).isEqualTo(List.of("demo"));
        assertThat(paymentAdaptersOnTheBus(demoMode)).as("one handler of payment commands")
                .containsExactly("payment-adapter");
        assertThat(((Map<String, Object>) demoMode.get("payment-adapter").get("environment")))
                .containsEntry("PAYMENT_SIMULATOR_ENABLED", "false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noSecretHasAWellKnownValue() throws Exception {
        Set<String> ours = new TreeSet<>(REQUIRED.values());
        services(REQUIRED, "--profile", "demo").forEach((name, service) -> {
            Map<String, Object> env = (Map<String, Object>) service.getOrDefault("environment", Map.of());
            env.forEach((key, value) -> {
                String text = String.valueOf(value);
                assertThat(text.toLowerCase()).as("%s of %s", key, name).isNotIn(WELL_KNOWN)
                        .doesNotContain("change-me").doesNotContain("changeme");
                if (key.matches("(?i).*(TOKEN|PASSWORD|SECRET|CREDENTIAL).*") && !text.isEmpty()) {
                    assertThat(text).as("%s of %s comes from a required variable", key, name).isIn(ours);
                }
            });
        });
        // a default behind a variable never shows above, where every variable is set: read the file for one
        String file = Files.readString(HOME.resolve("docker-compose.yml"));
        assertThat(file.toLowerCase()).doesNotContain("change-me").doesNotContain("changeme");
        assertThat(Pattern.compile("\\$\\{(\\w*(TOKEN|PASSWORD|SECRET|CREDENTIAL|KEY)\\w*):?-")
                .matcher(file).results().map(m -> m.group(1)).toList()).as("secrets with a default").isEmpty();
        Map<String, Object> grafana = (Map<String, Object>) services(REQUIRED).get("grafana").get("environment");
        assertThat(grafana).containsEntry("GF_SECURITY_ADMIN_PASSWORD", REQUIRED.get("GRAFANA_ADMIN_PASSWORD"))
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false")
                .containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
    }

    /** The services of {@code docker-compose [options] config}, run with {@code env} as the required variables. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, String> env, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("config");
        Map<String, Object> config = new Yaml().load(run(env, args.toArray(String[]::new)));
        return (Map<String, Map<String, Object>>) config.get("services");
    }

    /** Services a run with these profiles starts (docker-compose 1.29's config lists all of them, later ones not). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> active(Map<String, Map<String, Object>> services,
                                                           Collection<String> profiles) {
        Map<String, Map<String, Object>> active = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            List<String> own = (List<String>) service.get("profiles");
            if (own == null || own.isEmpty() || own.stream().anyMatch(profiles::contains)) {
                active.put(name, service);
            }
        });
        return active;
    }

    @SuppressWarnings("unchecked")
    private static List<String> withSimulatorOn(Map<String, Map<String, Object>> services) {
        return services.entrySet().stream()
                .filter(e -> "true".equals(String.valueOf(((Map<String, Object>) e.getValue()
                        .getOrDefault("environment", Map.of())).get("PAYMENT_SIMULATOR_ENABLED"))))
                .map(Map.Entry::getKey).toList();
    }

    /** Containers of the payment-adapter module that connect to Axon Server, and so handle payment commands. */
    @SuppressWarnings("unchecked")
    private static List<String> paymentAdaptersOnTheBus(Map<String, Map<String, Object>> services) {
        return services.entrySet().stream().filter(e -> {
            Map<String, Object> build = (Map<String, Object>) e.getValue().get("build");
            Map<String, Object> env = (Map<String, Object>) e.getValue().getOrDefault("environment", Map.of());
            return build != null && "payment-adapter".equals(((Map<String, Object>) build.get("args")).get("MODULE"))
                    && String.valueOf(env.get("AXON_AXONSERVER_SERVERS")).contains("axonserver");
        }).map(Map.Entry::getKey).toList();
    }

    /** A published port; {@code hostIp} null means every interface. */
    record Published(String hostIp, int published, int target) {
    }

    /**
     * docker-compose 1.29 prints a port with a host address as the short string ({@code 127.0.0.1:8024:8024/tcp}) and
     * one without as the long form ({@code published}/{@code target}, {@code host_ip} if any); other versions differ.
     */
    @SuppressWarnings("unchecked")
    private static List<Published> publishedPorts(Map<String, Object> service) {
        List<Published> result = new ArrayList<>();
        for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
            if (port instanceof Map<?, ?> map) {
                Object published = map.get("published");
                int target = Integer.parseInt(String.valueOf(map.get("target")));
                result.add(new Published((String) map.get("host_ip"),
                        published == null ? 0 : Integer.parseInt(String.valueOf(published)), target));
            } else {
                String spec = String.valueOf(port).replaceFirst("/(tcp|udp)$", "");
                int last = spec.lastIndexOf(':');
                if (last < 0) {
                    // a container port alone is published on an ephemeral port of every interface
                    result.add(new Published(null, 0, Integer.parseInt(spec)));
                    continue;
                }
                int target = Integer.parseInt(spec.substring(last + 1));
                String rest = spec.substring(0, last);
                int hostSeparator = rest.lastIndexOf(':');
                String hostIp = hostSeparator < 0 ? null : rest.substring(0, hostSeparator);
                int published = Integer.parseInt(hostSeparator < 0 ? rest : rest.substring(hostSeparator + 1));
                result.add(new Published(hostIp, published, target));
            }
        }
        return result;
    }

    /** docker-compose's output; fails the test unless it exits with 0. */
    private static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Result result = compose(env, args);
        assertThat(result.exitCode()).as("docker-compose %s: %s", String.join(" ", args), result.output()).isZero();
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    private static String emptyEnvFile;

    /**
     * Runs docker-compose on the repository's file with the caller's environment minus every required variable and
     * every {@code COMPOSE_*} setting, plus {@code env}; an empty env file stands in for a {@code .env} in the project.
     */
    private static Result compose(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "--env-file", emptyEnvFile(),
                "-f", HOME.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> REQUIRED.containsKey(key) || key.startsWith("COMPOSE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static synchronized String emptyEnvFile() {
        if (emptyEnvFile == null) {
            try {
                Path file = Files.createTempFile("docker-compose-it", ".env");
                file.toFile().deleteOnExit();
                emptyEnvFile = file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return emptyEnvFile;
    }
}
