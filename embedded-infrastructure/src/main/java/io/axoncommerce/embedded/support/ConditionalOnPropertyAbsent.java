package io.axoncommerce.embedded.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/** Matches when none of the named properties has a non-blank value: "no production connection is configured". */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnPropertyAbsentCondition.class)
public @interface ConditionalOnPropertyAbsent {

    String[] value();
}
