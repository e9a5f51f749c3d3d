package io.axoncommerce.payment.provider;

/**
 * The provider answered and refused the request itself (4xx other than a decline: unknown charge, already refunded,
 * malformed request). The provider is healthy, so this neither trips the circuit breaker nor is retried.
 */
public class ProviderRejectedRequestException extends RuntimeException {

    private final int status;
    private final String code;

    public ProviderRejectedRequestException(int status, String code, String message) {
        super("provider refused the request with " + status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
