package io.axoncommerce.axonserver.config;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@link EmbeddedAxonServer} inside Spring Boot; Boot serves HTTP ({@code server.port}, 8024). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AxonServerProperties.class)
public class AxonServerConfiguration {

    /**
     * gRPC listens where Spring Boot's HTTP server does ({@code server.address}): one setting moves both, and without
     * it both listen on every interface, as Axon Server does.
     */
    @Bean(destroyMethod = "close")
    public EmbeddedAxonServer axonServer(AxonServerProperties properties,
                                         @Value("${server.port:8024}") int httpPort,
                                         @Value("${server.address:0.0.0.0}") String address) {
        if (properties.getAccesscontrol().isEnabled()
                && (properties.getAccesscontrol().getToken() == null
                || properties.getAccesscontrol().getToken().isBlank())) {
            throw new IllegalStateException("axoniq.axonserver.accesscontrol.enabled=true needs "
                                                    + "axoniq.axonserver.accesscontrol.token");
        }
        return EmbeddedAxonServer.builder()
                                 .grpcPort(properties.getPort())
                                 .bindAddress(address)
                                 .noHttp()
                                 .advertisedHttpPort(httpPort)
                                 .name(properties.getName())
                                 .hostname(properties.getHostname())
                                 .eventStorage(properties.getEvent().getStorage())
                                 .snapshotStorage(properties.getSnapshot().getStorage())
                                 .accessToken(properties.getAccesscontrol().isEnabled()
                                                      ? properties.getAccesscontrol().getToken() : null)
                                 .maxMessageSize(properties.getMaxMessageSize())
                                 .commandTimeout(properties.getDefaultCommandTimeout())
                                 .queryTimeout(properties.getDefaultQueryTimeout())
                                 .build()
                                 .start();
    }

    @Bean
    public HealthIndicator axonServerHealth(EmbeddedAxonServer server) {
        return () -> Health.up()
                           .withDetail("grpcPort", server.grpcPort())
                           .withDetail("lastToken", server.storage().lastToken())
                           .withDetail("connectedClients", server.platform().clients().size())
                           .build();
    }
}
