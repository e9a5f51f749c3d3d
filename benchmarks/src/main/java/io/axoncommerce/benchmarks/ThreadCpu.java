package io.axoncommerce.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per group of platform threads between two snapshots, grouped by thread name with the numbers removed
 * ("grpc-default-worker-ELG-1-2" and "-1-3" are one group). The client and the server share the JVM, so this is the
 * only way to tell their costs apart. Virtual threads are not reported by the JVM; their work shows on their
 * carriers ("ForkJoinPool-worker"). Threads that ended between the snapshots are missed.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = new HashMap<>();

    ThreadCpu() {
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                start.put(id, cpu);
            }
        }
    }

    /** Nanoseconds of CPU per thread group since construction, largest first. */
    Map<String, Long> byGroup() {
        Map<String, Long> groups = new TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            String group = info.getThreadName().replaceAll("[-#]?\\d+", "").replaceAll("-+", "-");
            groups.merge(group, cpu - start.getOrDefault(id, 0L), Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().filter(e -> e.getValue() > 0)
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** "name 12.3, other 4.5" in µs per event, groups under 0.05 µs/event left out. */
    String perEvent(long events) {
        StringBuilder line = new StringBuilder();
        byGroup().forEach((group, nanos) -> {
            double micros = nanos / 1e3 / events;
            if (micros >= 0.05) {
                line.append(line.isEmpty() ? "" : ", ").append("%s %.1f".formatted(group, micros));
            }
        });
        return line.toString();
    }
}
