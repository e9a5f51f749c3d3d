/** The product catalogue: commands to the {@code Product} aggregate and the events it publishes. */
package io.axoncommerce.api.product;
