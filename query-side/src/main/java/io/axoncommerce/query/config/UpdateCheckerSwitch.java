package io.axoncommerce.query.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Axon 4.13's usage-data update checker listens only to a JVM system property or an environment variable. This
 * bridges {@code axon-commerce.update-checker.disabled} (default true) to that property before Axon starts, however
 * the module is started. An explicit system property or environment variable wins.
 */
public class UpdateCheckerSwitch implements EnvironmentPostProcessor {

    private static final String SYSTEM_PROPERTY = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(SYSTEM_PROPERTY) != null || System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") != null) {
            return;
        }
        boolean disabled = environment.getProperty("axon-commerce.update-checker.disabled", Boolean.class, true);
        System.setProperty(SYSTEM_PROPERTY, Boolean.toString(disabled));
    }
}
