package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void defaultsAreTheUsualPorts() {
        LauncherSettings settings = LauncherSettings.parse(new String[0], HOME);
        assertThat(settings.port("gateway.port")).isEqualTo(8080);
        assertThat(settings.port("axonserver.grpc-port")).isEqualTo(8124);
        assertThat(settings.port("axonserver.http-port")).isEqualTo(8024);
        assertThat(settings.reset()).isFalse();
        assertThat(settings.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".axon-commerce"));
        assertThat(settings.jvmOptions()).isEqualTo(LauncherSettings.DEFAULT_JVM_OPTIONS);
        assertThat(settings.topology()).isEqualTo(LauncherSettings.Topology.ONE_JVM);
    }

    @Test
    void theTopologyIsOneJvmOrProcesses() {
        assertThat(LauncherSettings.parse(new String[]{"--topology=processes"}, HOME).topology())
                .isEqualTo(LauncherSettings.Topology.PROCESSES);
        assertThat(LauncherSettings.parse(new String[]{"--topology=one-jvm"}, HOME).topology())
                .isEqualTo(LauncherSettings.Topology.ONE_JVM);
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"--topology=threads"}, HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown topology 'threads': one-jvm or processes");
    }

    @Test
    void portsDataDirResetAndServicePropertiesComeFromTheCommandLine() {
        LauncherSettings settings = LauncherSettings.parse(new String[]{"--gateway.port=9080", "--reset",
                "--data-dir=/tmp/x", "--payment-adapter.resilience4j.circuitbreaker.instances.payment-provider"
                + ".wait-duration-in-open-state=5s", "--jvm-options=-Xmx512m,-XX:+UseG1GC"}, HOME);
        assertThat(settings.port("gateway.port")).isEqualTo(9080);
        assertThat(settings.reset()).isTrue();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(settings.argsOf("payment-adapter")).containsExactly(
                "--resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=5s");
        assertThat(settings.argsOf("saga")).isEmpty();
        assertThat(settings.jvmOptions()).containsExactly("-Xmx512m", "-XX:+UseG1GC");
    }

    @Test
    void anAxonServerTokenTurnsOnAccessControlAndIsGivenToTheClients() {
        assertThat(LauncherSettings.parse(new String[0], HOME).axonServerToken()).isEmpty();
        LauncherSettings settings = LauncherSettings.parse(new String[]{"--axonserver.token=s3cret"}, HOME);
        assertThat(settings.argsOf("axonserver")).containsExactly("--axoniq.axonserver.accesscontrol.enabled=true",
                "--axoniq.axonserver.accesscontrol.token=s3cret");
        assertThat(settings.axonServerToken()).hasValue("s3cret");
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"--axonserver.token="}, HOME))
                .hasMessageContaining("must not be empty");
    }

    @Test
    void onlyAxonServerMayLeaveLoopbackAndOnlyWithAToken() {
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"--axonserver.server.address=0.0.0.0"}, HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refused without --axonserver.token");
        assertThat(LauncherSettings.parse(new String[]{"--axonserver.server.address=0.0.0.0",
                "--axonserver.token=s3cret"}, HOME).argsOf("axonserver")).contains("--server.address=0.0.0.0");
        assertThat(LauncherSettings.parse(new String[]{"--axonserver.server.address=::1"}, HOME).argsOf("axonserver"))
                .contains("--server.address=::1");
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"--gateway.server.address=0.0.0.0",
                "--axonserver.token=s3cret"}, HOME))
                .hasMessageContaining("local profile");
        assertThatThrownBy(() -> LauncherSettings.forTests(HOME, Path.of("/tmp/x"))
                .withServiceArg("query-side", "server.address", "192.0.2.1"))
                .hasMessageContaining("--query-side.server.address=192.0.2.1 refused");
    }

    @Test
    void unknownOptionsAreRefusedWithTheUsage() {
        // "--<service>.<property>" passes any property on to a service, so a typo is caught only outside the services
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"--kafka.prot=1"}, HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option '--kafka.prot=1'")
                .hasMessageContaining("--<name>.port=<port>");
        assertThat(LauncherSettings.parse(new String[]{"--gateway.prot=1"}, HOME).argsOf("gateway"))
                .containsExactly("--prot=1");
        assertThatThrownBy(() -> LauncherSettings.parse(new String[]{"reset"}, HOME))
                .hasMessageContaining("Unknown argument 'reset'");
    }

    @Test
    void aTakenPortIsNamedWithThePropertyThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree(Map.of("gateway.port", port, "kafka.port", 0)))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessage("port " + port + " is already in use: stop what holds it or choose another port with "
                            + "--gateway.port=<port> (0 picks a free one)");
        }
    }

    @Test
    void aTakenPortStopsTheStartBeforeAnythingRuns() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "axon-commerce-never-created-" + taken.getLocalPort());
            LauncherSettings settings = LauncherSettings.forTests(HOME, dataDir);
            java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>(settings.ports());
            ports.put("axonserver.grpc-port", taken.getLocalPort());
            assertThatThrownBy(() -> AxonCommerceSystem.start(settings.withPorts(ports)))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("--axonserver.grpc-port=<port>");
            assertThat(dataDir).doesNotExist();
        }
    }

    @Test
    void usageListsEveryPort() {
        String usage = LauncherSettings.usage();
        LauncherSettings.PORT_DEFAULTS.forEach((name, port) -> assertThat(usage).contains(name).contains(String.valueOf(port)));
        assertThat(List.of(usage.split("\n"))).anyMatch(l -> l.contains("--reset"));
    }
}
