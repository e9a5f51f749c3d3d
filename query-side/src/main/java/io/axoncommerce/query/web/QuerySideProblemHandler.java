package io.axoncommerce.query.web;

import io.axoncommerce.query.QuerySideApplication;
import io.axoncommerce.query.admin.ReplayConflictException;
import io.axoncommerce.query.admin.ReplayNotSupportedException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem responses for this module's controllers only (scoped by package, so that composed with other
 * modules' controllers in one context it answers for ours alone).
 */
@RestControllerAdvice(basePackageClasses = QuerySideApplication.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QuerySideProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QuerySideProblemHandler.class);

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(ReplayNotSupportedException.class)
    ProblemDetail replayNotSupported(ReplayNotSupportedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Replay not supported");
        return problem;
    }

    @ExceptionHandler(ReplayConflictException.class)
    ProblemDetail replayConflict(ReplayConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Replay conflict");
        return problem;
    }

    @ExceptionHandler(Queries.QueryTimeoutException.class)
    ProblemDetail timeout(Queries.QueryTimeoutException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
        problem.setTitle("Query timed out");
        return problem;
    }

    @ExceptionHandler(Queries.QueryFailedException.class)
    ProblemDetail queryFailed(Queries.QueryFailedException e) {
        boolean unreachable = e.getCause() instanceof NoHandlerForQueryException;
        log.warn("Query failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                unreachable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR,
                unreachable ? "No query handler is reachable" : "The query failed");
        problem.setTitle(unreachable ? "Query handler unavailable" : "Query failed");
        return problem;
    }
}
