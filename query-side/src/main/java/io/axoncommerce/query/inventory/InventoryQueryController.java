package io.axoncommerce.query.inventory;

import io.axoncommerce.api.query.FindInventoryQuery;
import io.axoncommerce.api.query.InventoryView;
import io.axoncommerce.query.web.NotFoundException;
import io.axoncommerce.query.web.Queries;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Stock levels per product. */
@RestController
public class InventoryQueryController {

    private final Queries queries;

    public InventoryQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/inventory/{productId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public InventoryView inventory(@PathVariable String productId) {
        InventoryView inventory = queries.ask(new FindInventoryQuery(productId), InventoryView.class);
        if (inventory == null) {
            throw new NotFoundException("Product " + productId + " has no inventory");
        }
        return inventory;
    }
}
