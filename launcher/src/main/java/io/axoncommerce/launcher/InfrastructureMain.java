package io.axoncommerce.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.axoncommerce.embedded.kafka.EmbeddedKafka;
import io.axoncommerce.embedded.mongo.EmbeddedMongo;

/**
 * The MongoDB stand-in and the Kafka broker in a JVM of their own, for {@code --topology=processes}: like the MongoDB
 * and Kafka containers of docker-compose, the supervisor starts it again when it dies, on the same ports and data,
 * and a test can kill it on its own. Arguments: Mongo's port and data directory, Kafka's port and data directory.
 * Ready when it logs {@code Started Infrastructure in ...} (what {@link ServiceProcess} waits for); SIGTERM closes
 * both through their shutdown hooks.
 */
public final class InfrastructureMain {

    private InfrastructureMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        int mongoPort = Integer.parseInt(args[0]);
        Path mongoData = Path.of(args[1]);
        int kafkaPort = Integer.parseInt(args[2]);
        Path kafkaData = Path.of(args[3]);
        // Kafka takes longest: Mongo starts meanwhile
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> startKafka(kafkaPort, kafkaData),
                task -> Thread.ofPlatform().name("kafka-start").start(task));
        startMongo(mongoPort, mongoData);
        kafka.join();
        System.out.printf("Started Infrastructure in %.3f seconds (MongoDB stand-in on %d, Kafka on %d)%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, mongoPort, kafkaPort);
        Thread.currentThread().join(); // until SIGTERM or SIGKILL
    }

    /** The MongoDB stand-in as both topologies run it: on the port the launcher chose, on an H2 file. */
    static EmbeddedMongo startMongo(int port, Path dataDirectory) {
        return EmbeddedMongo.builder().port(port).portProperty("mongo.port").dataDirectory(dataDirectory).start();
    }

    /** The Kafka broker as both topologies run it: three partitions per topic the bridge creates. */
    static EmbeddedKafka startKafka(int port, Path dataDirectory) {
        return EmbeddedKafka.builder().port(port).portProperty("kafka.port").dataDirectory(dataDirectory)
                .defaultPartitions(3).start();
    }

    /**
     * What follows the JVM options to run {@link InfrastructureMain} from this JVM's class path. Under
     * {@code ./axon-commerce run} that is the launcher's executable jar, which nests its classes and libraries: Spring
     * Boot's {@code PropertiesLauncher} runs a main of one's choosing from it (from a copy under {@code runDir}, as the
     * services run from copies of theirs). A plain class path (the launcher's tests) names the class.
     */
    static List<String> program(Path runDir) {
        String classPath = System.getProperty("java.class.path");
        if (isExecutableJar(classPath)) {
            Path copy = Services.runnableCopy(Path.of(classPath), runDir, "infrastructure");
            return List.of("-Dloader.main=" + InfrastructureMain.class.getName(), "-cp", copy.toString(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        return List.of("-cp", classPath, InfrastructureMain.class.getName());
    }

    private static boolean isExecutableJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Lib") != null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + classPath, e);
        }
    }
}
