package io.axoncommerce.query.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends typed queries through Axon's {@link QueryGateway} and waits a bounded time. This instance's own handlers answer
 * them directly (axon.axonserver.shortcut-queries-to-local-handlers); without a local handler they go through Axon Server.
 */
@Component
public class Queries {

    private final QueryGateway gateway;
    private final Duration timeout;

    public Queries(QueryGateway gateway, @Value("${query-side.query.timeout:10s}") Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    /** The answer, or null if the handler answered nothing. */
    public <R> R ask(Object query, Class<R> responseType) {
        try {
            return gateway.query(query, ResponseTypes.instanceOf(responseType))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailedException("interrupted", e);
        } catch (ExecutionException e) {
            throw new QueryFailedException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueryTimeoutException(timeout);
        }
    }

    public QueryGateway gateway() {
        return gateway;
    }

    /** The query handler failed or could not be reached. */
    public static class QueryFailedException extends RuntimeException {
        public QueryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No answer within the configured time. */
    public static class QueryTimeoutException extends RuntimeException {
        QueryTimeoutException(Duration timeout) {
            super("no answer within " + timeout.toMillis() + " ms");
        }
    }
}
