package io.axoncommerce.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import io.axoncommerce.embedded.support.DataDirectory;

/**
 * The Elasticsearch distribution that the {@code elasticsearch-node} module ships as one zip resource, extracted on
 * first use into a cache directory named after its content hash ({@code ~/.cache/axon-commerce/elasticsearch-9.5.3-<hash>}).
 * <p>
 * The zip travels as a resource so the same lookup works from the reactor's {@code target/classes}, from a jar and
 * from a Spring Boot fat jar, and so none of Elasticsearch's jars ever sits on the application's class path.
 * Several JVMs may extract at once: each extracts into its own temporary directory and renames it into place; the
 * loser of the race deletes its copy.
 */
public final class ElasticsearchDistribution {

    public static final String VERSION = "9.5.3";
    static final String RESOURCE = "META-INF/axon-commerce/elasticsearch-node/elasticsearch-" + VERSION + ".zip";
    static final String HASH_RESOURCE = RESOURCE + ".sha256";
    public static final String MAIN_CLASS = "io.axoncommerce.elasticsearch.node.ElasticsearchNodeMain";
    private static final String NETTY_MODULE = "modules/transport-netty4";
    private static final List<Path> LIBZSTD_CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libzstd.so.1"),
            Path.of("/lib/x86_64-linux-gnu/libzstd.so.1"),
            Path.of("/usr/lib64/libzstd.so.1"),
            Path.of("/usr/lib/libzstd.so.1"));

    private static final Object LOCK = new Object();
    private static volatile ElasticsearchDistribution resolved;

    private final Path home;

    private ElasticsearchDistribution(Path home) {
        this.home = home;
    }

    /** The distribution under the default cache root: {@code $XDG_CACHE_HOME} or {@code ~/.cache}, then {@code axon-commerce}. */
    public static ElasticsearchDistribution resolve() {
        ElasticsearchDistribution local = resolved;
        if (local == null) {
            synchronized (LOCK) {
                local = resolved;
                if (local == null) {
                    local = resolve(defaultCacheRoot());
                    resolved = local;
                }
            }
        }
        return local;
    }

    public static ElasticsearchDistribution resolve(Path cacheRoot) {
        ClassLoader loader = ElasticsearchDistribution.class.getClassLoader();
        String hash = hashOf(loader);
        Path home = cacheRoot.resolve("elasticsearch-" + VERSION + "-" + hash);
        Path complete = home.resolve(".complete");
        if (!Files.isRegularFile(complete)) {
            extract(loader, cacheRoot, home);
            deleteStale(cacheRoot, home);
        }
        try {
            // marks the copy as in use, so cleanup after a future rebuild spares it for a while
            Files.setLastModifiedTime(complete, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // read-only cache: still usable
        }
        return new ElasticsearchDistribution(home);
    }

    /**
     * A rebuilt distribution (other jars or node main class) lands in a new directory; copies of other builds not used
     * for a day are removed so the cache does not grow with every build.
     */
    private static void deleteStale(Path cacheRoot, Path current) {
        Instant unusedSince = Instant.now().minus(Duration.ofDays(1));
        try (var siblings = Files.list(cacheRoot)) {
            siblings.filter(dir -> !dir.equals(current))
                    .filter(dir -> dir.getFileName().toString().startsWith("elasticsearch-"))
                    .filter(dir -> {
                        try {
                            Path marker = dir.resolve(".complete");
                            return !Files.exists(marker) ? isOlder(dir, unusedSince) : isOlder(marker, unusedSince);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(DataDirectory::deleteRecursively);
        } catch (IOException | UncheckedIOException e) {
            // cleanup is best effort
        }
    }

    private static boolean isOlder(Path path, Instant instant) throws IOException {
        return Files.getLastModifiedTime(path).toInstant().isBefore(instant);
    }

    static Path defaultCacheRoot() {
        String configured = System.getProperty("axon-commerce.cache-dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("axon-commerce");
    }

    /** {@code es.path.home} of the node: lib/, launcher/, modules/transport-netty4/, lib/platform/linux-x64/. */
    public Path home() {
        return home;
    }

    /** The launch class path: Elasticsearch's jars and our node main class; the netty module stays off it. */
    public String classPath() {
        return home.resolve("lib") + "/*" + java.io.File.pathSeparator + home.resolve("launcher");
    }

    private static InputStream open(ClassLoader loader) {
        InputStream in = loader.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The Elasticsearch distribution " + RESOURCE + " is not on the class path: "
                    + "add a dependency on io.axoncommerce:elasticsearch-node (built by its process-classes phase)");
        }
        return in;
    }

    /**
     * The zip's SHA-256, written beside it by the build ({@code elasticsearch-node}'s pom). Hashing the 46 MB zip at
     * every start was 2.7 % of the one-JVM system's start in a profile (about 0.6 s of CPU, before the node could start).
     */
    private static String hashOf(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(HASH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(HASH_RESOURCE + " is not on the class path: rebuild elasticsearch-node");
            }
            String hash = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(HASH_RESOURCE + " holds no SHA-256: rebuild elasticsearch-node");
            }
            return hash.substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HASH_RESOURCE, e);
        }
    }

    private static void extract(ClassLoader loader, Path cacheRoot, Path home) {
        Path staging;
        try {
            Files.createDirectories(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, home.getFileName() + ".extracting-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Elasticsearch cache directory under " + cacheRoot, e);
        }
        try {
            try (ZipInputStream zip = new ZipInputStream(open(loader))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("entry outside the distribution: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            writePluginDescriptor(staging.resolve(NETTY_MODULE));
            linkLibzstd(staging);
            Files.createDirectories(staging.resolve("plugins"));
            Files.writeString(staging.resolve(".complete"), VERSION + "\n");
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another JVM finished first; its copy is identical (same hash)
                DataDirectory.deleteRecursively(staging);
            }
        } catch (IOException e) {
            DataDirectory.deleteRecursively(staging);
            throw new UncheckedIOException("cannot extract the Elasticsearch distribution into " + cacheRoot, e);
        }
        if (!Files.isRegularFile(home.resolve(".complete"))) {
            throw new IllegalStateException("Elasticsearch distribution at " + home + " is incomplete: delete it and retry");
        }
    }

    /**
     * Elasticsearch loads modules from their descriptor; the one in the plugin jar names a Java module, which would
     * make the loader look for module-path layers that do not exist here, so the {@code modulename=} line goes.
     */
    private static void writePluginDescriptor(Path moduleDir) throws IOException {
        Path pluginJar;
        try (var files = Files.list(moduleDir)) {
            pluginJar = files.filter(p -> p.getFileName().toString().startsWith("transport-netty4-"))
                    .findFirst().orElseThrow(() -> new IOException("no transport-netty4 jar in " + moduleDir));
        }
        try (ZipFile jar = new ZipFile(pluginJar.toFile())) {
            ZipEntry descriptor = jar.getEntry("META-INF/es-plugins/transport-netty4/plugin-descriptor.properties");
            if (descriptor == null) {
                throw new IOException("no plugin descriptor in " + pluginJar);
            }
            String text;
            try (InputStream in = jar.getInputStream(descriptor)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder kept = new StringBuilder();
            text.lines().filter(line -> !line.strip().startsWith("modulename=")).forEach(line -> kept.append(line).append('\n'));
            Files.writeString(moduleDir.resolve("plugin-descriptor.properties"), kept);
        }
    }

    /**
     * Native zstd is not published to Maven Central; without it Elasticsearch's native access stays partial and
     * {@code best_compression} shards fail. Debian's libzstd1 is ABI-compatible, so link it where the node looks.
     */
    private static void linkLibzstd(Path home) throws IOException {
        Path platformDir = home.resolve("lib/platform/linux-x64");
        if (!"linux".equalsIgnoreCase(System.getProperty("os.name")) || !isX64()) {
            return;
        }
        for (Path candidate : LIBZSTD_CANDIDATES) {
            if (Files.exists(candidate)) {
                Files.createDirectories(platformDir);
                Files.createSymbolicLink(platformDir.resolve("libzstd.so"), candidate.toRealPath());
                return;
            }
        }
    }

    private static boolean isX64() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }
}
