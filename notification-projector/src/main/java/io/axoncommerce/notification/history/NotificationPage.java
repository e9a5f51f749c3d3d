package io.axoncommerce.notification.history;

import java.util.List;

public record NotificationPage(List<NotificationView> content, int page, int size, long totalElements,
                               int totalPages) {
}
