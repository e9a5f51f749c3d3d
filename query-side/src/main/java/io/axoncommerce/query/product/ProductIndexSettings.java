package io.axoncommerce.query.product;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The product search index's settings ({@code query-side.search.*}). The defaults suit the single embedded node (one
 * shard, no replica: a replica could never be assigned there); a real cluster wants more, e.g. 3 shards and 1 replica
 * (docker-compose.yml sets the shards and documents the replicas). They apply when an index is created: the first one, and each full replay's new index, so
 * changing them takes effect with the next full replay of the search projection.
 *
 * @param index           the alias searches read; indices are named {@code <index>-<millis>}
 * @param shards          primary shards of a new index
 * @param replicas        replicas of each primary
 * @param refreshInterval how soon a write becomes searchable in the live index (a rebuild loads with refresh off)
 */
@ConfigurationProperties("query-side.search")
public record ProductIndexSettings(@DefaultValue("products") String index,
                                   @DefaultValue("1") int shards,
                                   @DefaultValue("0") int replicas,
                                   @DefaultValue("1s") Duration refreshInterval) {

    public ProductIndexSettings {
        if (shards < 1 || replicas < 0) {
            throw new IllegalArgumentException("query-side.search needs shards >= 1 and replicas >= 0, got "
                    + shards + " and " + replicas);
        }
    }

    /** The refresh interval as Elasticsearch writes a time value. */
    String refreshIntervalValue() {
        return refreshInterval.toMillis() + "ms";
    }
}
