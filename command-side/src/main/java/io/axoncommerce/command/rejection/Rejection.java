package io.axoncommerce.command.rejection;

/**
 * The details of a refused command. Axon transports a {@link org.axonframework.commandhandling.CommandExecutionException}'s
 * details (serialized with the messages serializer) back to the sender, also through Axon Server, where the exception
 * class itself is lost; so this record, not the exception type, is what the REST layer maps to a status.
 *
 * @param type    the kind of refusal, which decides the HTTP status
 * @param code    a stable machine-readable code, e.g. {@code PRODUCT_DISCONTINUED}
 * @param message a human-readable explanation
 */
public record Rejection(RejectionType type, String code, String message) {
}
