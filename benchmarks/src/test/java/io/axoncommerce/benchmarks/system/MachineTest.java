package io.axoncommerce.benchmarks.system;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MachineTest {

    private static final String BENCHMARK_CLASS_PATH = "/tmp/x/BOOT-INF/classes:/tmp/x/BOOT-INF/lib/"
            + "elasticsearch-java-8.18.8.jar:/tmp/x/BOOT-INF/lib/elasticsearch-rest-client-8.18.8.jar";

    @Test
    void aServiceJvmIsNamedAfterItsJar() {
        assertThat(Machine.partOf("java -javaagent:/d/run/parent-watch-agent.jar -Xmx384m -jar /d/run/query-side.jar "
                + "--spring.elasticsearch.uris=http://127.0.0.1:9200")).isEqualTo("query-side");
    }

    @Test
    void theInfrastructureJvmIsNotTakenForElasticsearchThoughItsClassPathNamesTheClient() {
        assertThat(Machine.partOf("java -Xmx384m -cp " + BENCHMARK_CLASS_PATH
                + " io.axoncommerce.launcher.InfrastructureMain 27017 /d/mongo 9092 /d/kafka"))
                .isEqualTo(Machine.INFRASTRUCTURE);
        assertThat(Machine.partOf("java -Dloader.main=io.axoncommerce.launcher.InfrastructureMain -cp "
                + "/d/run/infrastructure.jar org.springframework.boot.loader.launch.PropertiesLauncher 27017"))
                .isEqualTo(Machine.INFRASTRUCTURE);
    }

    @Test
    void theElasticsearchNodeIsToldByItsMainClass() {
        assertThat(Machine.partOf("java -Xms384m -Xmx384m -Des.path.home=/c/elasticsearch-9.5.3-b0c1 -cp "
                + "/c/elasticsearch-9.5.3-b0c1/lib/*:/c/elasticsearch-9.5.3-b0c1/launcher "
                + "io.axoncommerce.elasticsearch.node.ElasticsearchNodeMain")).isEqualTo("elasticsearch");
        assertThat(Machine.partOf("java -cp " + BENCHMARK_CLASS_PATH + " some.OtherMain")).isNull();
    }

    @Test
    void aChildWithAClassPathOfHundredsOfJarsIsStillRecognised() throws Exception {
        // as the infrastructure JVM is started from the benchmark's unpacked jar: the main class after 12 KB of class
        // path, where ProcessHandle's command line (one page) ends
        String classPath = String.join(":", IntStream.range(0, 300)
                .mapToObj(i -> "/tmp/x/BOOT-INF/lib/library-" + i + ".jar").toList());
        Process child = new ProcessBuilder("bash", "-c", "sleep 30; true", classPath,
                "io.axoncommerce.launcher.InfrastructureMain")
                .start();
        try {
            // until the child has executed its command, /proc shows the JVM's launch helper
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Machine.partOf(Machine.commandLine(child.pid()))).isEqualTo(Machine.INFRASTRUCTURE));
        } finally {
            child.destroy();
        }
    }
}
