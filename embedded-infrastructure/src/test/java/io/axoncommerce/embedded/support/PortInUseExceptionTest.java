package io.axoncommerce.embedded.support;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.BindException;

import static org.assertj.core.api.Assertions.assertThat;

class PortInUseExceptionTest {

    @Test
    void aBindFailureAnywhereInTheCausesNamesThePortAndTheProperty() {
        RuntimeException failure = new IllegalStateException("startup failed",
                new UncheckedIOException(new BindException("Address already in use")));

        RuntimeException translated = PortInUseException.ifBindFailed(failure, "Kafka", 9092, "kafka.port");

        assertThat(translated).isInstanceOf(PortInUseException.class).hasCause(failure)
                .hasMessageContaining("127.0.0.1:9092").hasMessageContaining("'kafka.port'");
        assertThat(((PortInUseException) translated).port()).isEqualTo(9092);
    }

    @Test
    void anyOtherFailureIsLeftAsItIs() {
        RuntimeException failure = new IllegalStateException("no space left on device");

        assertThat(PortInUseException.ifBindFailed(failure, "Kafka", 9092, "kafka.port")).isSameAs(failure);
    }
}
