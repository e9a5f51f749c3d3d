/** Orders: placement, the status machine (see {@link io.axoncommerce.api.order.OrderStatus}) and cancellation. */
package io.axoncommerce.api.order;
