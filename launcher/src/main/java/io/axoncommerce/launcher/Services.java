package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The services the launcher runs, each from its module's executable jar. */
final class Services {

    static final String AXONSERVER = "axonserver";
    static final String COMMAND_SIDE = "command-side";
    static final String QUERY_SIDE = "query-side";
    static final String PAYMENT_ADAPTER = "payment-adapter";
    static final String SAGA = "saga";
    static final String KAFKA_BRIDGE = "kafka-bridge";
    static final String NOTIFICATION_PROJECTOR = "notification-projector";
    static final String GATEWAY = "gateway";

    static final List<String> NAMES = List.of(AXONSERVER, COMMAND_SIDE, QUERY_SIDE, PAYMENT_ADAPTER, SAGA,
            KAFKA_BRIDGE, NOTIFICATION_PROJECTOR, GATEWAY);

    private Services() {
    }

    /** {@code <home>/<module>/target/<module>-<version>-exec.jar}; fails saying how to build it. */
    static Path jar(Path home, String module) {
        Path target = home.resolve(module).resolve("target");
        Path jar;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            jar = files.filter(p -> p.getFileName().toString().startsWith(module + "-")
                            && p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar of " + module + " in " + target
                            + ": build it first (./mvnw -q package -DskipTests -pl " + module + " -am), or run "
                            + "./axon-commerce run, which builds what it needs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requireApplicationMain(jar);
        return jar;
    }

    /**
     * A private copy of the service's jar under {@code runDir}, refreshed when the build produced a new one. The
     * service runs from the copy, so a rebuild while the system runs (Maven rewrites the jar in place) cannot pull
     * the classes out from under a running JVM.
     */
    static Path runnableCopy(Path jar, Path runDir, String module) {
        Path copy = runDir.resolve(module + ".jar");
        try {
            Files.createDirectories(runDir);
            if (Files.exists(copy) && Files.size(copy) == Files.size(jar)
                    && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
                return copy;
            }
            Path staging = runDir.resolve(module + ".jar.tmp");
            Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            requireApplicationMain(staging); // fails on a copy of a half-written jar
            Files.move(staging, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + jar + " to " + copy, e);
        }
    }

    /**
     * A jar repackaged from an already repackaged jar (a stale plain jar left by an older build that had no
     * classifier) names Spring Boot's own launcher as its application and recurses until the stack overflows.
     */
    private static void requireApplicationMain(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String start = manifest == null ? null : manifest.getMainAttributes().getValue("Start-Class");
            if (start == null || start.startsWith("org.springframework.boot.loader.")) {
                throw new IllegalStateException(jar + " has no application main class (Start-Class: " + start
                        + "): it was repackaged from a stale jar. Rebuild it with "
                        + "./mvnw -q package -DskipTests -Dmaven.jar.forceCreation=true -pl <module> -am");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }
}
