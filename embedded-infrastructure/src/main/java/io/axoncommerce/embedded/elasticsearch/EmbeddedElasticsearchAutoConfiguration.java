package io.axoncommerce.embedded.elasticsearch;

import java.util.List;

import org.elasticsearch.client.RestClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchConnectionDetails;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.axoncommerce.embedded.autoconfigure.EmbeddedInfrastructureProperties;
import io.axoncommerce.embedded.support.ConditionalOnPropertyAbsent;
import io.axoncommerce.embedded.support.Shared;

/**
 * Starts an Elasticsearch node in its own JVM when the application uses Elasticsearch's REST client and
 * {@code spring.elasticsearch.uris} is not set, and hands it to Boot as {@link ElasticsearchConnectionDetails}.
 */
@AutoConfiguration(before = ElasticsearchRestClientAutoConfiguration.class)
@ConditionalOnClass(RestClient.class)
@ConditionalOnProperty(prefix = "axon-commerce.embedded.elasticsearch", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnPropertyAbsent("spring.elasticsearch.uris")
@ConditionalOnMissingBean(ElasticsearchConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedInfrastructureProperties.class)
public class EmbeddedElasticsearchAutoConfiguration {

    static final String KIND = "elasticsearch";

    @Bean(destroyMethod = "close")
    Shared<EmbeddedElasticsearch> embeddedElasticsearch(EmbeddedInfrastructureProperties properties) {
        EmbeddedInfrastructureProperties.Elasticsearch elasticsearch = properties.getElasticsearch();
        var dataDir = properties.dataDirOf(elasticsearch, "elasticsearch");
        return Shared.acquire(KIND, dataDir, elasticsearch.getPort(), EmbeddedElasticsearch::port,
                () -> EmbeddedElasticsearch.builder().shutdownHook(false)
                        .port(elasticsearch.getPort())
                        .dataDirectory(dataDir)
                        .heap(elasticsearch.getHeap())
                        .jvmOptions(elasticsearch.getJvmOptions())
                        .startTimeout(elasticsearch.getStartTimeout())
                        .start());
    }

    @Bean
    ElasticsearchConnectionDetails embeddedElasticsearchConnectionDetails(Shared<EmbeddedElasticsearch> embeddedElasticsearch) {
        List<ElasticsearchConnectionDetails.Node> nodes = List.of(new ElasticsearchConnectionDetails.Node(
                "127.0.0.1", embeddedElasticsearch.get().port(), ElasticsearchConnectionDetails.Node.Protocol.HTTP));
        return () -> nodes;
    }
}
