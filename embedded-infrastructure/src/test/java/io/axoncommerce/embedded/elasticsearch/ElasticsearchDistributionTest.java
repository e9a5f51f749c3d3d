package io.axoncommerce.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticsearchDistributionTest {

    @Test
    void elasticsearchJarsNeverReachTheApplicationClassPath() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("org/elasticsearch/node/Node.class")).as("Elasticsearch server").isNull();
        assertThat(loader.getResource("org/apache/lucene/index/IndexWriter.class")).as("Lucene").isNull();
        assertThat(loader.getResource("org/elasticsearch/transport/netty4/Netty4Plugin.class")).as("netty module").isNull();
        assertThat(loader.getResource(ElasticsearchDistribution.RESOURCE)).as("the zipped distribution").isNotNull();
    }

    @Test
    void extractsALayoutTheNodeCanStartFrom(@TempDir Path cache) throws IOException {
        Path home = ElasticsearchDistribution.resolve(cache).home();

        // named after the zip's content, as the build recorded it: a changed distribution gets a directory of its own
        assertThat(home.getFileName().toString())
                .isEqualTo("elasticsearch-" + ElasticsearchDistribution.VERSION + "-" + sha256OfTheZip().substring(0, 16));
        assertThat(home.resolve("lib/elasticsearch-9.5.3.jar")).isRegularFile();
        assertThat(home.resolve("launcher/io/axoncommerce/elasticsearch/node/ElasticsearchNodeMain.class")).isRegularFile();
        try (var libJars = Files.list(home.resolve("lib"))) {
            assertThat(libJars.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("netty-"));
        }
        Path module = home.resolve("modules/transport-netty4");
        assertThat(module.resolve("transport-netty4-9.5.3.jar")).isRegularFile();
        assertThat(Files.readString(module.resolve("plugin-descriptor.properties")))
                .contains("classname=").doesNotContain("modulename=");
        if (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libzstd.so.1"))) {
            assertThat(home.resolve("lib/platform/linux-x64/libzstd.so")).isSymbolicLink().exists();
        }
        // a second resolution finds the same, complete copy instead of extracting again
        Object serverJar = Files.readAttributes(home.resolve("lib/elasticsearch-9.5.3.jar"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(ElasticsearchDistribution.resolve(cache).home()).isEqualTo(home);
        assertThat(Files.readAttributes(home.resolve("lib/elasticsearch-9.5.3.jar"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()).as("same file, not extracted again")
                .isEqualTo(serverJar);
        try (var entries = Files.list(cache)) {
            assertThat(entries).containsExactly(home);
        }
    }

    private String sha256OfTheZip() throws IOException {
        try (InputStream zip = getClass().getClassLoader().getResourceAsStream(ElasticsearchDistribution.RESOURCE)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(zip.readAllBytes());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
