package io.axoncommerce.axonserver.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which handler streams serve which message names (command or query names), each registration with what it carries:
 * a command handler's load factor, a query handler's result names.
 *
 * @param <T> what the server sends down the handler streams
 * @param <V> what a registration carries
 */
public final class HandlerRegistry<T, V> {

    private final Map<String, Map<HandlerStream<T>, V>> handlers = new ConcurrentHashMap<>();

    public void put(String name, HandlerStream<T> stream, V value) {
        handlers.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(stream, value);
    }

    /** The stream's registration for the name, made with {@code value} when there is none yet. */
    public V computeIfAbsent(String name, HandlerStream<T> stream, Supplier<V> value) {
        return handlers.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                       .computeIfAbsent(stream, s -> value.get());
    }

    /** Changes the stream's registration for the name, if it has one; {@code null} from the update removes it. */
    public void computeIfPresent(String name, HandlerStream<T> stream, UnaryOperator<V> update) {
        Map<HandlerStream<T>, V> forName = handlers.get(name);
        if (forName != null) {
            forName.computeIfPresent(stream, (s, value) -> update.apply(value));
        }
    }

    public void remove(String name, HandlerStream<T> stream) {
        computeIfPresent(name, stream, value -> null);
    }

    /** A stream that went away serves nothing any more. */
    public void removeAll(HandlerStream<T> stream) {
        handlers.values().forEach(forName -> forName.remove(stream));
    }

    /** The registrations for the name whose streams are still open. */
    public List<Map.Entry<HandlerStream<T>, V>> registrations(String name) {
        return handlers.getOrDefault(name, Map.of()).entrySet().stream()
                       .filter(e -> !e.getKey().outbound().isClosed())
                       .toList();
    }

    /** The open streams that serve the name. */
    public List<HandlerStream<T>> streams(String name) {
        return registrations(name).stream().map(Map.Entry::getKey).toList();
    }

    /** Names with at least one open stream, and the client ids of those streams. */
    public Map<String, Set<String>> clients() {
        Map<String, Set<String>> result = new TreeMap<>();
        handlers.forEach((name, streams) -> {
            Set<String> clients = streams.keySet().stream()
                                         .filter(s -> !s.outbound().isClosed())
                                         .map(HandlerStream::clientId)
                                         .collect(Collectors.toCollection(TreeSet::new));
            if (!clients.isEmpty()) {
                result.put(name, clients);
            }
        });
        return result;
    }
}
