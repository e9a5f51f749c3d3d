/**
 * Queries answered by the read side ({@code query-side}) and the views they return. Typed queries only: each query
 * record is routed by its class name through Axon's query bus, never by a string name.
 */
package io.axoncommerce.api.query;
