package io.axoncommerce.embedded.elasticsearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.axoncommerce.embedded.support.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedElasticsearchIT {

    record Product(String id, String name, String category, double price, long stock) {
    }

    @Test
    void indexesSearchesAggregatesAndLeavesNoProcessBehind() throws IOException {
        long pid;
        Path dataDirectory;
        try (EmbeddedElasticsearch elasticsearch = EmbeddedElasticsearch.builder().forTests().start();
             RestClient restClient = RestClient.builder(HttpHost.create(elasticsearch.uri().toString())).build()) {
            pid = elasticsearch.pid();
            dataDirectory = elasticsearch.dataDirectory();
            System.out.printf("Elasticsearch started in %d ms, RSS %s%n", elasticsearch.startupTime().toMillis(), io.axoncommerce.embedded.support.ProcessMemory.rss(pid));
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));

            client.indices().create(c -> c.index("products").mappings(m -> m
                    .properties("name", p -> p.text(t -> t.analyzer("standard")))
                    .properties("category", p -> p.keyword(k -> k))
                    .properties("price", p -> p.double_(d -> d))
                    .properties("stock", p -> p.long_(l -> l))));

            List<Product> products = List.of(
                    new Product("p1", "Red running shoe", "shoes", 89.90, 12),
                    new Product("p2", "Blue running shoe", "shoes", 129.00, 0),
                    new Product("p3", "Running socks", "socks", 9.50, 100),
                    new Product("p4", "Trail running shoe", "shoes", 79.00, 3),
                    new Product("p5", "Wool hat", "hats", 25.00, 7));
            BulkResponse bulk = client.bulk(b -> b.refresh(Refresh.True).operations(products.stream()
                    .map(p -> BulkOperation.of(o -> o.index(i -> i.index("products").id(p.id()).document(p))))
                    .toList()));
            assertThat(bulk.errors()).isFalse();

            SearchResponse<Product> response = client.search(s -> s.index("products")
                    .query(q -> q.bool(b -> b
                            .must(m -> m.match(mt -> mt.field("name").query("running")))
                            .filter(f -> f.range(r -> r.number(n -> n.field("price").lte(100.0))))))
                    .aggregations("categories", a -> a.terms(t -> t.field("category"))), Product.class);

            assertThat(response.hits().hits()).extracting(h -> h.source().id())
                    .containsExactlyInAnyOrder("p1", "p3", "p4");
            List<StringTermsBucket> buckets = response.aggregations().get("categories").sterms().buckets().array();
            assertThat(buckets).extracting(bucket -> bucket.key().stringValue(), StringTermsBucket::docCount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("shoes", 2L),
                            org.assertj.core.groups.Tuple.tuple("socks", 1L));
        }
        Optional<ProcessHandle> node = ProcessHandle.of(pid);
        assertThat(node.map(ProcessHandle::isAlive)).as("node JVM %d after close", pid).isNotEqualTo(Optional.of(true));
        assertThat(Files.exists(dataDirectory)).as("temporary data directory deleted").isFalse();
    }

    @Test
    void theNodeStopsWhenItsParentJvmIsKilledAndItsDataSurvives(@TempDir Path dataDirectory) throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daxoniq.update-checker.disabled=true", "-cp", System.getProperty("java.class.path"),
                NodeParentMain.class.getName(), dataDirectory.toString())
                .redirectErrorStream(true).start();
        long nodePid = -1;
        int nodePort = -1;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            for (String line; (line = output.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    nodePid = Long.parseLong(line.split(" ")[1]);
                    nodePort = Integer.parseInt(line.split(" ")[2]);
                    break;
                }
            }
            assertThat(nodePid).as("the parent reported its node").isPositive();
            ProcessHandle node = ProcessHandle.of(nodePid).orElseThrow();
            try (RestClient restClient = RestClient.builder(new HttpHost("127.0.0.1", nodePort)).build()) {
                ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
                // acknowledged = in the translog, fsynced per request by default
                client.index(i -> i.index("orders").id("o-1").document(Map.of("status", "CONFIRMED")));
            }

            parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs in the parent

            long killed = System.nanoTime();
            node.onExit().get(30, TimeUnit.SECONDS);
            System.out.printf("node exited %d ms after its parent was killed%n", (System.nanoTime() - killed) / 1_000_000);
            assertThat(node.isAlive()).isFalse();

            try (EmbeddedElasticsearch restarted = EmbeddedElasticsearch.builder().forTests().dataDirectory(dataDirectory).start();
                 RestClient restClient = RestClient.builder(HttpHost.create(restarted.uri().toString())).build()) {
                ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
                client.cluster().health(h -> h.index("orders").waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow));
                var order = client.get(g -> g.index("orders").id("o-1"), Map.class);
                assertThat(order.found()).as("document indexed before the crash").isTrue();
                assertThat(order.source()).containsEntry("status", "CONFIRMED");
            }
            assertThat(dataDirectory).as("a configured data directory is kept").isDirectory();
        } finally {
            parent.destroyForcibly();
            if (nodePid > 0) {
                ProcessHandle.of(nodePid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aChosenPortInUseIsReportedWithThePortAndTheProperty() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedElasticsearch.builder().port(port).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining(String.valueOf(port))
                    .hasMessageContaining(EmbeddedElasticsearch.DEFAULT_PORT_PROPERTY);
        }
    }
}
