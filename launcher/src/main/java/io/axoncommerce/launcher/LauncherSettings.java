package io.axoncommerce.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the launcher starts where. Built from the command line ({@link #parse}) or by tests ({@link #forTests}).
 *
 * @param home        the repository root: the services' executable jars are {@code <home>/<module>/target/*-exec.jar}
 * @param dataDir     everything the system stores (events, Mongo, Elasticsearch, Kafka) and the services' logs
 * @param reset       wipe {@code dataDir} before starting
 * @param ports       port per property name ({@link #PORT_DEFAULTS}); 0 = a free one
 * @param serviceArgs extra Spring properties per service, passed on as {@code --name=value}
 * @param jvmOptions  options of every service JVM
 * @param elasticsearchJvmOptions options of the Elasticsearch node JVM (besides its heap)
 * @param startTimeout how long a service may take to start
 * @param topology    every service in this JVM (the default) or each in a JVM of its own
 */
public record LauncherSettings(Path home,
                               Path dataDir,
                               boolean reset,
                               Map<String, Integer> ports,
                               Map<String, List<String>> serviceArgs,
                               List<String> jvmOptions,
                               List<String> elasticsearchJvmOptions,
                               Duration startTimeout,
                               Topology topology) {

    /** Where the services run. */
    public enum Topology {
        /** Every service an application context of its own, all in the launcher's JVM. */
        ONE_JVM("one-jvm"),
        /** Every service a JVM of its own running its executable jar: a rehearsal of production. */
        PROCESSES("processes");

        private final String option;

        Topology(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static Topology of(String option) {
            for (Topology topology : values()) {
                if (topology.option.equals(option)) {
                    return topology;
                }
            }
            throw new IllegalArgumentException("Unknown topology '" + option + "': one-jvm or processes");
        }
    }

    /** Port properties and their defaults: the services' usual ports and the infrastructure's well-known ones. */
    public static final Map<String, Integer> PORT_DEFAULTS = defaults();

    /**
     * Small heaps and C1 only: the whole system is nine JVMs on a developer machine, and starting quickly matters
     * more there than peak throughput. Benchmarks can pass {@code --jvm-options=-Xmx512m} to get C2 back.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    public LauncherSettings {
        requireLoopbackUnlessProtected(serviceArgs);
        ports = Map.copyOf(ports);
        serviceArgs = Map.copyOf(serviceArgs);
        jvmOptions = List.copyOf(jvmOptions);
        elasticsearchJvmOptions = List.copyOf(elasticsearchJvmOptions);
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("gateway.port", 8080);
        ports.put("command-side.port", 8081);
        ports.put("query-side.port", 8082);
        ports.put("payment-adapter.port", 8083);
        ports.put("kafka-bridge.port", 8084);
        ports.put("notification-projector.port", 8085);
        ports.put("saga.port", 8086);
        ports.put("axonserver.http-port", 8024);
        ports.put("axonserver.grpc-port", 8124);
        ports.put("mongo.port", 27017);
        ports.put("elasticsearch.port", 9200);
        ports.put("kafka.port", 9092);
        ports.put("smtp.port", 3025);
        ports.put("imap.port", 3143);
        return java.util.Collections.unmodifiableMap(ports);
    }

    public int port(String property) {
        Integer port = ports.get(property);
        if (port == null) {
            throw new IllegalArgumentException("No port property " + property);
        }
        return port;
    }

    public List<String> argsOf(String service) {
        return serviceArgs.getOrDefault(service, List.of());
    }

    /** The Axon Server access token ({@code --axonserver.token}), which every Axon client then sends. */
    public java.util.Optional<String> axonServerToken() {
        return argsOf(Services.AXONSERVER).stream().filter(arg -> arg.startsWith(AXONSERVER_TOKEN_ARG))
                .map(arg -> arg.substring(AXONSERVER_TOKEN_ARG.length())).reduce((first, last) -> last);
    }

    private static final String AXONSERVER_TOKEN_ARG = "--axoniq.axonserver.accesscontrol.token=";
    private static final String ADDRESS_ARG = "--server.address=";

    /**
     * Every service listens on loopback ({@code server.address=127.0.0.1}); a {@code --<service>.server.address}
     * moves it. Only Axon Server may leave loopback, and only with access control: without it, whoever reaches the
     * port reads every event and answers commands in the services' place. The other services run in the local
     * profile, whose documented key and token endpoint make anyone who reaches them an admin.
     */
    private static void requireLoopbackUnlessProtected(Map<String, List<String>> serviceArgs) {
        serviceArgs.forEach((service, args) -> args.stream().filter(arg -> arg.startsWith(ADDRESS_ARG))
                .map(arg -> arg.substring(ADDRESS_ARG.length())).reduce((first, last) -> last)
                .filter(address -> !isLoopback(address))
                .ifPresent(address -> {
                    if (!service.equals(Services.AXONSERVER)) {
                        throw new IllegalArgumentException("--" + service + ".server.address=" + address
                                + " refused: the embedded default runs " + service + " in the local profile, whose "
                                + "documented signing key and token endpoint would let anyone who reaches it act as "
                                + "an admin. It listens on loopback only; docker-compose is the networked deployment.");
                    }
                    if (args.stream().noneMatch(arg -> arg.startsWith(AXONSERVER_TOKEN_ARG))) {
                        throw new IllegalArgumentException("--axonserver.server.address=" + address + " refused "
                                + "without --axonserver.token=<secret>: Axon Server without access control lets anyone "
                                + "who reaches it read every event, dispatch commands and answer them in the services' "
                                + "place.");
                    }
                }));
    }

    /**
     * Unlike {@code EmbeddedAxonServer.isLoopback}, which only decides whether to warn, an address that does not resolve
     * is refused here before anything starts. The launcher does not link the axonserver module either: the services run
     * from their own jars and class loaders.
     */
    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.address " + address + " is no address of this machine", e);
        }
    }

    /**
     * Every port 0, a temporary data directory, quick JVM settings, and the topology named by the system property
     * {@code axon-commerce.topology} (default {@code one-jvm}).
     */
    public static LauncherSettings forTests(Path home, Path dataDir) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        PORT_DEFAULTS.keySet().forEach(key -> ports.put(key, 0));
        return new LauncherSettings(home, dataDir, false, ports, Map.of(), DEFAULT_JVM_OPTIONS,
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), Duration.ofMinutes(4),
                Topology.of(System.getProperty("axon-commerce.topology", Topology.ONE_JVM.option())));
    }

    public LauncherSettings withServiceArg(String service, String property, String value) {
        Map<String, List<String>> args = new LinkedHashMap<>(serviceArgs);
        List<String> list = new ArrayList<>(args.getOrDefault(service, List.of()));
        list.add("--" + property + "=" + value);
        args.put(service, list);
        return new LauncherSettings(home, dataDir, reset, ports, args, jvmOptions, elasticsearchJvmOptions, startTimeout,
                topology);
    }

    /** The same settings with Axon Server's access control on: it requires the token, every service sends it. */
    public LauncherSettings withAxonServerToken(String token) {
        Map<String, List<String>> args = new LinkedHashMap<>(serviceArgs);
        addAxonServerToken(args, token);
        return new LauncherSettings(home, dataDir, reset, ports, args, jvmOptions, elasticsearchJvmOptions, startTimeout,
                topology);
    }

    private static void addAxonServerToken(Map<String, List<String>> serviceArgs, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--axonserver.token must not be empty");
        }
        List<String> axonServer = new ArrayList<>(serviceArgs.getOrDefault(Services.AXONSERVER, List.of()));
        axonServer.add("--axoniq.axonserver.accesscontrol.enabled=true");
        axonServer.add(AXONSERVER_TOKEN_ARG + token);
        serviceArgs.put(Services.AXONSERVER, axonServer);
    }

    public LauncherSettings withTopology(Topology chosen) {
        return new LauncherSettings(home, dataDir, reset, ports, serviceArgs, jvmOptions, elasticsearchJvmOptions,
                startTimeout, chosen);
    }

    /** The same settings with the ports actually chosen (0 replaced), so a restart reuses them. */
    public LauncherSettings withPorts(Map<String, Integer> chosen) {
        return new LauncherSettings(home, dataDir, false, chosen, serviceArgs, jvmOptions, elasticsearchJvmOptions,
                startTimeout, topology);
    }

    static final String USAGE = """
            usage: ./axon-commerce run [options]
              --data-dir=<dir>        where everything is stored (default ~/.axon-commerce)
              --reset                 wipe the data directory first
              --<name>.port=<port>    move a port (0 = a free one); names and defaults:
            %s
              --<service>.<property>=<value>
                                      a Spring property for one service, e.g.
                                      --payment-adapter.resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=10s
                                      services: axonserver, command-side, query-side, payment-adapter, saga, kafka-bridge,
                                      notification-projector, gateway
              --axonserver.token=<t>  require this access token at Axon Server (gRPC and dashboard); every
                                      service is given it (default: no access control on loopback)
              --axonserver.server.address=<a>
                                      where Axon Server listens (gRPC and dashboard; default 127.0.0.1);
                                      beyond loopback only with --axonserver.token. Everything else listens
                                      on loopback only.
              --topology=<t>          one-jvm (default): every service in the launcher's JVM;
                                      processes: every service in a JVM of its own, as in production
              --jvm-options=<a,b,..>  options of every service JVM with --topology=processes (default %s)
              --start-timeout=<sec>   how long one service may take to start (default 240)
            """;

    static String usage() {
        StringBuilder ports = new StringBuilder();
        PORT_DEFAULTS.forEach((name, port) -> ports.append(String.format("                                        %-22s %d%n", name, port)));
        return USAGE.formatted(ports.toString().stripTrailing(), String.join(",", DEFAULT_JVM_OPTIONS));
    }

    /** Parses the launcher's command line; unknown options are an error (a typo must not be silently ignored). */
    public static LauncherSettings parse(String[] args, Path defaultHome) {
        Path dataDir = Path.of(System.getProperty("user.home"), ".axon-commerce");
        boolean reset = false;
        Map<String, Integer> ports = new LinkedHashMap<>(PORT_DEFAULTS);
        Map<String, List<String>> serviceArgs = new LinkedHashMap<>();
        List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        Duration startTimeout = Duration.ofSeconds(240);
        Topology topology = Topology.ONE_JVM;
        Path home = defaultHome;
        for (String arg : args) {
            if (arg.equals("--reset")) {
                reset = true;
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + usage());
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.equals("data-dir")) {
                dataDir = Path.of(value);
            } else if (name.equals("home")) {
                home = Path.of(value);
            } else if (name.equals("jvm-options")) {
                jvmOptions = List.of(value.split(","));
            } else if (name.equals("topology")) {
                topology = Topology.of(value);
            } else if (name.equals("start-timeout")) {
                startTimeout = Duration.ofSeconds(Long.parseLong(value));
            } else if (name.equals("axonserver.token")) {
                addAxonServerToken(serviceArgs, value);
            } else if (ports.containsKey(name)) {
                ports.put(name, Integer.parseInt(value));
            } else if (name.contains(".") && Services.NAMES.contains(name.substring(0, name.indexOf('.')))) {
                String service = name.substring(0, name.indexOf('.'));
                serviceArgs.computeIfAbsent(service, s -> new ArrayList<>())
                        .add("--" + name.substring(service.length() + 1) + "=" + value);
            } else {
                throw new IllegalArgumentException("Unknown option '" + arg + "'\n" + usage());
            }
        }
        return new LauncherSettings(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(), reset,
                ports, serviceArgs, jvmOptions, List.of("-XX:+UseSerialGC"), startTimeout, topology);
    }
}
