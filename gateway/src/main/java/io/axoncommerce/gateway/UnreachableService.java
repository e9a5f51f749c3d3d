package io.axoncommerce.gateway;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/**
 * A service that cannot be reached (restarting, or gone while it answered) is a 503 problem with {@code Retry-After},
 * not the 500 the gateway's proxy gives by default: clients and load balancers retry a 503, and an order placed again
 * with the same {@code Idempotency-Key} is not placed twice, whether or not the first request got through.
 */
@RestControllerAdvice
class UnreachableService {

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> unreachable(ResourceAccessException e, HttpServletRequest request) {
        Object route = request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR);
        String service = route == null ? "the service" : route.toString();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " did not answer (it may be restarting); retry the request, with the same Idempotency-Key "
                        + "for an order");
        problem.setType(URI.create("urn:axon-commerce:problem:service-unavailable"));
        problem.setProperty("code", "SERVICE_UNAVAILABLE");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }
}
