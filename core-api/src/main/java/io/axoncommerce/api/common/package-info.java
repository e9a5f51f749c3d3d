/** Value types shared by every feature, and the validation the messages' constructors use. */
package io.axoncommerce.api.common;
