package io.axoncommerce.axonserver.command;

import io.axoniq.axonserver.grpc.ErrorMessage;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a handler's failed append reaches the dispatcher, judged by Axon's own error-code mapping. */
class ConflictTranslationTest {

    private static CommandResponse failure(String code, String message, String... details) {
        return CommandResponse.newBuilder()
                              .setErrorCode(code)
                              .setErrorMessage(ErrorMessage.newBuilder().setErrorCode(code).setMessage(message)
                                                           .addAllDetails(java.util.List.of(details)))
                              .build();
    }

    @Test
    void aSequenceConflictFromOurEventStoreBecomesAConcurrencyException() {
        CommandResponse relayed = CommandService.translateConflict(failure(
                "AXONIQ-4002", "wrapped",
                "ABORTED: [AXONIQ-2000] Invalid sequence number 4 for aggregate a-1, expected 5"));
        assertThat(relayed.getErrorCode()).isEqualTo("AXONIQ-4004");
        assertThat(ErrorCode.getFromCode(relayed.getErrorCode()).convert(relayed.getErrorMessage()))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void otherHandlerFailuresStayCommandExecutionExceptions() {
        CommandResponse relayed = CommandService.translateConflict(failure("AXONIQ-4002", "Insufficient funds"));
        assertThat(relayed.getErrorCode()).isEqualTo("AXONIQ-4002");
        assertThat(ErrorCode.getFromCode(relayed.getErrorCode()).convert(relayed.getErrorMessage(), () -> null))
                .isInstanceOf(CommandExecutionException.class);
        CommandResponse success = CommandResponse.newBuilder().setMessageIdentifier("ok").build();
        assertThat(CommandService.translateConflict(success)).isSameAs(success);
    }
}
