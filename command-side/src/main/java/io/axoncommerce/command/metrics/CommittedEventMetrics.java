package io.axoncommerce.command.metrics;

import java.util.Map;

import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.observability.CommittedEventCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import static io.axoncommerce.observability.EnumMeters.perValue;
import static io.axoncommerce.observability.EnumMeters.tag;

/**
 * The write side's business metrics, counted from the events its aggregates publish. Counted only once the unit of
 * work that published them has committed (the events are stored): a command that fails on a concurrency conflict and
 * is retried must not count its order twice. Counting the events rather than the commands also means a refused
 * command (out of stock, unknown product) counts as what it did, e.g. a rejected reservation.
 * <p>
 * Every tag has a fixed, small set of values (event kinds, enum constants, currencies), and every counter of a known
 * tag value is registered up front so the series exist, at 0, before the first event: rates and ratios in Prometheus
 * then work from the start.
 */
public final class CommittedEventMetrics extends CommittedEventCounter {

    static final String ORDERS_PLACED = "axoncommerce.orders.placed";
    static final String ORDERS_CONFIRMED = "axoncommerce.orders.confirmed";
    static final String ORDERS_CANCELLED = "axoncommerce.orders.cancelled";
    static final String ORDER_VALUE = "axoncommerce.orders.value";
    static final String STOCK_OPERATIONS = "axoncommerce.stock.operations";
    static final String STOCK_UNITS = "axoncommerce.stock.units";
    /**
     * One counter for the catalogue, tagged by change: "created" cannot end a Prometheus counter's name (the
     * {@code _created} suffix is reserved for creation timestamps and is stripped on export).
     */
    static final String PRODUCT_CHANGES = "axoncommerce.products.changes";

    /** What happened to stock; the tag values of {@link #STOCK_OPERATIONS}. */
    enum StockOperation { ADDED, RESERVED, REJECTED, RELEASED, COMMITTED }

    /** What happened to a product; the tag values of {@link #PRODUCT_CHANGES}. */
    enum ProductChange { CREATED, DETAILS, PRICE, DISCONTINUED }

    private final MeterRegistry registry;
    private final Counter placed;
    private final Counter confirmed;
    private final Map<CancellationReason, Counter> cancelled;
    private final Map<StockOperation, Counter> stockOperations;
    private final Map<StockOperation, Counter> stockUnits;
    private final Map<ProductChange, Counter> productChanges;

    public CommittedEventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.placed = Counter.builder(ORDERS_PLACED).description("Orders placed").register(registry);
        this.confirmed = Counter.builder(ORDERS_CONFIRMED).description("Orders confirmed").register(registry);
        this.cancelled = perValue(CancellationReason.class, reason -> Counter.builder(ORDERS_CANCELLED)
                .description("Orders cancelled, by reason").tag("reason", tag(reason)).register(registry));
        this.stockOperations = perValue(StockOperation.class, operation -> Counter.builder(STOCK_OPERATIONS)
                .description("Stock operations, by kind (a rejected reservation counts as 'rejected')")
                .tag("kind", tag(operation)).register(registry));
        this.stockUnits = perValue(StockOperation.class, operation -> Counter.builder(STOCK_UNITS)
                .description("Units of stock moved, by kind").tag("kind", tag(operation)).register(registry));
        this.productChanges = perValue(ProductChange.class, change -> Counter.builder(PRODUCT_CHANGES)
                .description("Products created and updated, by kind of change")
                .tag("change", tag(change)).register(registry));
    }

    @Override
    protected void count(Object payload) {
        switch (payload) {
            case OrderPlacedEvent e -> {
                placed.increment();
                // one summary per currency: amounts in different currencies do not add up
                // no base unit: Prometheus would append it to the name, one name per currency
                DistributionSummary.builder(ORDER_VALUE).description("Order totals, in the order's currency")
                        .tag("currency", e.total().currency())
                        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
                        .register(registry).record(e.total().amount().doubleValue());
            }
            case OrderConfirmedEvent e -> confirmed.increment();
            case OrderCancelledEvent e -> cancelled.get(e.reason()).increment();
            case StockAddedEvent e -> stock(StockOperation.ADDED, e.quantity());
            case StockReservedEvent e -> stock(StockOperation.RESERVED, e.quantity());
            case StockReservationRejectedEvent e -> stock(StockOperation.REJECTED, e.requested());
            case StockReleasedEvent e -> stock(StockOperation.RELEASED, e.quantity());
            case StockCommittedEvent e -> stock(StockOperation.COMMITTED, e.quantity());
            case ProductCreatedEvent e -> productChanges.get(ProductChange.CREATED).increment();
            case ProductDetailsUpdatedEvent e -> productChanges.get(ProductChange.DETAILS).increment();
            case ProductPriceChangedEvent e -> productChanges.get(ProductChange.PRICE).increment();
            case ProductDiscontinuedEvent e -> productChanges.get(ProductChange.DISCONTINUED).increment();
            default -> {
                // other events carry no business metric of this service
            }
        }
    }

    private void stock(StockOperation operation, int quantity) {
        stockOperations.get(operation).increment();
        stockUnits.get(operation).increment(quantity);
    }
}
