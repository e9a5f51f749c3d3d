package io.axoncommerce.benchmarks;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.nio.file.Path;

/**
 * Our server, embedded in this JVM, reached over gRPC on localhost through AxonIQ's connector (the library Axon
 * Framework's AxonServerEventStore uses): the path an application's events really take.
 */
final class GrpcTarget implements EventStoreTarget {

    private final Path dir;
    private EmbeddedAxonServer server;
    private AxonServerConnectionFactory connectionFactory;
    private EventChannel events;

    GrpcTarget(Path dir) {
        this.dir = dir;
        start();
    }

    private void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dir).build().start();
        connectionFactory = AxonServerConnectionFactory.forClient("event-store-benchmark")
                .routingServers(new ServerAddress("localhost", server.grpcPort()))
                .build();
        AxonServerConnection connection = connectionFactory.connect("default");
        events = connection.eventChannel();
    }

    @Override
    public String name() {
        return "our server via gRPC";
    }

    @Override
    public Appender appender(String aggregateId) {
        long[] sequence = {0};
        return count -> {
            AppendEventsTransaction tx = events.startAppendEventsTransaction();
            for (int i = 0; i < count; i++) {
                tx.appendEvent(StorageTarget.event(aggregateId, sequence[0] + i));
            }
            tx.commit().get();
            sequence[0] += count;
        };
    }

    @Override
    public long readFromStart(long count) throws InterruptedException {
        long read = 0;
        long checksum = 0;
        // Buffer and refill as Axon Framework's streaming processors ask for them (5000 permits, refill by 1000).
        try (EventStream stream = events.openStream(-1, 5000, 1000)) {
            while (read < count) {
                EventWithToken event = stream.next();
                checksum += event.getToken() + event.getEvent().getPayload().getData().size();
                read++;
            }
        }
        Blackhole.consume(checksum);
        return read;
    }

    @Override
    public double restartSeconds() {
        stop();
        long start = System.nanoTime();
        start();
        return (System.nanoTime() - start) / 1e9;
    }

    private void stop() {
        connectionFactory.shutdown();
        server.close();
    }

    @Override
    public void close() {
        stop();
    }
}
