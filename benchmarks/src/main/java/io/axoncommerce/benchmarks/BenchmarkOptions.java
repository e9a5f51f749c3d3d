package io.axoncommerce.benchmarks;

import java.util.Map;

/** The {@code --name value} command lines of the benchmarks' mains. */
public final class BenchmarkOptions {

    private BenchmarkOptions() {
    }

    /** Puts every {@code --name value} pair of the arguments into the options (defaults already in them). */
    public static Map<String, String> parse(String[] args, Map<String, String> options) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
