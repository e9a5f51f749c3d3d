package io.axoncommerce.command.product;

import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.api.product.UpdateProductDetailsCommand;
import io.axoncommerce.command.web.CommandRequest;
import io.axoncommerce.command.web.CommandSender;
import io.axoncommerce.command.web.MoneyRequest;
import io.axoncommerce.command.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.UUID;

@RestController("commandSideProductController")
@RequestMapping("/api/products")
@Tag(name = "Products", description = "The product catalogue (write side)")
public class ProductController {

    private final CommandSender commands;

    public ProductController(CommandSender commands) {
        this.commands = commands;
    }

    /**
     * @param productId optional; a client-chosen id (e.g. a SKU) makes creation safe to retry, since a second
     *                  creation with the same id is a 409. Generated when absent.
     */
    public record CreateProductRequest(
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                    message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            String productId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @NotBlank @Size(max = 100) String category,
            @NotNull @Valid MoneyRequest price) implements CommandRequest {
    }

    public record UpdateProductRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @NotBlank @Size(max = 100) String category) implements CommandRequest {
    }

    public record ProductCreatedResponse(String productId) {
    }

    @PostMapping
    @ProblemResponses({400, 409})
    @Operation(summary = "Create a product", description = "201 with the new product's id and its Location.")
    public ResponseEntity<ProductCreatedResponse> create(@Valid @RequestBody CreateProductRequest request) {
        String productId = request.productId() != null ? request.productId() : UUID.randomUUID().toString();
        commands.send(() -> new CreateProductCommand(productId, request.name(),
                descriptionOf(request.description()), request.category(), request.price().toMoney()));
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}").buildAndExpand(productId).toUri())
                .body(new ProductCreatedResponse(productId));
    }

    @PutMapping("/{productId}")
    @ProblemResponses({400, 404, 422})
    @Operation(summary = "Update name, description and category")
    public ResponseEntity<Void> update(@PathVariable String productId,
                                       @Valid @RequestBody UpdateProductRequest request) {
        commands.send(() -> new UpdateProductDetailsCommand(productId, request.name(),
                descriptionOf(request.description()), request.category()));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{productId}/price")
    @ProblemResponses({400, 404, 422})
    @Operation(summary = "Change the price", description = "Orders placed from now on pay the new price.")
    public ResponseEntity<Void> changePrice(@PathVariable String productId, @Valid @RequestBody MoneyRequest price) {
        commands.send(() -> new ChangeProductPriceCommand(productId, price.toMoney()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{productId}")
    @ProblemResponses(404)
    @Operation(summary = "Discontinue a product",
            description = "It can no longer be changed, stocked or ordered. Idempotent.")
    public ResponseEntity<Void> discontinue(@PathVariable String productId) {
        commands.send(() -> new DiscontinueProductCommand(productId));
        return ResponseEntity.noContent().build();
    }

    private static String descriptionOf(String description) {
        return description == null ? "" : description;
    }
}
