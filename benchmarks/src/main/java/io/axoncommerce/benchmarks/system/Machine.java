package io.axoncommerce.benchmarks.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.axoncommerce.embedded.elasticsearch.ElasticsearchDistribution;
import io.axoncommerce.launcher.AxonCommerceSystem;
import io.axoncommerce.launcher.InfrastructureMain;

/**
 * CPU accounting from /proc and the JVM: the machine's load average and busy share, and CPU seconds per part of the
 * system. A service in a JVM of its own ({@code --topology=processes}) is one process in /proc. A service in this JVM
 * (the default topology) is the set of threads whose context class loader is the service's (the launcher names each
 * service's class loader after it, and threads inherit it from the thread that starts them); this JVM's JIT compiler
 * and GC/VM threads are told apart by their names in /proc; the rest of this JVM is Mongo, Kafka, mail and the load
 * generator.
 */
final class Machine {

    /** USER_HZ: the unit of /proc's tick counts, 100 on every Linux architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100;
    /** The launcher runs {@code <data>/run/<service>.jar}; the parent-watch agent's jar sits in the same directory. */
    private static final Pattern SERVICE_JAR = Pattern.compile("-jar \\S*/run/([a-z-]+)\\.jar");

    static final String INFRASTRUCTURE = "infrastructure (Mongo, Kafka)";

    /** CPU ticks of the whole machine: busy and total, from the first line of /proc/stat. */
    record Ticks(long busy, long total) {
    }

    /** A snapshot: CPU seconds per process name, machine ticks, load average. */
    record Snapshot(Map<String, Double> cpuSeconds, Ticks machine, String loadAverage) {
    }

    private static final Set<String> SERVICES = Set.of("axonserver", "command-side", "query-side",
            "payment-adapter", "saga", "kafka-bridge", "notification-projector", "gateway");

    private Machine() {
    }

    /**
     * Which part of the system a child process is, from its whole command line ({@link #commandLine}), or null. The
     * infrastructure JVM and the Elasticsearch node are told by their main classes: a child started from this JVM's
     * class path (the infrastructure JVM, when this runs from the unpacked jar) names every jar, the Elasticsearch
     * client's too.
     */
    static String partOf(String commandLine) {
        Matcher jar = SERVICE_JAR.matcher(commandLine);
        if (jar.find()) {
            return jar.group(1);
        }
        if (commandLine.contains(InfrastructureMain.class.getName())) {
            return INFRASTRUCTURE;
        }
        return commandLine.contains(ElasticsearchDistribution.MAIN_CLASS) ? AxonCommerceSystem.ELASTICSEARCH : null;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static Snapshot snapshot(boolean childrenOfThisJvm) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        if (childrenOfThisJvm) {
            // the services are this JVM's children (AxonCommerceSystem started them); with --base-url nothing here
            // says which processes belong to the system under test, so only the machine figures are reported
            ProcessHandle.current().descendants().forEach(p -> {
                String name = partOf(commandLine(p.pid()));
                Double seconds = processCpuSeconds(p.pid());
                if (name != null && seconds != null) {
                    cpu.merge(name, seconds, Double::sum);
                }
            });
            double thisJvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            Map<String, Double> inThisJvm = new LinkedHashMap<>(servicesInThisJvm());
            inThisJvm.putAll(jvmThreads());
            // added, not put: threads a stopped in-process system left behind (idle, their CPU constant) must not
            // hide the child JVM of the same service in a later run
            inThisJvm.forEach((name, seconds) -> cpu.merge(name, seconds, Double::sum));
            cpu.put(REST_OF_THIS_JVM, thisJvm - inThisJvm.values().stream().mapToDouble(Double::doubleValue).sum());
        }
        return new Snapshot(cpu, machineTicks(), loadAverage());
    }

    static final String REST_OF_THIS_JVM = "this JVM, the rest (mail, load generator; in one JVM also Kafka, Mongo)";

    /** CPU seconds of the live threads of each service running in this JVM, by their context class loader's name. */
    private static Map<String, Double> servicesInThisJvm() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> cpu = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ClassLoader loader = thread.getContextClassLoader();
            String service = loader == null ? null : loader.getName();
            long nanos = threads.getThreadCpuTime(thread.threadId());
            if (service != null && SERVICES.contains(service) && nanos > 0) {
                cpu.merge(service, nanos / 1e9, Double::sum);
            }
        }
        return cpu;
    }

    /** This JVM's compiler threads, and its GC and VM threads, from /proc/self/task/&lt;tid&gt;/stat. */
    private static Map<String, Double> jvmThreads() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                            ? "this JVM: JIT compiler threads"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")
                                    || name.startsWith("VM Periodic") ? "this JVM: GC and VM threads" : null;
                    if (group != null) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        cpu.merge(group, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND,
                                Double::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            // no /proc: the groups are left out
        }
        return cpu;
    }

    /**
     * The whole command line, from /proc/&lt;pid&gt;/cmdline: {@code ProcessHandle.Info} gives no arguments at all for
     * one as long as the infrastructure JVM's when this runs from the unpacked jar (its class path names every jar).
     */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime (fields 14 and 15 of /proc/&lt;pid&gt;/stat), counted after the command name's closing parenthesis. */
    private static Double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Ticks machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new Ticks(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new Ticks(0, 0);
        }
    }

    /** Share of all cores that was busy between two snapshots (every process on the machine, not only ours). */
    static double busyShare(Snapshot from, Snapshot to) {
        long total = to.machine().total() - from.machine().total();
        return total == 0 ? 0 : (double) (to.machine().busy() - from.machine().busy()) / total;
    }
}
