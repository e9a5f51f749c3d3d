package io.axoncommerce.launcher;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text endpoint ({@code /actuator/prometheus}), parsed into samples: metric name, labels,
 * value. Enough of the text format for Micrometer's output: {@code # HELP/TYPE} lines skipped, one sample per line.
 */
record PrometheusScrape(String service, Map<Sample, Double> samples) {

    record Sample(String name, Map<String, String> labels) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PrometheusScrape parse(String service, String text) {
        Map<Sample, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(service + ": not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.put(new Sample(m.group(1), labels), Double.parseDouble(m.group(4)));
        }
        return new PrometheusScrape(service, samples);
    }

    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        samples.keySet().forEach(s -> names.add(s.name()));
        return names;
    }

    /** Sum of every sample named {@code name} whose labels include {@code labels} (0 when there is none). */
    double sum(String name, Map<String, String> labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)
                        && e.getKey().labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    boolean has(String name) {
        return samples.keySet().stream().anyMatch(s -> s.name().equals(name));
    }
}
