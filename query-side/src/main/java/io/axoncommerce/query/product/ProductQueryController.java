package io.axoncommerce.query.product;

import io.axoncommerce.api.query.FindProductQuery;
import io.axoncommerce.api.query.ProductSearchResult;
import io.axoncommerce.api.query.ProductSort;
import io.axoncommerce.api.query.ProductView;
import io.axoncommerce.api.query.SearchProductsQuery;
import io.axoncommerce.query.web.InvalidParameterException;
import io.axoncommerce.query.web.NotFoundException;
import io.axoncommerce.query.web.Queries;
import io.axoncommerce.query.web.QueryParameters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Product lookup and full-text search (GET only: the command side owns the writes under the same paths). */
@RestController
@RequestMapping(path = "/api/products")
public class ProductQueryController {

    /**
     * Characters that are operators in Elasticsearch's query-string syntax. The text never reaches such a parser
     * (it is a multi_match query's text), but a client sending them expects syntax we do not offer: say so.
     */
    private static final Pattern QUERY_SYNTAX = Pattern.compile("[:\"*?~^\\\\/{}\\[\\]()<>=!|+]|&&|\\|\\|");
    private static final int MAX_TEXT_LENGTH = 200;

    private final Queries queries;

    public ProductQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/{productId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProductView product(@PathVariable String productId) {
        ProductView product = queries.ask(new FindProductQuery(productId), ProductView.class);
        if (product == null) {
            throw new NotFoundException("Product " + productId + " is unknown");
        }
        return product;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ProductSearchResult search(@RequestParam(required = false) String q,
                                      @RequestParam(required = false) String category,
                                      @RequestParam(required = false) String minPrice,
                                      @RequestParam(required = false) String maxPrice,
                                      @RequestParam(required = false) String inStock,
                                      @RequestParam(required = false) String page,
                                      @RequestParam(required = false) String size,
                                      @RequestParam(required = false) String sort) {
        String text = QueryParameters.text(q);
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidParameterException("q", "q must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (text != null && QUERY_SYNTAX.matcher(text).find()) {
            throw new InvalidParameterException("q",
                    "q is plain text: query syntax such as : * ? ~ ^ \" ( ) [ ] { } is not accepted");
        }
        BigDecimal min = QueryParameters.price("minPrice", minPrice);
        BigDecimal max = QueryParameters.price("maxPrice", maxPrice);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new InvalidParameterException("minPrice", "minPrice must not exceed maxPrice");
        }
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size, 20);
        QueryParameters.withinResultWindow(pageNumber, pageSize);
        ProductSort order = sort == null || sort.isBlank() ? ProductSort.RELEVANCE
                : ProductSort.fromParameter(sort.trim()).orElseThrow(() -> new InvalidParameterException("sort",
                "sort must be one of " + Arrays.stream(ProductSort.values()).map(ProductSort::parameter).toList()
                        + " but was '" + sort + "'"));
        return queries.ask(new SearchProductsQuery(text, QueryParameters.text(category), min, max,
                QueryParameters.bool("inStock", inStock), pageNumber, pageSize, order), ProductSearchResult.class);
    }
}
