package io.axoncommerce.benchmarks.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
                + "io.axoncommerce.elasticsearch.node.ElasticsearchNodeMain")).isEqualTo(Machine.ELASTICSEARCH);
        assertThat(Machine.partOf("java -cp " + BENCHMARK_CLASS_PATH + " some.OtherMain")).isNull();
    }
}
