package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceClassLoadersTest {

    @TempDir
    Path dir;

    @Test
    void theClassPathIsTheJarsOwnInItsIndexOrderAndSharedLibrariesAreUnpackedOnce() throws IOException {
        Path lib = jar(dir.resolve("lib-1.0.jar"), Map.of("lib.properties", "from=lib"), null);
        Path other = jar(dir.resolve("other-2.0.jar"), Map.of("other.properties", "from=other"), null);
        Path first = bootJar("first.jar", "v1", lib, other);
        Path second = bootJar("second.jar", "v1", lib);
        Path run = dir.resolve("run");

        ServiceClassLoaders.ClassPath a = ServiceClassLoaders.unpack("first", first, run);
        ServiceClassLoaders.ClassPath b = ServiceClassLoaders.unpack("second", second, run);

        assertThat(a.mainClass()).isEqualTo("example.Main");
        assertThat(a.libraries()).extracting(p -> p.getFileName().toString())
                .satisfiesExactly(n -> assertThat(n).endsWith("-other-2.0.jar"), n -> assertThat(n).endsWith("-lib-1.0.jar"));
        assertThat(b.libraries()).containsExactly(a.libraries().get(1)); // one copy in the pool
        try (URLClassLoader loader = ServiceClassLoaders.isolated(a)) {
            assertThat(loader.getName()).isEqualTo("first");
            assertThat(read(loader, "application.yml")).isEqualTo("version: v1");
            assertThat(read(loader, "lib.properties")).isEqualTo("from=lib");
            assertThat(loader.getResource("io/axoncommerce/launcher/ServiceClassLoaders.class"))
                    .as("nothing of this JVM's class path").isNull();
            assertThat(loader.getParent()).isEqualTo(ClassLoader.getPlatformClassLoader());
        }
    }

    @Test
    void aRebuiltJarIsUnpackedAgainAndAnUnchangedOneIsReused() throws IOException {
        Path lib = jar(dir.resolve("lib-1.0.jar"), Map.of("lib.properties", "from=lib"), null);
        Path service = bootJar("service.jar", "v1", lib);
        Path run = dir.resolve("run");
        ServiceClassLoaders.ClassPath before = ServiceClassLoaders.unpack("service", service, run);
        Files.writeString(before.classes().resolve("marker"), "left by the first unpack");

        ServiceClassLoaders.unpack("service", service, run);
        assertThat(before.classes().resolve("marker")).as("unchanged jar: reused").exists();

        bootJar("service.jar", "v2", lib);
        Files.setLastModifiedTime(service, FileTime.fromMillis(Files.getLastModifiedTime(service).toMillis() + 2000));
        ServiceClassLoaders.ClassPath after = ServiceClassLoaders.unpack("service", service, run);
        assertThat(after.classes().resolve("marker")).as("rebuilt jar: unpacked afresh").doesNotExist();
        assertThat(Files.readString(after.classes().resolve("application.yml"))).isEqualTo("version: v2");
    }

    @Test
    void aJarThatIsNoSpringBootExecutableJarIsRefused() throws IOException {
        Path plain = jar(dir.resolve("plain.jar"), Map.of("a.txt", "a"), "example.Main");
        assertThatThrownBy(() -> ServiceClassLoaders.unpack("plain", plain, dir.resolve("run")))
                .hasMessageContaining("not a Spring Boot executable jar");
    }

    /** An executable jar as Spring Boot lays it out: classes, nested libraries and their index. */
    private Path bootJar(String name, String version, Path... libraries) throws IOException {
        Map<String, Object> entries = new java.util.LinkedHashMap<>();
        entries.put("BOOT-INF/classes/application.yml", "version: " + version);
        entries.put("BOOT-INF/classes/example/Main.class", "not really a class");
        StringBuilder index = new StringBuilder();
        for (int i = libraries.length - 1; i >= 0; i--) { // the index, not the entry order, decides
            index.append("- \"BOOT-INF/lib/").append(libraries[i].getFileName()).append("\"\n");
        }
        for (Path library : libraries) {
            entries.put("BOOT-INF/lib/" + library.getFileName(), Files.readAllBytes(library));
        }
        entries.put("BOOT-INF/classpath.idx", index.toString());
        return jar(dir.resolve(name), entries, "example.Main");
    }

    private static Path jar(Path path, Map<String, ?> entries, String startClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (startClass != null) {
            manifest.getMainAttributes().putValue("Start-Class", startClass);
        }
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, ?> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue() instanceof byte[] bytes ? bytes
                        : entry.getValue().toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return path;
    }

    private static String read(ClassLoader loader, String resource) throws IOException {
        try (var in = loader.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
