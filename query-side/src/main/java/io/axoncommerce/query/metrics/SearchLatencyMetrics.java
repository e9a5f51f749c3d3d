package io.axoncommerce.query.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.axoncommerce.api.query.SearchProductsQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;

/**
 * Time the product search takes in this service (the Elasticsearch query and the mapping of its answer), as a
 * histogram tagged {@code outcome} (success / error). Measured around the query handler rather than in it, so the
 * search code stays about searching; the time a request spends in the gateway and Axon Server is in
 * {@code http_server_requests_seconds} of the gateway.
 */
public final class SearchLatencyMetrics implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    static final String SEARCH_DURATION = "axoncommerce.products.search.duration";
    private static final String TIMED = SearchLatencyMetrics.class.getName() + ".timed";

    private final Timer success;
    private final Timer error;

    public SearchLatencyMetrics(MeterRegistry registry) {
        this.success = timer(registry, "success");
        this.error = timer(registry, "error");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(SEARCH_DURATION).description("Product search handling time")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (!(unitOfWork.getMessage().getPayload() instanceof SearchProductsQuery)
                || unitOfWork.root().getOrComputeResource(TIMED, key -> new AtomicBoolean()).getAndSet(true)) {
            // not a search, or a search this unit of work already times (the query passes the bus's chain and the
            // local segment's)
            return interceptorChain.proceed();
        }
        long start = System.nanoTime();
        try {
            Object result = interceptorChain.proceed();
            success.record(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (Exception | Error e) {
            error.record(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }
}
