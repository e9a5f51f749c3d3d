package io.axoncommerce.observability;

import org.axonframework.common.Registration;
import org.springframework.beans.factory.DisposableBean;

/**
 * An Axon interceptor registration held as a bean, so that closing the Spring context removes the interceptor from
 * its bus, which need not close with the context.
 */
public record InterceptorRegistration(Registration registration) implements DisposableBean {

    @Override
    public void destroy() {
        registration.cancel();
    }
}
