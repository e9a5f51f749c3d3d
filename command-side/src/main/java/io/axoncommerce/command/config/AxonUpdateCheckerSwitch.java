package io.axoncommerce.command.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.function.UnaryOperator;

/**
 * Axon 4.13 reports usage data to AxonIQ from an update checker that only listens to a JVM system property or an
 * environment variable, not to Spring configuration. This bridges {@code axon-commerce.update-checker.disabled}
 * (default true, see application.yml) to that system property before Axon starts, so it holds however the module
 * is started: its own main, a test, or the launcher. An explicit system property or environment variable wins.
 */
public class AxonUpdateCheckerSwitch implements EnvironmentPostProcessor {

    static final String SYSTEM_PROPERTY = "axoniq.update-checker.disabled";
    static final String ENVIRONMENT_VARIABLE = "AXONIQ_UPDATE_CHECKER_DISABLED";
    static final String SPRING_PROPERTY = "axon-commerce.update-checker.disabled";

    private final UnaryOperator<String> environmentVariables;

    public AxonUpdateCheckerSwitch() {
        this(System::getenv);
    }

    AxonUpdateCheckerSwitch(UnaryOperator<String> environmentVariables) {
        this.environmentVariables = environmentVariables;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(SYSTEM_PROPERTY) != null || environmentVariables.apply(ENVIRONMENT_VARIABLE) != null) {
            return;
        }
        boolean disabled = environment.getProperty(SPRING_PROPERTY, Boolean.class, true);
        System.setProperty(SYSTEM_PROPERTY, Boolean.toString(disabled));
    }
}
