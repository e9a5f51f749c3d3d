package io.axoncommerce.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Axon Framework's own {@link JdbcEventStorageEngine} on an H2 file database, wired as a Spring Boot application
 * would wire it (Hikari pool, Spring transactions, Jackson serializer).
 */
final class JdbcTarget implements EventStoreTarget {

    private final HikariDataSource dataSource;
    private final SpringTransactionManager transactionManager;
    private final JdbcEventStorageEngine engine;

    JdbcTarget(Path dir, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("axon-events").toAbsolutePath());
        config.setUsername("sa");
        config.setMaximumPoolSize(poolSize);
        dataSource = new HikariDataSource(config);
        transactionManager = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(Payloads.MAPPER).build();
        engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        engine.createSchema(H2EventTableFactory.INSTANCE);
    }

    @Override
    public String name() {
        return "Axon JdbcEventStorageEngine (H2 file)";
    }

    @Override
    public Appender appender(String aggregateId) {
        long[] sequence = {0};
        return count -> {
            List<DomainEventMessage<?>> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String traceId = UUID.randomUUID().toString();
                events.add(new GenericDomainEventMessage<>("Order", aggregateId, sequence[0] + i,
                        Payloads.next(aggregateId), MetaData.with("traceId", traceId).and("correlationId", traceId)));
            }
            transactionManager.executeInTransaction(() -> engine.appendEvents(events));
            sequence[0] += count;
        };
    }

    @Override
    public long readFromStart(long count) {
        long read = 0;
        long checksum = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            while (read < count && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                checksum += event.getIdentifier().length() + event.trackingToken().position().orElse(0);
                read++;
            }
        }
        Blackhole.consume(checksum);
        return read;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
