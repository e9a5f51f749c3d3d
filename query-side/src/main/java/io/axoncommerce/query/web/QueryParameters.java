package io.axoncommerce.query.web;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Parses the query API's request parameters, refusing bad values with an {@link InvalidParameterException} that names
 * the parameter (a problem response rather than Spring's generic type-mismatch message).
 */
public final class QueryParameters {

    public static final int MAX_PAGE_SIZE = 100;
    /** Elasticsearch's default result window: deeper pages need search_after, which this API does not offer. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    private QueryParameters() {
    }

    public static int page(String value) {
        int page = integer("page", value, 0);
        if (page < 0) {
            throw new InvalidParameterException("page", "page must be 0 or more but was " + page);
        }
        return page;
    }

    public static int size(String value, int defaultSize) {
        int size = integer("size", value, defaultSize);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidParameterException("size", "size must be between 1 and " + MAX_PAGE_SIZE + " but was " + size);
        }
        return size;
    }

    public static void withinResultWindow(int page, int size) {
        if ((long) (page + 1) * size > MAX_RESULT_WINDOW) {
            throw new InvalidParameterException("page",
                    "page * size must stay within the first " + MAX_RESULT_WINDOW + " results");
        }
    }

    public static BigDecimal price(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal price;
        try {
            price = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, name + " must be a decimal number but was '" + value + "'");
        }
        if (price.signum() < 0) {
            throw new InvalidParameterException(name, name + " must not be negative but was " + value);
        }
        return price;
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(name, name + " must be true or false but was '" + value + "'");
        };
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()) + " but was '" + value + "'");
        }
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(String name, String value, int defaultValue) {
        return parse(name, value, defaultValue, Integer::parseInt);
    }

    private static <T> T parse(String name, String value, T defaultValue, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, name + " must be a whole number but was '" + value + "'");
        }
    }
}
