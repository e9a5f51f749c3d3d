package io.axoncommerce.axonserver;

import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The executable jar as a user runs it: {@code java -jar axonserver-<version>-exec.jar} with Axon Server's property
 * names on the command line.
 */
class StandaloneServerIT {

    private static final Pattern GRPC_READY = Pattern.compile("ready: gRPC port (\\d+)");
    private static final Pattern HTTP_READY = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void runsFromTheExecutableJarWithAxonServerPropertyNames() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("axonserver-.*-exec\\.jar")).findFirst()
                       .orElseThrow(() -> new AssertionError("no executable jar in target/: run ./mvnw verify"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                java, "-Daxoniq.update-checker.disabled=true", "-Xmx256m", "-jar", jar.toString(),
                "--server.port=0",
                "--axoniq.axonserver.port=0",
                "--axoniq.axonserver.name=standalone-test",
                "--axoniq.axonserver.hostname=localhost",
                "--axoniq.axonserver.event.storage=" + dataDir.resolve("ev"),
                "--axoniq.axonserver.snapshot.storage=" + dataDir.resolve("sn"),
                "--axoniq.axonserver.accesscontrol.enabled=true",
                "--axoniq.axonserver.accesscontrol.token=standalone-token")
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> grpcPort = new CompletableFuture<>();
        CompletableFuture<Integer> httpPort = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    complete(GRPC_READY.matcher(line), grpcPort);
                    complete(HTTP_READY.matcher(line), httpPort);
                }
            } catch (IOException e) {
                grpcPort.completeExceptionally(e);
            }
            grpcPort.completeExceptionally(new AssertionError("server exited:\n" + String.join("\n", output)));
            httpPort.completeExceptionally(new AssertionError("server exited"));
        });
        try {
            int grpc = grpcPort.get(90, TimeUnit.SECONDS);
            int http = httpPort.get(30, TimeUnit.SECONDS);

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"grpcPort\":" + grpc);

            // the jar's component scan wires the dashboard, guarded by the access token
            HttpClient client = HttpClient.newHttpClient();
            URI overview = URI.create("http://localhost:" + http + "/v1/overview");
            assertThat(client.send(HttpRequest.newBuilder(overview).build(), HttpResponse.BodyHandlers.ofString())
                           .statusCode()).isEqualTo(401);
            HttpResponse<String> dashboard = client.send(
                    HttpRequest.newBuilder(overview).header("AxonIQ-Access-Token", "standalone-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(dashboard.body()).contains("\"node\":\"standalone-test\"");
            HttpResponse<String> page = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

            assertThat(platformInfo(grpc, "standalone-token").getPrimary().getNodeName()).isEqualTo("standalone-test");
            assertThatThrownBy(() -> platformInfo(grpc, null))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                                            e -> assertThat(e.getStatus().getCode())
                                                    .isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThat(Files.isDirectory(dataDir.resolve("ev"))).isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            reader.join(5_000);
        }
    }

    private static void complete(Matcher matcher, CompletableFuture<Integer> port) {
        if (matcher.find()) {
            port.complete(Integer.parseInt(matcher.group(1)));
        }
    }

    private static PlatformInfo platformInfo(int port, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("AxonIQ-Access-Token", Metadata.ASCII_STRING_MARSHALLER), token);
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext()
                                                    .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                                                    .build();
        try {
            return PlatformServiceGrpc.newBlockingStub(channel).getPlatformServer(
                    ClientIdentification.newBuilder().setClientId("probe").build());
        } finally {
            channel.shutdownNow();
        }
    }
}
