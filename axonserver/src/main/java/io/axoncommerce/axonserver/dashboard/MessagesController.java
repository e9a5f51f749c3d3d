package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.metrics.MessageStatistics;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /v1/messages}: per command and query name, the handlers connected now and what the server saw since it
 * started: count, errors, rate over the last minute, latency from dispatch to the final answer.
 */
@RestController
class MessagesController {

    private final EmbeddedAxonServer server;

    MessagesController(EmbeddedAxonServer server) {
        this.server = server;
    }

    record MessageView(String name, List<String> handlers, long count, long errors, double perSecondLastMinute,
                       double p50Millis, double p99Millis, double maxMillis) {
    }

    record Messages(List<MessageView> commands, List<MessageView> queries) {
    }

    @GetMapping("/v1/messages")
    Messages messages() {
        return new Messages(merge(server.commands().subscriptions(), server.commands().statistics()),
                            merge(server.queries().subscriptions(), server.queries().statistics()));
    }

    private static List<MessageView> merge(Map<String, Set<String>> handlers, MessageStatistics statistics) {
        Map<String, MessageStatistics.Figures> figures = new TreeMap<>();
        statistics.figures().forEach(f -> figures.put(f.name(), f));
        Set<String> names = new TreeSet<>(handlers.keySet());
        names.addAll(figures.keySet());
        return names.stream().map(name -> {
            MessageStatistics.Figures f = figures.get(name);
            List<String> clients = List.copyOf(handlers.getOrDefault(name, Set.of()));
            return f == null ? new MessageView(name, clients, 0, 0, 0, 0, 0, 0)
                    : new MessageView(name, clients, f.count(), f.errors(), f.perSecondLastMinute(), f.p50Millis(),
                                      f.p99Millis(), f.maxMillis());
        }).toList();
    }
}
