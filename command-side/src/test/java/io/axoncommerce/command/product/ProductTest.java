package io.axoncommerce.command.product;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.api.product.UpdateProductDetailsCommand;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProductTest {

    private static final Money PRICE = Money.of("19.99", "EUR");
    private static final ProductCreatedEvent CREATED =
            new ProductCreatedEvent("p-1", "Mug", "A big mug", "kitchen", PRICE);

    private AggregateTestFixture<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    void createsAProduct() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand("p-1", "Mug", "A big mug", "kitchen", PRICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED);
    }

    @Test
    void refusesToCreateAProductTwice() {
        fixture.given(CREATED)
                .when(new CreateProductCommand("p-1", "Other", "", "kitchen", PRICE))
                .expectException(ProductAlreadyExistsException.class)
                .expectNoEvents();
    }

    @Test
    void updatesDetails() {
        fixture.given(CREATED)
                .when(new UpdateProductDetailsCommand("p-1", "Mug XL", "Bigger", "kitchen"))
                .expectEvents(new ProductDetailsUpdatedEvent("p-1", "Mug XL", "Bigger", "kitchen"));
    }

    @Test
    void unchangedDetailsPublishNothing() {
        fixture.given(CREATED)
                .when(new UpdateProductDetailsCommand("p-1", "Mug", "A big mug", "kitchen"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changesThePriceRecordingTheOldOne() {
        Money newPrice = Money.of("24.50", "EUR");
        fixture.given(CREATED)
                .when(new ChangeProductPriceCommand("p-1", newPrice))
                .expectEvents(new ProductPriceChangedEvent("p-1", PRICE, newPrice));
    }

    @Test
    void theSamePriceWrittenDifferentlyIsNoChange() {
        fixture.given(CREATED)
                .when(new ChangeProductPriceCommand("p-1", Money.of("19.990", "EUR")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void discontinues() {
        fixture.given(CREATED)
                .when(new DiscontinueProductCommand("p-1"))
                .expectEvents(new ProductDiscontinuedEvent("p-1"));
    }

    @Test
    void discontinuingTwiceIsANoOp() {
        fixture.given(CREATED, new ProductDiscontinuedEvent("p-1"))
                .when(new DiscontinueProductCommand("p-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDiscontinuedProductsDetailsCannotChange() {
        fixture.given(CREATED, new ProductDiscontinuedEvent("p-1"))
                .when(new UpdateProductDetailsCommand("p-1", "Mug XL", "Bigger", "kitchen"))
                .expectException(ProductDiscontinuedException.class)
                .expectNoEvents();
    }

    @Test
    void aDiscontinuedProductsPriceCannotChange() {
        fixture.given(CREATED, new ProductDiscontinuedEvent("p-1"))
                .when(new ChangeProductPriceCommand("p-1", Money.of("1.00", "EUR")))
                .expectException(ProductDiscontinuedException.class)
                .expectNoEvents();
    }

    @Test
    void aDiscontinuedProductCannotBeRecreated() {
        fixture.given(CREATED, new ProductDiscontinuedEvent("p-1"))
                .when(new CreateProductCommand("p-1", "Mug", "A big mug", "kitchen", PRICE))
                .expectException(ProductAlreadyExistsException.class)
                .expectNoEvents();
    }

    @Test
    void changingAnUnknownProductFails() {
        fixture.givenNoPriorActivity()
                .when(new ChangeProductPriceCommand("p-404", PRICE))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
