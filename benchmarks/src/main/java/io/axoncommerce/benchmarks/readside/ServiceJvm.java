package io.axoncommerce.benchmarks.readside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's executable jar ({@code <home>/<module>/target/<module>-*-exec.jar}) run in its own JVM, as the launcher
 * runs it: from a private copy (a parallel build may rewrite the original), output to {@code <logs>/<module>.log}.
 */
final class ServiceJvm implements AutoCloseable {

    private final String module;
    private final Process process;
    private final Path log;

    private ServiceJvm(String module, Process process, Path log) {
        this.module = module;
        this.process = process;
        this.log = log;
    }

    static ServiceJvm start(Path home, String module, Path runDir, List<String> jvmOptions, List<String> args)
            throws IOException {
        Path jar = executableJar(home, module);
        Files.createDirectories(runDir);
        Path copy = runDir.resolve(module + ".jar");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(copy.toString());
        command.addAll(args);
        Path log = runDir.resolve(module + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        System.out.printf("Started %s (pid %d): %s%n  log: %s%n", module, process.pid(), String.join(" ", command), log);
        return new ServiceJvm(module, process, log);
    }

    static Path executableJar(Path home, String module) throws IOException {
        Path target = home.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar in " + target + "; build it with "
                            + "./mvnw -B -q -pl benchmarks -am package -DskipTests (from " + home + "), or pass "
                            + "--home <repository root>"));
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Spring closes the context, the embedded servers stop with it
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        System.out.printf("Stopped %s%n", module);
    }
}
