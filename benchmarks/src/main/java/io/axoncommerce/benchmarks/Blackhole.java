package io.axoncommerce.benchmarks;

/** Keeps the JIT from discarding reads whose results the benchmark does not otherwise use. */
final class Blackhole {

    private static volatile long sink;

    private Blackhole() {
    }

    static void consume(long value) {
        sink += value;
    }
}
