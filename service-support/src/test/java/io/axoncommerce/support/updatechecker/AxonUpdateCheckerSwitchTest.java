package io.axoncommerce.support.updatechecker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static io.axoncommerce.support.updatechecker.AxonUpdateCheckerSwitch.SYSTEM_PROPERTY;
import static org.assertj.core.api.Assertions.assertThat;

class AxonUpdateCheckerSwitchTest {

    private String saved;

    @BeforeEach
    void clearTheSystemProperty() {
        // The build sets it for every test JVM; these tests need to see what happens without it.
        saved = System.clearProperty(SYSTEM_PROPERTY);
    }

    @AfterEach
    void restoreTheSystemProperty() {
        if (saved == null) {
            System.clearProperty(SYSTEM_PROPERTY);
        } else {
            System.setProperty(SYSTEM_PROPERTY, saved);
        }
    }

    @Test
    void disablesTheCheckerByDefault() {
        new AxonUpdateCheckerSwitch(name -> null).postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(System.getProperty(SYSTEM_PROPERTY)).isEqualTo("true");
    }

    @Test
    void followsTheSpringProperty() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("axon-commerce.update-checker.disabled", "false");

        new AxonUpdateCheckerSwitch(name -> null).postProcessEnvironment(environment, new SpringApplication());

        assertThat(System.getProperty(SYSTEM_PROPERTY)).isEqualTo("false");
    }

    @Test
    void leavesAnExplicitEnvironmentVariableAlone() {
        new AxonUpdateCheckerSwitch(name -> "false").postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(System.getProperty(SYSTEM_PROPERTY)).isNull();
    }

    @Test
    void leavesAnExplicitSystemPropertyAlone() {
        System.setProperty(SYSTEM_PROPERTY, "false");

        new AxonUpdateCheckerSwitch(name -> null).postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(System.getProperty(SYSTEM_PROPERTY)).isEqualTo("false");
    }
}
