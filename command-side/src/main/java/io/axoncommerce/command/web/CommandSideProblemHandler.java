package io.axoncommerce.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.axoncommerce.command.CommandSideApplication;
import io.axoncommerce.command.rejection.Rejection;
import io.axoncommerce.command.rejection.RejectionType;
import io.axoncommerce.support.problem.Problems;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * RFC 9457 problem details for the command API. Scoped to this module's controllers, so other modules sharing the
 * context keep their own error handling.
 * <ul>
 *     <li>400: malformed JSON, unknown fields, invalid values; {@code errors} lists {@code field} and {@code message}</li>
 *     <li>404, 409, 422: a command handler's {@link Rejection} (see {@link RejectionType})</li>
 *     <li>503: no handler reachable; 504: the handler did not answer within the command timeout</li>
 * </ul>
 */
@RestControllerAdvice(basePackageClasses = CommandSideApplication.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandSideProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandSideProblemHandler.class);

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException e) {
        Rejection rejection = e.<Object>getDetails()
                .filter(Rejection.class::isInstance).map(Rejection.class::cast)
                .orElseGet(() -> fromCauses(e));
        if (rejection == null && hasCause(e, TimeoutException.class)) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "COMMAND_TIMEOUT",
                    "The command handler did not answer in time; the command may still take effect");
        }
        if (rejection == null) {
            return unexpected(e);
        }
        return problem(rejection.type().status(), rejection.code(), rejection.message());
    }

    /** Anything else is our fault: logged in full, answered without internals. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Command request failed unexpectedly", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "COMMAND_FAILED",
                "The command failed for an unexpected reason; see the server log");
    }

    /** No handler for the command is connected (e.g. Axon Server is unreachable or the handlers are not up). */
    @ExceptionHandler({NoHandlerForCommandException.class, CommandDispatchException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("Command could not be dispatched: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "COMMAND_HANDLER_UNAVAILABLE",
                "The command could not be delivered to its handler; try again later");
    }

    /** Only when a framework exception reached us untranslated (the interceptor covers the usual paths). */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND",
                "'" + e.getAggregateIdentifier() + "' does not exist");
    }

    /**
     * Version conflicts: on load (ConflictingModificationException), on append (ConcurrencyException), or a second
     * creation of a stream, which JPA/JDBC event stores detect only at commit (AggregateStreamCreationException).
     */
    @ExceptionHandler({ConcurrencyException.class, ConflictingModificationException.class,
            AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "CONCURRENT_MODIFICATION",
                "The command conflicted with a concurrent change: " + e.getMessage());
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalidCommand(InvalidCommandException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
        response.getBody().setProperty("errors", List.of(fieldError(e.field(), e.getMessage())));
        return response;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors()
                .forEach(error -> errors.add(fieldError(error.getField(), error.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(fieldError("body", error.getDefaultMessage())));
        errors.sort(Comparator.comparing(error -> error.get("field")));
        return invalid("Invalid request: " + errors.stream()
                .map(error -> error.get("field") + " " + error.get("message"))
                .collect(Collectors.joining("; ")), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> fieldError(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        return invalid("Invalid request parameters", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return invalid("Unknown field '" + field + "'", List.of(fieldError(field, "is not a known field")));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            Throwable root = rootCause(mapping);
            String message = root instanceof IllegalArgumentException ? root.getMessage()
                    : "has a value of the wrong type";
            return invalid("Invalid value for '" + field + "': " + message, List.of(fieldError(field, message)));
        }
        if (cause instanceof JsonProcessingException json) {
            return invalid("Malformed JSON: " + json.getOriginalMessage(), List.of());
        }
        return invalid("The request body is missing or unreadable", List.of());
    }

    private static ResponseEntity<Object> invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail);
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Rejection fromCauses(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AggregateNotFoundException notFound) {
                return new Rejection(RejectionType.NOT_FOUND, "NOT_FOUND",
                        "'" + notFound.getAggregateIdentifier() + "' does not exist");
            }
            if (t instanceof ConcurrencyException || t instanceof ConflictingModificationException
                    || t instanceof AggregateStreamCreationException) {
                return new Rejection(RejectionType.CONFLICT, "CONCURRENT_MODIFICATION",
                        "The command conflicted with a concurrent change: " + t.getMessage());
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).body(Problems.problem(status, code, detail));
    }

    private static Map<String, String> fieldError(@Nullable String field, @Nullable String message) {
        return Map.of("field", field == null ? "body" : field, "message", message == null ? "is invalid" : message);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
