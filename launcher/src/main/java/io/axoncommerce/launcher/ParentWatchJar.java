package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the one-class agent jar of {@link ParentWatchAgent}. The launcher itself may run from a Spring Boot fat jar,
 * whose classes a {@code -javaagent} cannot load, so the agent's class bytes are copied into a jar of their own.
 */
final class ParentWatchJar {

    private ParentWatchJar() {
    }

    static Path write(Path directory) {
        String entry = ParentWatchAgent.class.getName().replace('.', '/') + ".class";
        Path jar = directory.resolve("parent-watch-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
        try (InputStream classBytes = ParentWatchAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (classBytes == null) {
                throw new IllegalStateException("Cannot read " + entry + " from the launcher's class path");
            }
            Files.createDirectories(directory);
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry(entry));
                classBytes.transferTo(out);
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + jar, e);
        }
    }
}
