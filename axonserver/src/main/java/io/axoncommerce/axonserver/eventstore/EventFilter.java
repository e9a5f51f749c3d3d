package io.axoncommerce.axonserver.eventstore;

import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter language of {@code QueryEvents}: a small subset of Axon Server's query language. An empty query matches
 * every event; otherwise comparisons joined by {@code and}, e.g.
 * {@code aggregateIdentifier = "order-1" and token >= 100}. Fields: {@code token}, {@code eventIdentifier},
 * {@code aggregateIdentifier}, {@code aggregateType}, {@code aggregateSequenceNumber}, {@code payloadType},
 * {@code payloadRevision}, {@code timestamp}. Operators: {@code = != < <= > >=}; text compares as text, numbers as
 * numbers. An optional trailing {@code | limit(n)} caps the number of rows.
 */
record EventFilter(Predicate<EventWithToken> predicate, long limit) {

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([A-Za-z]+)\\s*(=|!=|<=|>=|<|>)\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)\\s*");
    private static final Pattern LIMIT = Pattern.compile("(.*)\\|\\s*limit\\s*\\(\\s*(\\d+)\\s*\\)\\s*",
                                                         Pattern.DOTALL);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    static EventFilter parse(String query) {
        String text = query == null ? "" : query.trim();
        long limit = Long.MAX_VALUE;
        Matcher limitMatcher = LIMIT.matcher(text);
        if (limitMatcher.matches()) {
            text = limitMatcher.group(1).trim();
            limit = Long.parseLong(limitMatcher.group(2));
        }
        if (text.isEmpty()) {
            return new EventFilter(e -> true, limit);
        }
        List<Predicate<EventWithToken>> parts = new ArrayList<>();
        for (String part : AND.split(text)) {
            Matcher m = COMPARISON.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("Cannot parse query condition '" + part.trim()
                        + "': expected <field> <op> \"text\" or <field> <op> <number>, joined by 'and'");
            }
            parts.add(comparison(m.group(1), m.group(2),
                                 m.group(4) != null ? m.group(4).replaceAll("\\\\(.)", "$1") : m.group(3),
                                 m.group(4) == null));
        }
        return new EventFilter(parts.stream().reduce(e -> true, Predicate::and), limit);
    }

    private static Predicate<EventWithToken> comparison(String field, String op, String value, boolean numeric) {
        java.util.function.Function<EventWithToken, Object> getter = switch (field.toLowerCase(Locale.ROOT)) {
            case "token" -> EventWithToken::getToken;
            case "eventidentifier", "messageidentifier" -> e -> e.getEvent().getMessageIdentifier();
            case "aggregateidentifier" -> e -> e.getEvent().getAggregateIdentifier();
            case "aggregatetype" -> e -> e.getEvent().getAggregateType();
            case "aggregatesequencenumber" -> e -> e.getEvent().getAggregateSequenceNumber();
            case "payloadtype" -> e -> e.getEvent().getPayload().getType();
            case "payloadrevision" -> e -> e.getEvent().getPayload().getRevision();
            case "timestamp" -> e -> e.getEvent().getTimestamp();
            default -> throw new IllegalArgumentException("Unknown field '" + field + "' in query");
        };
        boolean numericField = java.util.Set.of("token", "aggregatesequencenumber", "timestamp")
                                            .contains(field.toLowerCase(Locale.ROOT));
        if (numericField && !numeric) {
            throw new IllegalArgumentException("Field '" + field + "' is numeric; compare it to a number");
        }
        long number = numericField ? Long.parseLong(value) : 0;
        return event -> {
            Object actual = getter.apply(event);
            int cmp;
            if (numericField) {
                cmp = Long.compare((Long) actual, number);
            } else {
                cmp = actual.toString().compareTo(value);
            }
            return switch (op) {
                case "=" -> cmp == 0;
                case "!=" -> cmp != 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
        };
    }
}
