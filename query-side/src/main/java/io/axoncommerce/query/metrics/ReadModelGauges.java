package io.axoncommerce.query.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.query.inventory.InventoryDocument;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Gauges of the read models: orders in flight, and the available stock of products. Read from MongoDB on a fixed
 * interval in the background (never during a scrape, which must stay cheap) and served from the last reading.
 * <p>
 * Stock per product is the one metric tagged with an entity id. To keep the cardinality bounded it covers only the
 * {@code limit} products with the least stock available (those an operator has to act on); every product still
 * counts in {@code axoncommerce.inventory.products} by state (in stock / out of stock). Products that leave the
 * lowest-{@code limit} set have their series removed.
 */
public final class ReadModelGauges implements DisposableBean {

    static final String ACTIVE_ORDERS = "axoncommerce.orders.active";
    static final String AVAILABLE_STOCK = "axoncommerce.inventory.available";
    static final String PRODUCTS = "axoncommerce.inventory.products";

    private static final Logger log = LoggerFactory.getLogger(ReadModelGauges.class);

    private final MongoReadModel<OrderDocument> orders;
    private final MongoReadModel<InventoryDocument> inventory;
    private final int limit;
    private final AtomicLong activeOrders = new AtomicLong();
    private final AtomicLong inStock = new AtomicLong();
    private final AtomicLong outOfStock = new AtomicLong();
    private final MultiGauge lowestStock;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("read-model-gauges").factory());

    public ReadModelGauges(MongoReadModel<OrderDocument> orders, MongoReadModel<InventoryDocument> inventory,
                           MeterRegistry registry, int limit, Duration interval) {
        this.orders = orders;
        this.inventory = inventory;
        this.limit = limit;
        Gauge.builder(ACTIVE_ORDERS, activeOrders, AtomicLong::get)
                .description("Orders placed and not yet confirmed or cancelled (read model)").register(registry);
        Gauge.builder(PRODUCTS, inStock, AtomicLong::get).tag("state", "in_stock")
                .description("Products by stock state (read model)").register(registry);
        Gauge.builder(PRODUCTS, outOfStock, AtomicLong::get).tag("state", "out_of_stock")
                .description("Products by stock state (read model)").register(registry);
        this.lowestStock = MultiGauge.builder(AVAILABLE_STOCK)
                .description("Available stock of the products with the least of it (bounded set)")
                .baseUnit("units").register(registry);
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            activeOrders.set(orders.count(Query.query(Criteria.where("status")
                    .in(OrderStatus.PLACED.name(), OrderStatus.STOCK_RESERVED.name()))));
            long withStock = inventory.count(Query.query(Criteria.where("available").gt(0)));
            long total = inventory.count(new Query());
            inStock.set(withStock);
            outOfStock.set(total - withStock);
            Query lowest = new Query().with(Sort.by(Sort.Direction.ASC, "available")).limit(limit);
            lowest.fields().include("available");
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Document doc : inventory.template().find(lowest, Document.class,
                    inventory.liveCollection())) {
                rows.add(MultiGauge.Row.of(Tags.of("product", String.valueOf(doc.get("_id"))),
                        ((Number) doc.get("available")).doubleValue()));
            }
            lowestStock.register(rows, true);
        } catch (RuntimeException e) {
            // the read model's database is down or busy: keep the last readings, try again next round
            log.warn("Read model gauges not refreshed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
