package io.axoncommerce.query.product;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.AggregationRange;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.axoncommerce.api.query.FindProductQuery;
import io.axoncommerce.api.query.ProductSearchResult;
import io.axoncommerce.api.query.ProductSearchResult.CategoryCount;
import io.axoncommerce.api.query.ProductSearchResult.PriceRangeCount;
import io.axoncommerce.api.query.ProductView;
import io.axoncommerce.api.query.SearchProductsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers product queries from the search index (through its read alias, so a rebuild in progress is invisible).
 * User text reaches Elasticsearch only as the text of a {@code multi_match} query, which analyses it as plain words:
 * it is never parsed as query syntax.
 */
@Component
public class ProductQueryHandler {

    /** Price facet buckets: [from, to) with open ends. */
    static final List<double[]> PRICE_RANGES = List.of(
            new double[]{Double.NaN, 10}, new double[]{10, 25}, new double[]{25, 50}, new double[]{50, 100},
            new double[]{100, Double.NaN});

    private final ElasticsearchClient client;
    private final ProductIndex index;

    public ProductQueryHandler(ElasticsearchClient client, ProductIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * A product by id. Documents are routed by category, which the caller does not know: a search by id over every
     * shard finds where the product lives, and a get with that routing reads it in real time, so a change shows at
     * once, as it did before routing. Only a product created within the refresh interval is not found yet. The newer
     * copy wins should a move to another category have failed half-way.
     */
    @QueryHandler
    public ProductView handle(FindProductQuery query) throws IOException {
        var located = client.search(s -> s.index(index.readAlias()).source(src -> src.fetch(false))
                .query(q -> q.ids(i -> i.values(query.productId()))), ProductSearchDocument.class);
        ProductSearchDocument document = null;
        for (var hit : located.hits().hits()) {
            var current = client.get(g -> g.index(hit.index()).id(hit.id()).routing(hit.routing()),
                    ProductSearchDocument.class);
            if (current.found() && (document == null || current.source().isNewerThan(document))) {
                document = current.source();
            }
        }
        return document == null || !document.isCatalogued() ? null : document.toView();
    }

    @QueryHandler
    public ProductSearchResult handle(SearchProductsQuery query) {
        try {
            SearchResponse<ProductSearchDocument> response = client.search(searchRequest(query),
                    ProductSearchDocument.class);
            List<ProductView> items = response.hits().hits().stream().map(hit -> hit.source().toView()).toList();
            long total = response.hits().total() == null ? items.size() : response.hits().total().value();
            List<CategoryCount> categories = response.aggregations().get("categories").sterms().buckets().array()
                    .stream().map(b -> new CategoryCount(b.key().stringValue(), b.docCount())).toList();
            List<PriceRangeCount> prices = response.aggregations().get("prices").range().buckets().array().stream()
                    .map(b -> new PriceRangeCount(decimal(b.from()), decimal(b.to()), b.docCount())).toList();
            return new ProductSearchResult(items, query.page(), query.size(), total, categories, prices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The search request for a query. Filtered by one category, it is routed by that category (as the documents
     * are), so it asks only that category's shard.
     */
    SearchRequest searchRequest(SearchProductsQuery query) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.exists(e -> e.field("name"))));
        if (query.category() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("category").value(query.category()))));
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            filters.add(Query.of(q -> q.range(r -> r.number(n -> {
                n.field("price");
                if (query.minPrice() != null) {
                    n.gte(query.minPrice().doubleValue());
                }
                if (query.maxPrice() != null) {
                    n.lte(query.maxPrice().doubleValue());
                }
                return n;
            }))));
        }
        if (query.inStock() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("inStock").value(query.inStock()))));
        }
        boolean hasText = query.text() != null && !query.text().isBlank();
        Query text = hasText
                ? Query.of(q -> q.multiMatch(m -> m.query(query.text()).fields("name^3", "description")
                        .type(TextQueryType.BestFields)))
                : Query.of(q -> q.matchAll(a -> a));

        List<AggregationRange> ranges = PRICE_RANGES.stream().map(range -> AggregationRange.of(r -> {
            if (!Double.isNaN(range[0])) {
                r.from(range[0]);
            }
            if (!Double.isNaN(range[1])) {
                r.to(range[1]);
            }
            return r;
        })).toList();

        return SearchRequest.of(s -> s
                .index(index.readAlias())
                .routing(query.category())
                .query(q -> q.bool(b -> b.must(text).filter(filters)))
                .from(query.page() * query.size())
                .size(query.size())
                .sort(sortOf(query))
                .trackTotalHits(t -> t.enabled(true))
                .aggregations("categories", a -> a.terms(t -> t.field("category").size(100)))
                .aggregations("prices", a -> a.range(r -> r.field("price").ranges(ranges))));
    }

    private static BigDecimal decimal(Double value) {
        if (value == null) {
            return null;
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }

    private static List<SortOptions> sortOf(SearchProductsQuery query) {
        SortOptions byId = SortOptions.of(s -> s.field(f -> f.field("productId").order(SortOrder.Asc)));
        SortOptions primary = switch (query.sort()) {
            case RELEVANCE -> SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc)));
            case PRICE_ASC -> SortOptions.of(s -> s.field(f -> f.field("price").order(SortOrder.Asc)));
            case PRICE_DESC -> SortOptions.of(s -> s.field(f -> f.field("price").order(SortOrder.Desc)));
            case NAME_ASC -> SortOptions.of(s -> s.field(f -> f.field("name.sort").order(SortOrder.Asc)));
            case NAME_DESC -> SortOptions.of(s -> s.field(f -> f.field("name.sort").order(SortOrder.Desc)));
        };
        // the id breaks ties, so paging is stable
        return List.of(primary, byId);
    }
}
