package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The standalone server with Axon Server's defaults: every interface, no access control. It says so loudly, serves
 * its dashboard to this machine only, and refuses actions a browser sends for another site. An embedded server
 * (the builder's default) listens on loopback only.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenServerExposureIT {

    private static final String ACTION = "/v1/processors/some-processor/pause?clientId=nobody";

    @TempDir
    static Path dataDir;
    static DashboardServer server;
    static CapturedOutput startOutput;

    @BeforeAll
    static void start(CapturedOutput output) {
        server = DashboardServer.start(dataDir, Map.of("server.address", "0.0.0.0"));
        startOutput = output;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void warnsThatItListensBeyondLoopbackWithoutAccessControl() {
        assertThat(startOutput.getOut()).contains("Axon Server listens on 0.0.0.0")
                                        .contains("WITHOUT access control");
    }

    @Test
    void dashboardServesThisMachineOnly() {
        String address = nonLoopbackAddress().orElse(null);
        assumeTrue(address != null, "this machine has no non-loopback IPv4 address to call from");
        int port = URI.create(server.baseUrl()).getPort();
        Http fromNetwork = new Http("http://" + address + ":" + port);

        Http.Response refused = fromNetwork.get("/v1/overview");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains("admin-password");
        assertThat(fromNetwork.get("/").status()).isEqualTo(403);
        assertThat(fromNetwork.post(ACTION).status()).isEqualTo(403);
        assertThat(fromNetwork.get("/actuator/health").status()).as("health stays open").isEqualTo(200);

        assertThat(new Http(server.baseUrl()).get("/v1/overview").status()).as("from loopback").isEqualTo(200);
    }

    @Test
    void actionsFromAnotherSiteAreRefused() {
        Http http = new Http(server.baseUrl());
        Http.Response crossSite = http.post(ACTION, Map.of("Sec-Fetch-Site", "cross-site"), "");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().path("detail").asText()).contains("Cross-site");
        assertThat(http.post(ACTION, Map.of("Sec-Fetch-Site", "same-site"), "").status()).isEqualTo(403);
        assertThat(http.post(ACTION, Map.of("Origin", "http://evil.example"), "").status()).isEqualTo(403);
        assertThat(http.post(ACTION, Map.of("Origin", "null"), "").status()).isEqualTo(403);

        // the dashboard's own pages, and clients that are no browser, reach the controller (no such application)
        assertThat(http.post(ACTION, Map.of("Sec-Fetch-Site", "same-origin"), "").status()).isEqualTo(404);
        assertThat(http.post(ACTION, Map.of("Origin", server.baseUrl()), "").status()).isEqualTo(404);
        assertThat(http.post(ACTION).status()).isEqualTo(404);
        // reading is no action
        assertThat(http.get("/v1/overview", Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(200);
    }

    @Test
    void anEmbeddedServerListensOnLoopbackByDefault(@TempDir Path embeddedData) throws IOException {
        String address = nonLoopbackAddress().orElse(null);
        assumeTrue(address != null, "this machine has no non-loopback IPv4 address to call from");
        try (EmbeddedAxonServer embedded = EmbeddedAxonServer.builder().grpcPort(0).httpPort(0)
                                                             .dataDirectory(embeddedData).build().start()) {
            for (int port : new int[] {embedded.grpcPort(), embedded.httpPort()}) {
                try (Socket local = new Socket()) {
                    local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                }
                assertThatThrownBy(() -> {
                    try (Socket remote = new Socket()) {
                        remote.connect(new InetSocketAddress(address, port), 2_000);
                    }
                }).as("port %d on %s", port, address).isInstanceOf(IOException.class);
            }
        }
    }

    private static Optional<String> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(OpenServerExposureIT::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
