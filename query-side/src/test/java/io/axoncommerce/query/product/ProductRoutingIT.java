package io.axoncommerce.query.product;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.api.query.ProductSort;
import io.axoncommerce.api.query.SearchProductsQuery;
import io.axoncommerce.query.QuerySideIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue routed by category on an index of several shards (the ITs' configuration sets
 * {@code query-side.search.shards=3} on the one embedded node): a search filtered by category asks one shard and
 * answers as the same search over every shard; a product that changes category is found under its new category only,
 * also when both categories share a shard; a product left on two shards by a failed move (or whose routing this
 * instance does not know) is found on every shard and the old copy removed; a search without a category still finds
 * every product. ReplayIT replays moved products into an index of the same settings.
 */
class ProductRoutingIT extends QuerySideIT {

    private static final int SHARDS = 3;

    @Autowired
    private ElasticsearchClient elasticsearch;
    @Autowired
    private ProductIndex productIndex;
    @Autowired
    private ProductQueryHandler queryHandler;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void theIndexHasTheConfiguredShardsAndRequiresARouting() throws IOException {
        String index = productIndex.writeIndex();
        var settings = elasticsearch.indices().getSettings(g -> g.index(index)).get(index).settings().index();
        assertThat(settings.numberOfShards()).isEqualTo(String.valueOf(SHARDS));
        assertThat(settings.numberOfReplicas()).isEqualTo("0");
        var mapping = elasticsearch.indices().getMapping(g -> g.index(index)).get(index).mappings();
        assertThat(mapping.routing().required()).isTrue();
    }

    @Test
    void aSearchFilteredByCategoryAsksOneShardAndAnswersAsOverEveryShard() throws IOException {
        List<String> categories = new ArrayList<>();
        Map<String, Integer> created = new HashMap<>();
        for (int c = 0; c < 6; c++) {
            String category = "routed" + run + "c" + c;
            categories.add(category);
            for (int p = 0; p <= c; p++) {
                create("rt-" + run + "-" + c + "-" + p, "Routed lamp " + run + " " + p, category, (10 + 7 * p) + ".00");
            }
            created.put(category, c + 1);
        }
        int all = created.values().stream().mapToInt(Integer::intValue).sum();
        await().atMost(Duration.ofSeconds(30)).until(() -> total("q=" + run) == all);

        for (String category : categories) {
            for (ProductSort sort : List.of(ProductSort.RELEVANCE, ProductSort.PRICE_DESC)) {
                SearchRequest routed = queryHandler.searchRequest(new SearchProductsQuery("lamp " + run, category,
                        new BigDecimal("12"), null, null, 0, 3, sort));
                assertThat(routed.routing()).isEqualTo(category);
                SearchResponse<ProductSearchDocument> viaRouting = elasticsearch.search(routed,
                        ProductSearchDocument.class);
                SearchResponse<ProductSearchDocument> everyShard = elasticsearch.search(withoutRouting(routed),
                        ProductSearchDocument.class);

                assertThat(viaRouting.shards().total().intValue()).as(category).isEqualTo(1);
                assertThat(everyShard.shards().total().intValue()).isEqualTo(SHARDS);
                assertThat(viaRouting.hits().total().value()).as(category)
                        .isEqualTo(everyShard.hits().total().value())
                        .isEqualTo(created.get(category) - 1L);
                assertThat(ids(viaRouting)).as(category).isEqualTo(ids(everyShard));
                assertThat(viaRouting.aggregations().get("prices").range().buckets().array().stream()
                        .map(b -> b.docCount()).toList())
                        .isEqualTo(everyShard.aggregations().get("prices").range().buckets().array().stream()
                                .map(b -> b.docCount()).toList());
            }
            assertThat(total("category=" + category + "&q=" + run)).isEqualTo(created.get(category).longValue());
        }
        JsonNode everything = getJson("/api/products?q=" + run + "&size=100");
        assertThat(everything.get("total").asLong()).isEqualTo(all);
        assertThat(everything.get("items")).hasSize(all);
    }

    @Test
    void aProductThatChangesCategoryIsFoundUnderItsNewCategoryOnly() throws IOException {
        // the product moves once between shards and once within a shard
        String[] chosen = threeCategoriesTheLastTwoOnOneShard();
        String first = chosen[0];
        String second = chosen[1];
        String third = chosen[2];
        String productId = "mv-" + run;
        String name = "Wandering chair " + run;
        create(productId, name, first, "40.00");
        awaitIn(first, productId);

        append("Product", productId, new ProductDetailsUpdatedEvent(productId, name, "moved", second));
        // events that name only the product must find it under its new routing
        append("Product", productId, new ProductPriceChangedEvent(productId, Money.of("40.00", "EUR"),
                Money.of("35.00", "EUR")));
        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 4, 9));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode product = product(productId);
            return product.path("available").asInt() == 9 && product.path("category").asText().equals(second);
        });
        assertFoundOnlyIn(second, productId, first, third);
        assertThat(product(productId).get("price").get("amount").decimalValue())
                .isEqualByComparingTo("35.00");

        append("Product", productId, new ProductDetailsUpdatedEvent(productId, name, "moved again", third));
        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 1, 10));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode product = product(productId);
            return product.path("available").asInt() == 10 && product.path("category").asText().equals(third);
        });
        assertFoundOnlyIn(third, productId, first, second);
    }

    @Test
    void aProductLeftOnTwoShardsByAMoveThatFailedHalfWayIsCleanedUpByItsNextEvent() throws IOException {
        String[] chosen = threeCategoriesTheLastTwoOnOneShard();
        String before = chosen[0];
        String after = chosen[1];
        String productId = "half-" + run;
        String name = "Half moved desk " + run;
        create(productId, name, before, "40.00");
        append("Product", productId, new ProductDetailsUpdatedEvent(productId, name, "moved", after));
        await().atMost(Duration.ofSeconds(30)).until(() -> product(productId)
                .path("category").asText().equals(after));
        // as a bulk write that indexed the moved product but failed to delete its old copy leaves it, and as this
        // instance then knows it (ProductSearchProjection's write), or after a restart: the routing is unknown
        ProductSearchDocument oldCopy = new ProductSearchDocument(productId, name, "A routed product", before, 40.0,
                "40.00", "EUR", 0, false, false, 0, -1);
        elasticsearch.index(i -> i.index(productIndex.writeIndex()).id(productId).routing(oldCopy.routing())
                .document(oldCopy));
        productIndex.writeTarget().forget(List.of(productId));
        elasticsearch.indices().refresh(r -> r.index(productIndex.readAlias()));
        assertThat(product(productId).get("category").asText()).isEqualTo(after);

        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 3, 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> product(productId)
                .path("available").asInt() == 3);
        assertFoundOnlyIn(after, productId, before);
    }

    /** Three new categories: the first on another shard than the second, the second and third on the same shard. */
    private String[] threeCategoriesTheLastTwoOnOneShard() throws IOException {
        Map<Integer, List<String>> byShard = new HashMap<>();
        for (int c = 0; ; c++) {
            String category = "moving" + run + "c" + c;
            List<String> onShard = byShard.computeIfAbsent(shardOf(category), s -> new ArrayList<>());
            onShard.add(category);
            if (onShard.size() == 2) {
                var elsewhere = byShard.values().stream().filter(other -> other != onShard).findFirst();
                if (elsewhere.isPresent()) {
                    return new String[]{elsewhere.get().getFirst(), onShard.get(0), onShard.get(1)};
                }
            }
        }
    }

    private void assertFoundOnlyIn(String category, String productId, String... others) throws IOException {
        elasticsearch.indices().refresh(r -> r.index(productIndex.readAlias()));
        assertThat(total("category=" + category + "&q=" + run)).isEqualTo(1L);
        for (String other : others) {
            assertThat(total("category=" + other + "&q=" + run)).as(other).isZero();
        }
        // one document on all shards together: the move left no copy under the old routing
        assertThat(elasticsearch.count(c -> c.index(productIndex.readAlias())
                .query(q -> q.ids(i -> i.values(productId)))).count()).isEqualTo(1);
        JsonNode unfiltered = getJson("/api/products?q=" + run);
        assertThat(unfiltered.get("total").asLong()).isEqualTo(1);
        assertThat(unfiltered.get("items").get(0).get("category").asText()).isEqualTo(category);
    }

    private void awaitIn(String category, String productId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> getJson("/api/products?category=" + category)
                .get("items").findValuesAsText("productId").contains(productId));
    }

    private int shardOf(String routing) throws IOException {
        var shards = elasticsearch.searchShards(s -> s.index(productIndex.readAlias()).routing(routing)).shards();
        assertThat(shards).hasSize(1);
        return shards.getFirst().getFirst().shard();
    }

    private void create(String productId, String name, String category, String price) {
        append("Product", productId, new ProductCreatedEvent(productId, name, "A routed product", category,
                Money.of(price, "EUR")));
    }

    private JsonNode product(String productId) {
        var response = get("/api/products/" + productId);
        return response.statusCode() == 200 ? json(response) : JSON.createObjectNode();
    }

    private long total(String parameters) {
        return getJson("/api/products?" + parameters).get("total").asLong();
    }

    private static SearchRequest withoutRouting(SearchRequest routed) {
        return SearchRequest.of(s -> s.index(routed.index()).query(routed.query()).from(routed.from())
                .size(routed.size()).sort(routed.sort()).trackTotalHits(routed.trackTotalHits())
                .aggregations(routed.aggregations()));
    }

    private static List<String> ids(SearchResponse<ProductSearchDocument> response) {
        return response.hits().hits().stream().map(Hit::id).toList();
    }
}
