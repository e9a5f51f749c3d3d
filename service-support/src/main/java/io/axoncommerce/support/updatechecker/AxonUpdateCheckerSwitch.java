package io.axoncommerce.support.updatechecker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.function.UnaryOperator;

/**
 * Axon 4.13 reports usage data to AxonIQ from an update checker that only listens to a JVM system property or an
 * environment variable, not to Spring configuration. This sets that system property from
 * {@code axon-commerce.update-checker.disabled} (default true) before Axon starts, in every service that has this
 * module, however it is started: its exec jar (alone, from the launcher or in compose), a test, or its {@code main}
 * called by the launcher inside one shared JVM. The property is the JVM's, so in that shared JVM the first service to
 * start decides for all. An explicit system property or environment variable wins.
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
