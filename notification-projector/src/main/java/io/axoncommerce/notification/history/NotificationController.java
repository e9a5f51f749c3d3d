package io.axoncommerce.notification.history;

import io.axoncommerce.security.ApiCaller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/notifications")
public class NotificationController {

    private final NotificationHistory history;

    NotificationController(NotificationHistory history) {
        this.history = history;
    }

    /**
     * A customer's notifications, newest first: a customer may read only their own (the token subject must be the
     * {@code customerId}, else 403), an admin anyone's.
     */
    @GetMapping
    public NotificationPage notifications(@RequestParam @NotBlank String customerId,
                                          @RequestParam(defaultValue = "0") @Min(0) int page,
                                          @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
                                          Authentication caller) {
        ApiCaller.requireOwnerOr(caller, customerId, "The notifications of '" + customerId + "'", "admin");
        return history.page(customerId, page, size);
    }
}
