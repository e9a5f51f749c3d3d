/**
 * How command handlers of this module refuse a command: a {@link io.axoncommerce.command.rejection.CommandRejectedException}
 * carrying a serializable {@link io.axoncommerce.command.rejection.Rejection} that survives transport through Axon Server.
 */
package io.axoncommerce.command.rejection;
