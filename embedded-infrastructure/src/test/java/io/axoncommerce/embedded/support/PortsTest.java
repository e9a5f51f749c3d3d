package io.axoncommerce.embedded.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void picksDistinctBindablePortsOutsideTheRangeOutgoingConnectionsUse() throws IOException {
        int ephemeralLow = Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.freePort();
            assertThat(port).isLessThan(ephemeralLow);
            assertThat(picked.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aTakenPortIsRefusedNamingThePropertyToChange() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
            assertThatThrownBy(() -> Ports.requireFree("Kafka", taken.getLocalPort(), "kafka.port"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("'kafka.port'");
        }
    }
}
