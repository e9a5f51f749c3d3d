package io.axoncommerce.command.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an endpoint can answer with, documented in the OpenAPI description as problem details by
 * {@link CommandSideOpenApi}. 503 and 504 (command bus down or slow) apply to every endpoint and are always added.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

    int[] value();
}
