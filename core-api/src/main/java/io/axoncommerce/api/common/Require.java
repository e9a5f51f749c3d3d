package io.axoncommerce.api.common;

import java.util.List;

/**
 * Validation used by the messages' compact constructors. Every failure is an {@link IllegalArgumentException} whose
 * message starts with the field name, so a REST layer (or a log reader) can tell which value was wrong.
 */
public final class Require {

    private Require() {
    }

    public static String nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be greater than 0 but was " + value);
        }
        return value;
    }

    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative but was " + value);
        }
        return value;
    }

    /** Copies the list (so a record never shares a caller's mutable list) and rejects null or empty lists. */
    public static <T> List<T> nonEmptyCopy(List<T> values, String field) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(field + " must contain at least one element");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** Payment tokens are secrets: messages print only their last four characters. */
    public static String maskToken(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() <= 4 ? "****" : "****" + token.substring(token.length() - 4);
    }
}
