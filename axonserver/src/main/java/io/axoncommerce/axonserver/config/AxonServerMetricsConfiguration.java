package io.axoncommerce.axonserver.config;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's figures for Prometheus ({@code /actuator/prometheus}), all read at scrape time from what the server
 * already keeps (no bookkeeping on the append path):
 * <ul>
 *   <li>{@code axonserver_events_appended_total}: events in the store (tokens are contiguous and events never
 *   deleted, so the last token + 1); its {@code rate()} is the append rate;</li>
 *   <li>{@code axonserver_store_size_bytes}: events and snapshots on disk;</li>
 *   <li>{@code axonserver_clients_connected}: applications with an open platform connection;</li>
 *   <li>{@code axonserver_aggregates}, {@code axonserver_snapshots}: stored aggregates and snapshots.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AxonServerMetricsConfiguration {

    @Bean
    MeterBinder axonServerMetrics(EmbeddedAxonServer server) {
        return registry -> bind(server, registry);
    }

    static void bind(EmbeddedAxonServer server, MeterRegistry registry) {
        FunctionCounter.builder("axonserver.events.appended", server, s -> s.storage().lastToken() + 1)
                .description("Events appended to the event store since it was created")
                .register(registry);
        Gauge.builder("axonserver.store.size", server, s -> s.storage().sizeOnDisk())
                .description("Bytes the event and snapshot store occupy on disk").baseUnit("bytes")
                .register(registry);
        Gauge.builder("axonserver.clients.connected", server, s -> s.platform().clients().size())
                .description("Client applications connected to the platform service").register(registry);
        Gauge.builder("axonserver.aggregates", server, s -> s.storage().aggregateCount())
                .description("Aggregates with at least one event").register(registry);
        Gauge.builder("axonserver.snapshots", server, s -> s.storage().snapshotCount())
                .description("Snapshots stored").register(registry);
    }
}
