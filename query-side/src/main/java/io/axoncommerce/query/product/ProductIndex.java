package io.axoncommerce.query.product;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoncommerce.query.projection.RebuildableReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The product search index and its aliases. Searches always read the alias {@code <name>} (e.g. {@code products}).
 * A full replay builds a fresh index {@code <name>-<millis>}, marked by the alias {@code <name>-rebuild} so a restart
 * mid-replay keeps writing into it; when the processor has caught up, {@link #completeRebuild()} (called by the
 * {@link io.axoncommerce.query.projection.RebuildWatcher}) moves the read alias to it in one atomic alias update and
 * deletes the old index. Until then searches keep answering from the old index.
 *
 * <p>The mapping is strict and uses core analysis only (the {@code standard} analyzer and the {@code lowercase}
 * normalizer): the embedded node has no analysis-common module.
 *
 * <p>Documents are routed by category ({@link ProductSearchDocument#routing()}), so a search filtered by one category
 * asks one shard. The mapping requires a routing: a write, get or delete that forgets it fails instead of silently
 * putting a second copy of a product on another shard. Shards, replicas and refresh interval come from
 * {@link ProductIndexSettings}.
 */
@Component
public class ProductIndex implements RebuildableReadModel {

    private static final Logger log = LoggerFactory.getLogger(ProductIndex.class);

    private final ElasticsearchClient client;
    private final ProductIndexSettings settings;
    private final String alias;
    private final String rebuildAlias;
    private volatile WriteTarget writeTarget;
    private volatile String rebuildingIndex;

    public ProductIndex(ElasticsearchClient client, ProductIndexSettings settings) {
        this.client = client;
        this.settings = settings;
        this.alias = settings.index();
        this.rebuildAlias = alias + "-rebuild";
    }

    /** The alias searches read. */
    public String readAlias() {
        ensureIndex();
        return alias;
    }

    /** The index the projection writes: the rebuild index during a full replay, else the live one. */
    public String writeIndex() {
        return writeTarget().index();
    }

    /** The index the projection writes, with what this instance knows of its documents' routing. */
    WriteTarget writeTarget() {
        ensureIndex();
        return writeTarget;
    }

    @Override
    public String processingGroup() {
        return ProcessingGroups.PRODUCT_SEARCH;
    }

    @Override
    public boolean isRebuilding() {
        ensureIndex();
        return rebuildingIndex != null;
    }

    private void ensureIndex() {
        if (writeTarget == null) {
            synchronized (this) {
                if (writeTarget == null) {
                    call(() -> {
                        Set<String> rebuilding = indicesOf(rebuildAlias);
                        Set<String> live = indicesOf(alias);
                        if (!rebuilding.isEmpty()) {
                            rebuildingIndex = rebuilding.iterator().next();
                            writeTarget = new WriteTarget(rebuildingIndex, false);
                        } else if (!live.isEmpty()) {
                            writeTarget = new WriteTarget(live.iterator().next(), false);
                        } else {
                            String index = newIndexName();
                            createIndex(index, alias, settings.refreshIntervalValue());
                            writeTarget = new WriteTarget(index, true);
                        }
                        return null;
                    });
                }
            }
        }
    }

    /** Starts a rebuild: later writes go to a new, empty index; searches still read the old one. */
    public synchronized void startRebuild() {
        ensureIndex();
        call(() -> {
            for (String leftover : indicesOf(rebuildAlias)) {
                client.indices().delete(d -> d.index(leftover));
            }
            String index = newIndexName();
            // no refreshes while bulk loading; the handler's own reads are real-time gets
            createIndex(index, rebuildAlias, "-1");
            rebuildingIndex = index;
            writeTarget = new WriteTarget(index, true);
            log.info("Rebuilding product search into {}; searches read {} until it has caught up", index, alias);
            return null;
        });
    }

    /** Makes the rebuilt index the one searches read, and deletes the old one. */
    @Override
    public synchronized void completeRebuild() {
        String index = rebuildingIndex;
        if (index == null) {
            return;
        }
        call(() -> {
            client.indices().putSettings(p -> p.index(index)
                    .settings(s -> s.refreshInterval(t -> t.time(settings.refreshIntervalValue()))));
            client.indices().refresh(r -> r.index(index));
            Set<String> old = indicesOf(alias);
            client.indices().updateAliases(u -> {
                old.forEach(o -> u.actions(a -> a.remove(r -> r.index(o).alias(alias))));
                u.actions(a -> a.add(add -> add.index(index).alias(alias)));
                u.actions(a -> a.remove(r -> r.index(index).alias(rebuildAlias)));
                return u;
            });
            for (String o : old) {
                if (!o.equals(index)) {
                    client.indices().delete(d -> d.index(o));
                }
            }
            rebuildingIndex = null;
            log.info("Product search now reads the rebuilt index {}", index);
            return null;
        });
    }

    private Set<String> indicesOf(String name) throws IOException {
        if (!client.indices().existsAlias(e -> e.name(name)).value()) {
            return Set.of();
        }
        return client.indices().getAlias(g -> g.name(name)).result().keySet();
    }

    private String newIndexName() throws IOException {
        long suffix = System.currentTimeMillis();
        while (true) {
            String name = alias + "-" + suffix++;
            if (!client.indices().exists(e -> e.index(name)).value()) {
                return name;
            }
        }
    }

    private void createIndex(String index, String aliasName, String refreshInterval) throws IOException {
        client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards(String.valueOf(settings.shards()))
                        .numberOfReplicas(String.valueOf(settings.replicas()))
                        .refreshInterval(t -> t.time(refreshInterval)))
                .mappings(ProductIndex::mapping)
                .aliases(aliasName, a -> a));
    }

    private static TypeMapping.Builder mapping(TypeMapping.Builder m) {
        return m.dynamic(DynamicMapping.Strict)
                .routing(r -> r.required(true))
                .properties("productId", p -> p.keyword(k -> k))
                .properties("name", p -> p.text(t -> t.analyzer("standard")
                        .fields("sort", f -> f.keyword(k -> k.normalizer("lowercase").ignoreAbove(256)))))
                .properties("description", p -> p.text(t -> t.analyzer("standard")))
                .properties("category", p -> p.keyword(k -> k))
                .properties("price", p -> p.double_(d -> d))
                .properties("priceAmount", p -> p.keyword(k -> k.index(false)))
                .properties("currency", p -> p.keyword(k -> k))
                .properties("available", p -> p.integer(i -> i))
                .properties("inStock", p -> p.boolean_(b -> b))
                .properties("discontinued", p -> p.boolean_(b -> b))
                .properties("productVersion", p -> p.long_(l -> l))
                .properties("inventoryVersion", p -> p.long_(l -> l));
    }

    /**
     * The index the projection writes and the routing (category) under which this instance last wrote or found each
     * product there. A product's routing is needed to read it back in real time (a get is routed like the write), but
     * most events name only the product id. Without an entry the document is looked for on every shard
     * ({@code ProductSearchProjection}); {@code complete} says this instance created the index empty and wrote it
     * alone since, so a product without an entry is known to be absent (this saves that search for every new product
     * of a replay). Like the rebuild switch, it assumes one instance runs the search projection.
     */
    static final class WriteTarget {

        private final String index;
        private final Map<String, String> routings = new ConcurrentHashMap<>();
        private volatile boolean complete;

        private WriteTarget(String index, boolean complete) {
            this.index = index;
            this.complete = complete;
        }

        String index() {
            return index;
        }

        /** Where this instance last saw the product, or null. */
        String routingOf(String productId) {
            return routings.get(productId);
        }

        /** Whether a product that was never seen here is known to be absent. */
        boolean knowsAllProducts() {
            return complete;
        }

        void seen(String productId, String routing) {
            routings.put(productId, routing);
        }

        /** After a failed write the index may hold what this instance does not know (e.g. a half-moved product). */
        void forget(Collection<String> productIds) {
            complete = false;
            productIds.forEach(routings::remove);
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static <T> T call(IoCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
