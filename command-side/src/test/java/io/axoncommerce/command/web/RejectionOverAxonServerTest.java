package io.axoncommerce.command.web;

import io.axoncommerce.command.order.IllegalOrderStateException;
import io.axoncommerce.command.product.ProductDiscontinuedException;
import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;
import io.axoncommerce.api.order.OrderStatus;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.ExceptionUtils;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal that travels through Axon Server loses its exception class: the sender gets a plain
 * {@link CommandExecutionException} with the details the handler attached. This pushes a refusal through Axon's own
 * Axon Server command serialization (both directions, with the Jackson serializer as configured) and checks the REST
 * layer still answers with the right status.
 */
class RejectionOverAxonServerTest {

    private final CommandSerializer axonServerSerializer = new CommandSerializer(
            JacksonSerializer.builder().objectMapper(Jackson2ObjectMapperBuilder.json().build()).build(),
            AxonServerConfiguration.builder().componentName("command-side-test").build());
    private final CommandSideProblemHandler handler = new CommandSideProblemHandler();

    @Test
    void aBusinessRuleRefusalIsStillA422AfterAxonServer() {
        CommandExecutionException received = overAxonServer(new ProductDiscontinuedException("p-1"));

        assertThat(received).isNotInstanceOf(CommandRejectedException.class);
        ResponseEntity<ProblemDetail> response = handler.commandFailed(received);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getBody().getProperties()).containsEntry("code", "PRODUCT_DISCONTINUED");
        assertThat(response.getBody().getDetail()).contains("p-1");
    }

    @Test
    void anIllegalTransitionIsStillA409AfterAxonServer() {
        ResponseEntity<ProblemDetail> response = handler.commandFailed(
                overAxonServer(new IllegalOrderStateException("o-1", OrderStatus.CONFIRMED, "cancel")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getBody().getProperties()).containsEntry("code", "ILLEGAL_ORDER_STATE");
    }

    @Test
    void aFinalRefusalReachesTheSenderAsNonTransientSoItIsNotRetried() {
        CommandExecutionException received =
                overAxonServer(new IllegalOrderStateException("o-1", OrderStatus.CANCELLED, "confirm"));

        assertThat(ExceptionUtils.isExplicitlyNonTransient(received)).isTrue();
        assertThat(handler.commandFailed(received).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aConcurrentModificationStaysTransientSoTheSenderMayRetry() {
        CommandExecutionException received = overAxonServer(new CommandRejectedException(RejectionType.CONFLICT,
                "CONCURRENT_MODIFICATION", "conflict", new ConcurrencyException("version 3 taken")));

        assertThat(ExceptionUtils.isExplicitlyNonTransient(received)).isFalse();
        assertThat(handler.commandFailed(received).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aFailureWithoutDetailsIsA500() {
        ResponseEntity<ProblemDetail> response = handler.commandFailed(
                overAxonServer(new CommandExecutionException("database on fire", null)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private CommandExecutionException overAxonServer(Exception thrownByHandler) {
        CommandResultMessage<Object> result = GenericCommandResultMessage.asCommandResultMessage(thrownByHandler);
        CommandResultMessage<Object> received =
                axonServerSerializer.deserialize(axonServerSerializer.serialize(result, "request-1"));
        assertThat(received.isExceptional()).isTrue();
        return (CommandExecutionException) received.exceptionResult();
    }
}
