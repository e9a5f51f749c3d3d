package io.axoncommerce.query.order;

import io.axoncommerce.api.query.FindOrderQuery;
import io.axoncommerce.api.query.FindOrdersQuery;
import io.axoncommerce.api.query.OrderPage;
import io.axoncommerce.api.query.OrderView;
import io.axoncommerce.query.projection.MongoReadModel;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Answers order queries from the orders read model's live collection. An unknown order is a null answer. */
@Component
public class OrderQueryHandler {

    private final MongoReadModel<OrderDocument> orders;

    public OrderQueryHandler(MongoReadModel<OrderDocument> orders) {
        this.orders = orders;
    }

    @QueryHandler
    public OrderView handle(FindOrderQuery query) {
        OrderDocument document = orders.findById(query.orderId());
        return document == null ? null : document.toView();
    }

    @QueryHandler
    public OrderPage handle(FindOrdersQuery query) {
        Criteria criteria = new Criteria();
        if (query.customerId() != null) {
            criteria = criteria.and("customerId").is(query.customerId());
        }
        if (query.status() != null) {
            criteria = criteria.and("status").is(query.status());
        }
        Query filter = Query.query(criteria);
        long total = orders.count(filter);
        Query page = Query.query(criteria)
                .with(Sort.by(Sort.Order.desc("placedAt"), Sort.Order.asc("_id")))
                .skip((long) query.page() * query.size())
                .limit(query.size());
        var items = orders.find(page).stream().map(OrderDocument::toView).toList();
        return new OrderPage(items, query.page(), query.size(), total);
    }
}
