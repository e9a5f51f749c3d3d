package io.axoncommerce.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The commands the saga sent and whose event it has not seen yet. Settling commands: the confirmation of a paid order,
 * releases and commits by product, the order's cancellation and the pending payment's cancellation. Steps forward: the
 * order's stock mark and the payment request (a reservation not answered yet is {@link Reservations}' to tell). Each is
 * owed until its event arrives; the SETTLEMENT deadline sends whatever is still owed again.
 * <p>
 * Mutable, like the saga it belongs to. Stored unwrapped into the saga's JSON ({@code @JsonUnwrapped} in
 * {@link OrderFulfilmentSaga}), under the names the saga's own fields had before this class existed, so a saga stored
 * by an earlier version loads unchanged. Concrete Linked* types so that Jackson restores them in order: commands go out
 * in the order's line order.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class Settlement {

    private LinkedHashSet<String> releasesOutstanding = new LinkedHashSet<>();
    private LinkedHashSet<String> commitsOutstanding = new LinkedHashSet<>();
    /** The saga's own cancellation of the order. */
    private boolean cancellationOutstanding;
    /** The confirmation of a paid order. */
    private boolean confirmationOutstanding;
    /** Its outcome is a {@code PaymentCancelledEvent}, or a success or failure that came first. */
    private boolean paymentCancellationOutstanding;
    /** {@code MarkOrderStockReservedCommand}, until its {@code OrderStockReservedEvent}. */
    private boolean stockMarkOutstanding;
    /** {@code ProcessPaymentCommand}, until the payment reports anything. */
    private boolean paymentRequestOutstanding;

    /** Whether a settling command is owed (the steps forward are not counted). */
    boolean owesSettling() {
        return confirmationOutstanding || !releasesOutstanding.isEmpty() || !commitsOutstanding.isEmpty()
                || cancellationOutstanding || paymentCancellationOutstanding;
    }

    void oweConfirmation(boolean owed) {
        confirmationOutstanding = owed;
    }

    boolean owesConfirmation() {
        return confirmationOutstanding;
    }

    void oweCancellation(boolean owed) {
        cancellationOutstanding = owed;
    }

    boolean owesCancellation() {
        return cancellationOutstanding;
    }

    void owePaymentCancellation(boolean owed) {
        paymentCancellationOutstanding = owed;
    }

    boolean owesPaymentCancellation() {
        return paymentCancellationOutstanding;
    }

    void oweStockMark(boolean owed) {
        stockMarkOutstanding = owed;
    }

    boolean owesStockMark() {
        return stockMarkOutstanding;
    }

    void owePaymentRequest(boolean owed) {
        paymentRequestOutstanding = owed;
    }

    boolean owesPaymentRequest() {
        return paymentRequestOutstanding;
    }

    void oweRelease(String productId) {
        releasesOutstanding.add(productId);
    }

    /** The release's event arrived: {@code false} if it was not owed (a duplicate, or a release not waited for). */
    boolean released(String productId) {
        return releasesOutstanding.remove(productId);
    }

    Set<String> releases() {
        return Collections.unmodifiableSet(releasesOutstanding);
    }

    void oweCommits(Collection<String> productIds) {
        commitsOutstanding.addAll(productIds);
    }

    /** The commit's event arrived: {@code false} if it was not owed (a duplicate). */
    boolean committed(String productId) {
        return commitsOutstanding.remove(productId);
    }

    Set<String> commits() {
        return Collections.unmodifiableSet(commitsOutstanding);
    }

    /** The settling commands owed, for the log. */
    @Override
    public String toString() {
        return "confirmation " + confirmationOutstanding + ", releases " + releasesOutstanding + ", commits "
                + commitsOutstanding + ", cancellation " + cancellationOutstanding + ", payment cancellation "
                + paymentCancellationOutstanding;
    }
}
