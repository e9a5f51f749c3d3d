package io.axoncommerce.command.web;

/**
 * Marks the JSON bodies of command requests. They are read strictly by {@link CommandRequestJsonConverter}: an
 * unknown field is a 400, not silently dropped, because a misspelt field in a command would otherwise change
 * nothing without telling the client.
 */
public interface CommandRequest {
}
