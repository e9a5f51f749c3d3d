package io.axoncommerce.command.inventory;

import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.command.web.CommandRequest;
import io.axoncommerce.command.web.CommandSender;
import io.axoncommerce.command.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController("commandSideStockController")
@Tag(name = "Stock", description = "Stock per product")
public class StockController {

    private final CommandSender commands;

    public StockController(CommandSender commands) {
        this.commands = commands;
    }

    public record AddStockRequest(@NotNull @Positive Integer quantity) implements CommandRequest {
    }

    public record StockResponse(String productId, int available) {
    }

    @PostMapping("/api/products/{productId}/stock")
    @ProblemResponses({400, 404, 422})
    @Operation(summary = "Add stock", description = "Answers with the units now available (not reserved).")
    public StockResponse addStock(@PathVariable String productId, @Valid @RequestBody AddStockRequest request) {
        Integer available = commands.send(
                () -> new AddStockCommand(productId, request.quantity()));
        return new StockResponse(productId, available);
    }
}
