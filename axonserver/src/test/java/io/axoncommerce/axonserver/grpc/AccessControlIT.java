package io.axoncommerce.axonserver.grpc;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With an access token configured, calls without it (or with another one) are refused. */
class AccessControlIT {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).accessToken(TOKEN).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesCallsWithoutOrWithAWrongTokenAndServesTheRightOne() {
        for (String token : new String[]{null, "wrong"}) {
            ManagedChannel channel = GrpcClient.channel(server.grpcPort(), "default", token);
            try {
                assertThatThrownBy(() -> EventStoreGrpc.newBlockingStub(channel)
                                                       .getLastToken(GetLastTokenRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                            assertThat(e.getTrailers().get(AxonErrors.ERROR_CODE_KEY))
                                    .isEqualTo(token == null ? "AXONIQ-1000" : "AXONIQ-1001");
                        });
            } finally {
                channel.shutdownNow();
            }
        }
        ManagedChannel authorised = GrpcClient.channel(server.grpcPort(), "default", TOKEN);
        try {
            assertThat(EventStoreGrpc.newBlockingStub(authorised)
                                     .getLastToken(GetLastTokenRequest.getDefaultInstance()).getToken()).isEqualTo(-1);
        } finally {
            authorised.shutdownNow();
        }
    }

    @Test
    void axonsConnectorIsRefusedWithAWrongToken() throws Exception {
        AxonServerConnectionFactory wrong = AxonServerConnectionFactory.forClient("access-test", "wrong-client")
                                                                       .routingServers(new ServerAddress(
                                                                               "localhost", server.grpcPort()))
                                                                       .token("wrong")
                                                                       .build();
        AxonServerConnectionFactory right = AxonServerConnectionFactory.forClient("access-test", "right-client")
                                                                       .routingServers(new ServerAddress(
                                                                               "localhost", server.grpcPort()))
                                                                       .token(TOKEN)
                                                                       .build();
        try {
            // the connector logs the UNAUTHENTICATED answer to GetPlatformServer and stays disconnected
            AxonServerConnection refused = wrong.connect("default");
            assertThatThrownBy(() -> refused.eventChannel().getLastToken().get(10, TimeUnit.SECONDS))
                    .rootCause()
                    .isInstanceOf(StatusRuntimeException.class);
            assertThat(refused.isConnected()).isFalse();

            AxonServerConnection accepted = right.connect("default");
            assertThat(accepted.eventChannel().getLastToken().get(10, TimeUnit.SECONDS)).isEqualTo(-1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(accepted::isConnected);
        } finally {
            wrong.shutdown();
            right.shutdown();
        }
    }
}
