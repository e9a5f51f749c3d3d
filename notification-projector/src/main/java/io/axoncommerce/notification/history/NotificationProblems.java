package io.axoncommerce.notification.history;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for bad requests (missing or blank customerId, page or size out of range, not a number).
 * Scoped to this module's controller: the launcher may compose every module into one Spring context.
 */
@RestControllerAdvice(assignableTypes = NotificationController.class)
class NotificationProblems extends ResponseEntityExceptionHandler {
}
