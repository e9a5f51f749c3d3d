package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.platform.PlatformService.ConnectedClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /v1/overview}: connected applications, the handlers each offers, event store figures. */
@RestController
class OverviewController {

    private final EmbeddedAxonServer server;
    private final AppendRate appendRate;

    OverviewController(EmbeddedAxonServer server, AppendRate appendRate) {
        this.server = server;
        this.appendRate = appendRate;
    }

    record Application(String clientId, String component, String host, Instant since, List<String> commands,
                       List<String> queries, List<String> processors) {
    }

    record EventStoreFigures(long events, long aggregates, long snapshots, long sizeOnDiskBytes,
                             double appendRatePerSecond, long lastToken) {
    }

    record Overview(String node, List<Application> applications, EventStoreFigures eventStore) {
    }

    @GetMapping("/v1/overview")
    Overview overview() {
        Map<String, Set<String>> commands = server.commands().subscriptions();
        Map<String, Set<String>> queries = server.queries().subscriptions();
        List<Application> applications = server.platform().clients().stream()
                .sorted(Comparator.comparing(ConnectedClient::componentName).thenComparing(ConnectedClient::clientId))
                .map(c -> new Application(c.clientId(), c.componentName(), c.host(), c.connectedAt(),
                                          handledBy(commands, c.clientId()), handledBy(queries, c.clientId()),
                                          c.processors().keySet().stream().sorted().toList()))
                .toList();
        EventStorage storage = server.storage();
        long lastToken = storage.lastToken();
        return new Overview(server.name(), applications,
                            new EventStoreFigures(lastToken + 1, storage.aggregateCount(), storage.snapshotCount(),
                                                  storage.sizeOnDisk(), appendRate.perSecond(), lastToken));
    }

    private static List<String> handledBy(Map<String, Set<String>> subscriptions, String clientId) {
        return subscriptions.entrySet().stream()
                            .filter(e -> e.getValue().contains(clientId))
                            .map(Map.Entry::getKey)
                            .sorted()
                            .toList();
    }
}
