package io.axoncommerce.command.inventory;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.command.InMemoryProducts;
import io.axoncommerce.command.product.ProductDiscontinuedException;
import io.axoncommerce.command.product.ProductNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final StockAddedEvent TEN_ADDED = new StockAddedEvent("p-1", 10, 10);

    private AggregateTestFixture<Inventory> fixture;
    private InMemoryProducts products;

    @BeforeEach
    void setUp() {
        products = new InMemoryProducts()
                .given("p-1", new ProductCreatedEvent("p-1", "Mug", "", "kitchen", Money.of("5", "EUR")))
                .given("p-old", new ProductCreatedEvent("p-old", "Old mug", "", "kitchen", Money.of("5", "EUR")),
                        new ProductDiscontinuedEvent("p-old"));
        fixture = new AggregateTestFixture<>(Inventory.class);
        fixture.registerInjectableResource(products.catalog());
    }

    @Test
    void firstAddStockCreatesTheInventory() {
        fixture.givenNoPriorActivity()
                .when(new AddStockCommand("p-1", 10))
                .expectEvents(TEN_ADDED)
                .expectResultMessagePayload(10);
    }

    @Test
    void addStockAddsToWhatIsAvailable() {
        fixture.given(TEN_ADDED)
                .when(new AddStockCommand("p-1", 5))
                .expectEvents(new StockAddedEvent("p-1", 5, 15))
                .expectResultMessagePayload(15);
    }

    @Test
    void stockCannotBeAddedToAnUnknownProduct() {
        fixture.givenNoPriorActivity()
                .when(new AddStockCommand("p-404", 10))
                .expectException(ProductNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void stockCannotBeAddedToADiscontinuedProduct() {
        fixture.givenNoPriorActivity()
                .when(new AddStockCommand("p-old", 10))
                .expectException(ProductDiscontinuedException.class)
                .expectNoEvents();
    }

    @Test
    void stockCountsAreBounded() {
        fixture.given(new StockAddedEvent("p-1", Integer.MAX_VALUE, Integer.MAX_VALUE))
                .when(new AddStockCommand("p-1", 1))
                .expectException(StockLimitExceededException.class)
                .expectNoEvents();
    }

    @Test
    void reservesWhatIsAvailable() {
        fixture.given(TEN_ADDED)
                .when(new ReserveStockCommand("p-1", "o-1", 10))
                .expectEvents(new StockReservedEvent("p-1", "o-1", 10, 0));
    }

    @Test
    void reservingMoreThanAvailableIsARejectionEventNotAnException() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 8, 2))
                .when(new ReserveStockCommand("p-1", "o-2", 3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReservationRejectedEvent("p-1", "o-2", 3, 2));
    }

    @Test
    void aRejectionLeavesStockUntouched() {
        fixture.given(TEN_ADDED, new StockReservationRejectedEvent("p-1", "o-2", 30, 10))
                .when(new ReserveStockCommand("p-1", "o-3", 10))
                .expectEvents(new StockReservedEvent("p-1", "o-3", 10, 0));
    }

    @Test
    void reservingForAProductWithoutInventoryIsARejectionWithNothingAvailable() {
        fixture.givenNoPriorActivity()
                .when(new ReserveStockCommand("p-1", "o-1", 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReservationRejectedEvent("p-1", "o-1", 1, 0));
    }

    @Test
    void aRepeatedReservationForTheSameOrderReservesOnlyOnce() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6))
                .when(new ReserveStockCommand("p-1", "o-1", 4))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLateReservationRetryAfterTheOrderWasSettledTakesNoStock() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6),
                        new StockReleasedEvent("p-1", "o-1", 4, 10))
                .when(new ReserveStockCommand("p-1", "o-1", 4))
                .expectNoEvents();
    }

    @Test
    void releaseGivesTheReservedUnitsBack() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6))
                .when(new ReleaseStockCommand("p-1", "o-1"))
                .expectEvents(new StockReleasedEvent("p-1", "o-1", 4, 10));
    }

    @Test
    void releasingTwiceReleasesOnce() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6),
                        new StockReleasedEvent("p-1", "o-1", 4, 10))
                .when(new ReleaseStockCommand("p-1", "o-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasingAnUnknownReservationIsANoOp() {
        fixture.given(TEN_ADDED)
                .when(new ReleaseStockCommand("p-1", "o-unknown"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasingForAProductWithoutInventoryIsANoOp() {
        fixture.givenNoPriorActivity()
                .when(new ReleaseStockCommand("p-1", "o-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void commitMakesTheReservationFinal() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6))
                .when(new CommitStockCommand("p-1", "o-1"))
                .expectEvents(new StockCommittedEvent("p-1", "o-1", 4));
    }

    @Test
    void committingTwiceCommitsOnce() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6), new StockCommittedEvent("p-1", "o-1", 4))
                .when(new CommitStockCommand("p-1", "o-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCommittedReservationCannotBeReleased() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6), new StockCommittedEvent("p-1", "o-1", 4))
                .when(new ReleaseStockCommand("p-1", "o-1"))
                .expectNoEvents();
    }

    @Test
    void committingAReleasedReservationIsANoOp() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6),
                        new StockReleasedEvent("p-1", "o-1", 4, 10))
                .when(new CommitStockCommand("p-1", "o-1"))
                .expectNoEvents();
    }

    @Test
    void committedUnitsStayOutOfAvailableStock() {
        fixture.given(TEN_ADDED, new StockReservedEvent("p-1", "o-1", 4, 6), new StockCommittedEvent("p-1", "o-1", 4))
                .when(new ReserveStockCommand("p-1", "o-2", 7))
                .expectEvents(new StockReservationRejectedEvent("p-1", "o-2", 7, 6));
    }
}
