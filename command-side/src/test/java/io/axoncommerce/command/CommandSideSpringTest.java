package io.axoncommerce.command;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;

/**
 * The real module, with the real Axon Framework, on a local command bus and an in-memory event store (no Axon
 * Server). All subclasses share one Spring context. The snapshot threshold is low so that snapshots are taken and
 * used by ordinary test flows. Tokens are signed with the local profile's key; every MockMvc request is sent as
 * customer {@code c-1} who is also a catalogue admin, unless a test sends another token or none
 * ({@link TestTokens}).
 */
@SpringBootTest(classes = CommandSideApplication.class)
@AutoConfigureMockMvc
@Import(CommandSideSpringTest.InMemoryEventStoreConfiguration.class)
@ActiveProfiles("local")
@TestPropertySource(properties = {
        // The axonserver module (a test dependency) brings its own application.properties; this is not that app.
        "spring.application.name=command-side",
        "axon.axonserver.enabled=false",
        "axon-commerce.snapshot.threshold=5"
})
public abstract class CommandSideSpringTest {

    @Autowired
    protected EventStorageEngine storageEngine;

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryEventStoreConfiguration {

        @Bean
        EventStorageEngine commandSideTestStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        MockMvcBuilderCustomizer commandSideTestCaller() {
            return builder -> builder.defaultRequest(get("/").with(TestTokens.defaultCaller("c-1", "customer",
                    "catalog-admin")));
        }
    }

    /** Every event in the store, in order. */
    protected List<? extends EventMessage<?>> storedEvents() {
        return storageEngine.readEvents(null, false).toList();
    }

    protected List<Object> storedPayloads() {
        return storedEvents().stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }
}
