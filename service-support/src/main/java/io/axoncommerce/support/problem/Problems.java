package io.axoncommerce.support.problem;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem shape every HTTP API of axon-commerce answers errors with: {@code type}
 * {@code urn:axon-commerce:problem:<code>} (the code in lower case, {@code _} as {@code -}), {@code title},
 * {@code status}, {@code detail}, {@code instance}, and the {@code code} itself as a property, which clients match on.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:axon-commerce:problem:";

    private Problems() {
    }

    /** The problem type of {@code code}, e.g. {@code urn:axon-commerce:problem:invalid-request} for INVALID_REQUEST. */
    public static URI type(String code) {
        return URI.create(TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** A problem of {@code code}'s type with the code as a property; Spring MVC fills in {@code instance}. */
    public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setProperty("code", code);
        return problem;
    }
}
