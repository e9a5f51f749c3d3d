package io.axoncommerce.observability;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Meters tagged by an enum, the services' way of keeping tag values a small fixed set: one meter per constant,
 * registered up front, so every series exists at 0 before the first event and rates and ratios work from the start.
 */
public final class EnumMeters {

    private EnumMeters() {
    }

    /** One meter per constant of {@code type}, made by {@code meter}, looked up by constant. */
    public static <E extends Enum<E>, M> Map<E, M> perValue(Class<E> type, Function<E, M> meter) {
        Map<E, M> meters = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            meters.put(value, meter.apply(value));
        }
        return meters;
    }

    /** A constant as a tag value: its name in lower case ({@code PAYMENT_DECLINED} -> {@code payment_declined}). */
    public static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
