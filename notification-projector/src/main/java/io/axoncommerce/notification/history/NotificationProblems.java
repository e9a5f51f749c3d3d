package io.axoncommerce.notification.history;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for bad requests (missing or blank customerId, page or size out of range, not a number).
 * Scoped to this module's controller, so that the application's other endpoints (actuator, Spring Boot's error
 * handling) keep their own answers.
 */
@RestControllerAdvice(assignableTypes = NotificationController.class)
class NotificationProblems extends ResponseEntityExceptionHandler {
}
