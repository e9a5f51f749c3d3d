package io.axoncommerce.command.web;

import io.axoncommerce.api.common.Money;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/** A price in a request: {@code {"amount": 19.99, "currency": "EUR"}}. */
public record MoneyRequest(
        @NotNull @DecimalMin("0.00") @Digits(integer = 13, fraction = 4) BigDecimal amount,
        @NotNull @CurrencyCode String currency) implements CommandRequest {

    public Money toMoney() {
        return new Money(amount, currency);
    }
}
