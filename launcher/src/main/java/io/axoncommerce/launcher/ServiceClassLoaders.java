package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Each service's class path exactly as its executable jar has it ({@code BOOT-INF/classes}, then the
 * {@code BOOT-INF/lib} jars in {@code classpath.idx} order), for running the service inside this JVM.
 * <p>
 * The jars are unpacked under the run directory rather than read nested: the JDK's own class loader then reads plain
 * files, and a rebuild while the system runs (Maven rewrites the jar in place) cannot pull classes out from under it.
 * Libraries go to one pool ({@code <run>/lib}, named by their CRC so two versions never collide), unpacked once for
 * every service that has them; a service's own classes to {@code <run>/<service>/classes}, refreshed when the jar
 * changed.
 */
final class ServiceClassLoaders {

    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";
    private static final String INDEX = "BOOT-INF/classpath.idx";

    private ServiceClassLoaders() {
    }

    /** A service's unpacked class path: its classes directory, then its libraries in class path order. */
    record ClassPath(String service, String mainClass, Path classes, List<Path> libraries) {

        List<URL> urls() {
            List<URL> urls = new ArrayList<>();
            urls.add(url(classes));
            libraries.forEach(library -> urls.add(url(library)));
            return urls;
        }
    }

    /** Unpacks (or reuses) the executable jar's class path under {@code runDir}. */
    static ClassPath unpack(String service, Path execJar, Path runDir) {
        Path serviceDir = runDir.resolve(service);
        Path classes = serviceDir.resolve("classes");
        Path lib = runDir.resolve("lib");
        try (ZipFile jar = new ZipFile(execJar.toFile())) {
            String mainClass;
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF"))) {
                mainClass = new Manifest(in).getMainAttributes().getValue("Start-Class");
            }
            Files.createDirectories(lib);
            List<Path> libraries = new ArrayList<>();
            for (String name : classPathIndex(jar)) {
                ZipEntry entry = jar.getEntry(name);
                Path pooled = lib.resolve("%08x-%s".formatted(entry.getCrc(), name.substring(LIB.length())));
                if (!Files.exists(pooled) || Files.size(pooled) != entry.getSize()) {
                    copyAtomically(jar, entry, pooled);
                }
                libraries.add(pooled);
            }
            String stamp = Files.size(execJar) + " " + Files.getLastModifiedTime(execJar).toMillis();
            Path stampFile = serviceDir.resolve("unpacked-from");
            if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
                unpackClasses(jar, serviceDir);
                Files.writeString(stampFile, stamp);
            }
            return new ClassPath(service, mainClass, classes, List.copyOf(libraries));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + execJar + " into " + runDir, e);
        }
    }

    /** A class loader of the service's class path alone, above the JDK's platform classes. */
    static URLClassLoader isolated(ClassPath classPath) {
        return new URLClassLoader(classPath.service(), classPath.urls().toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
    }

    private static List<String> classPathIndex(ZipFile jar) throws IOException {
        ZipEntry index = jar.getEntry(INDEX);
        if (index == null) {
            throw new IllegalStateException(jar.getName() + " has no " + INDEX + ": not a Spring Boot executable jar");
        }
        List<String> names = new ArrayList<>();
        try (InputStream in = jar.getInputStream(index)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("- \"") && trimmed.endsWith("\"")) {
                    names.add(trimmed.substring(3, trimmed.length() - 1));
                }
            }
        }
        return names;
    }

    /** Into a fresh directory next to the old one, then swapped in, so a failed unpack leaves no half tree behind. */
    private static void unpackClasses(ZipFile jar, Path serviceDir) throws IOException {
        Path fresh = serviceDir.resolve("classes.new");
        deleteTree(fresh);
        for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith(CLASSES) && !e.isDirectory()).toList()) {
            Path target = fresh.resolve(entry.getName().substring(CLASSES.length())).normalize();
            if (!target.startsWith(fresh)) {
                throw new IOException("Entry " + entry.getName() + " leaves the classes directory");
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, target);
            }
        }
        Path classes = serviceDir.resolve("classes");
        deleteTree(classes);
        Files.move(fresh, classes, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyAtomically(ZipFile jar, ZipEntry entry, Path target) throws IOException {
        Path staging = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
