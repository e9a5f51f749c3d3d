package io.axoncommerce.launcher;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a Grafana dashboard's JSON model: checks the parts Grafana needs to load it, and lists the metric names its
 * PromQL queries use.
 */
final class GrafanaDashboard {

    /** PromQL words that look like metric names: functions, aggregations, operators, modifiers. */
    private static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar",
            "topk", "bottomk", "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "rate", "irate", "increase", "delta", "idelta",
            "histogram_quantile", "clamp_min", "clamp_max", "abs", "ceil", "floor", "round", "vector", "scalar",
            "time", "label_replace", "label_join", "sort", "sort_desc", "absent", "changes", "resets", "deriv",
            "predict_linear", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time",
            "last_over_time", "le", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private GrafanaDashboard() {
    }

    /** Every metric name queried by a Prometheus target of any panel; fails on a model Grafana would not load. */
    static Set<String> metricNames(JsonNode dashboard) {
        require(dashboard.path("title").isTextual(), "dashboard has a title");
        require(dashboard.path("uid").isTextual(), "dashboard has a uid");
        require(dashboard.path("panels").isArray() && !dashboard.path("panels").isEmpty(), "dashboard has panels");
        Set<String> names = new TreeSet<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            require(panel.path("type").isTextual(), "panel has a type: " + panel);
            require(panel.path("gridPos").has("h") && panel.path("gridPos").has("w"), "panel has a gridPos: " + panel);
            require(ids.add(panel.path("id").asInt()), "panel ids are unique: " + panel.path("id"));
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            require(panel.path("targets").isArray() && !panel.path("targets").isEmpty(),
                    "panel '" + panel.path("title").asText() + "' has queries");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                require(!expr.isBlank(), "query of '" + panel.path("title").asText() + "' has an expr");
                names.addAll(metricNames(expr));
            }
        }
        return names;
    }

    static Set<String> metricNames(String expr) {
        String stripped = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")      // strings (label values)
                .replaceAll("\\{[^}]*}", "")                          // label matchers
                .replaceAll("\\[[^]]*]", "")                          // range selectors
                .replaceAll("(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "") // label lists
                .replaceAll("\\$\\{?[a-zA-Z_]+}?", "");              // dashboard variables
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < stripped.length() && Character.isWhitespace(stripped.charAt(next))) {
                next++;
            }
            boolean isCall = next < stripped.length() && stripped.charAt(next) == '(';
            boolean isNumberPart = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            if (!isCall && !isNumberPart && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("Grafana dashboard: " + what);
        }
    }
}
