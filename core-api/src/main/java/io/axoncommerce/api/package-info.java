/**
 * The messages modules exchange through Axon: commands, events and queries, as Java records, one package per
 * feature ({@code product}, {@code inventory}, {@code order}, {@code payment}).
 */
package io.axoncommerce.api;
