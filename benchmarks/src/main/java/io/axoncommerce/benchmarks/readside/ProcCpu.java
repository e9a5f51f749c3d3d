package io.axoncommerce.benchmarks.readside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of other processes from Linux's {@code /proc}: a whole process ({@code utime + stime}, children that
 * ended not included) and per group of its threads, by thread name ({@code comm}, cut to 15 characters by the
 * kernel; digits removed so "WorkPackage[or-0" and "-1" are one group). Threads that ended between two snapshots are
 * missed in the groups (not in the process total).
 */
final class ProcCpu {

    private static final double TICK_NANOS = 1e9 / 100; // CLK_TCK = 100 on Linux

    private final long pid;
    private final long processStart;
    private final Map<Long, Long> threadStart;
    private final Map<Long, String> threadNames = new HashMap<>();

    ProcCpu(long pid) {
        this.pid = pid;
        this.processStart = processNanos(pid);
        this.threadStart = threadNanos();
    }

    long pid() {
        return pid;
    }

    /** Nanoseconds of CPU since construction (whole process). */
    long elapsedNanos() {
        return processNanos(pid) - processStart;
    }

    static long processNanos(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private Map<Long, Long> threadNanos() {
        Map<Long, Long> result = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    long tid = Long.parseLong(task.getFileName().toString());
                    result.put(tid, ticks(task.resolve("stat")));
                    threadNames.computeIfAbsent(tid, t -> {
                        try {
                            return Files.readString(task.resolve("comm")).trim();
                        } catch (IOException e) {
                            return "?";
                        }
                    });
                } catch (RuntimeException ignored) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return result;
    }

    /** "group 12.3, other 4.5" in µs per event since construction, groups under 0.5 µs/event left out. */
    String perEvent(long events) {
        Map<String, Long> groups = new TreeMap<>();
        threadNanos().forEach((tid, nanos) -> {
            String group = threadNames.getOrDefault(tid, "?").replaceAll("[-#]?\\d+", "").replaceAll("-+", "-");
            groups.merge(group, nanos - threadStart.getOrDefault(tid, 0L), Long::sum);
        });
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> top = new LinkedHashMap<>();
        sorted.forEach(e -> top.put(e.getKey(), e.getValue()));
        StringBuilder line = new StringBuilder();
        top.forEach((group, nanos) -> {
            double micros = nanos / 1e3 / events;
            if (micros >= 0.5) {
                line.append(line.isEmpty() ? "" : ", ").append("%s %.1f".formatted(group, micros));
            }
        });
        return line.toString();
    }

    /** Direct children of a process (e.g. the Elasticsearch node forked by the query side). */
    static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String text = Files.readString(task.resolve("children")).trim();
                if (!text.isEmpty()) {
                    for (String child : text.split("\\s+")) {
                        children.add(Long.parseLong(child));
                    }
                }
            }
        } catch (IOException e) {
            // gone
        }
        return children;
    }

    private static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            // fields after the command name in parentheses; utime and stime are fields 14 and 15
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (long) ((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + stat + ": " + e, e);
        }
    }
}
