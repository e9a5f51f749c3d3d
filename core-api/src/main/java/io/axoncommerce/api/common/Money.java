package io.axoncommerce.api.common;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money in one ISO 4217 currency. Never negative: refunds and discounts are separate events, not
 * negative amounts. Equality compares amounts by value, so {@code 10.0 EUR} equals {@code 10.00 EUR}.
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Require.nonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative but was " + amount.toPlainString());
        }
        Require.nonBlank(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be a 3-letter ISO 4217 code but was '" + currency + "'");
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + currency + "' is not an ISO 4217 currency", e);
        }
    }

    public static Money of(String amount, String currency) {
        Require.nonBlank(amount, "amount");
        try {
            return new Money(new BigDecimal(amount), currency);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a decimal number", e);
        }
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        Require.nonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "currency mismatch: cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public Money times(int quantity) {
        Require.notNegative(quantity, "quantity");
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    // Not a property: without @JsonIgnore Jackson would write a "zero" field that strict readers then reject.
    @JsonIgnore
    public boolean isZero() {
        return amount.signum() == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other
                && currency.equals(other.currency)
                && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * amount.stripTrailingZeros().hashCode() + currency.hashCode();
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
