package io.axoncommerce.payment.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory payment provider: it stands in for an external system, so its state is deliberately not durable.
 * <ul>
 *   <li>Approves by default.</li>
 *   <li>Declines (HTTP 402) when the payment token is {@value #DECLINE_TOKEN} ({@code card_declined}) or the amount's
 *       cents are {@code .13} ({@code insufficient_funds}).</li>
 *   <li>Honours {@code Idempotency-Key}: a repeated key gets the first answer again and nothing is charged twice;
 *       the same key with a different request is refused (422), like real providers do.</li>
 *   <li>An outage mode answers 503 at once ({@link OutageMode#UNAVAILABLE}) or holds the request until the outage
 *       ends or {@code hangLimit} passes and then answers 503 ({@link OutageMode#HANG}); nothing is charged.</li>
 * </ul>
 */
public class ProviderSimulator {

    public static final String DECLINE_TOKEN = "tok_decline";
    private static final BigDecimal INSUFFICIENT_FUNDS_CENTS = new BigDecimal("0.13");

    public enum OutageMode { NONE, UNAVAILABLE, HANG }

    /** A provider answer: an HTTP status and a JSON body. Replayed as-is for a repeated idempotency key. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private record Charge(String chargeId, BigDecimal amount, String currency, String reference) {
    }



    private record Stored(Object request, Answer answer) {
    }

    private final Duration hangLimit;
    private final Map<String, Stored> chargesByKey = new ConcurrentHashMap<>();
    private final Map<String, Stored> refundsByKey = new ConcurrentHashMap<>();
    private final Map<String, Charge> charges = new ConcurrentHashMap<>();
    private final Map<String, String> refundIdByCharge = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requestsByKey = new ConcurrentHashMap<>();
    private final AtomicLong requestsReceived = new AtomicLong();
    private final AtomicLong approvedCharges = new AtomicLong();
    private final AtomicLong declinedCharges = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final ReentrantLock outageLock = new ReentrantLock();
    private final Condition outageEnded = outageLock.newCondition();
    private volatile OutageMode outage = OutageMode.NONE;

    public ProviderSimulator(Duration hangLimit) {
        this.hangLimit = hangLimit;
    }

    public record ChargeRequest(BigDecimal amount, String currency, String paymentToken, String reference) {
    }

    public record RefundRequest(BigDecimal amount, String currency) {
    }

    public Answer charge(String idempotencyKey, ChargeRequest request) {
        countRequest(idempotencyKey);
        Answer unavailable = outageAnswer();
        if (unavailable != null) {
            return unavailable;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return error(400, "missing_idempotency_key", "the Idempotency-Key header is required");
        }
        if (request.amount() == null || request.amount().signum() <= 0 || request.currency() == null
                || request.paymentToken() == null) {
            return error(400, "invalid_request", "amount (> 0), currency and paymentToken are required");
        }
        // computeIfAbsent runs once per key even under concurrent retries: the charge happens at most once.
        Stored stored = chargesByKey.computeIfAbsent(idempotencyKey, key -> new Stored(request, decide(request)));
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // The charge was decided (and stored), but the caller never hears about it: a gateway error after the fact.
            return error(502, "bad_gateway", "the answer was lost on its way back");
        }
        return sameRequest(stored.request(), request) ? stored.answer() : keyReused(idempotencyKey);
    }

    public Answer refund(String idempotencyKey, String chargeId, RefundRequest request) {
        countRequest(idempotencyKey);
        Answer unavailable = outageAnswer();
        if (unavailable != null) {
            return unavailable;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return error(400, "missing_idempotency_key", "the Idempotency-Key header is required");
        }
        Stored stored = refundsByKey.computeIfAbsent(idempotencyKey,
                key -> new Stored(chargeId + "|" + request, refundCharge(chargeId, request)));
        return stored.request().equals(chargeId + "|" + request) ? stored.answer() : keyReused(idempotencyKey);
    }

    private void countRequest(String idempotencyKey) {
        requestsReceived.incrementAndGet();
        requestsByKey.computeIfAbsent(String.valueOf(idempotencyKey), key -> new AtomicLong()).incrementAndGet();
    }

    private Answer decide(ChargeRequest request) {
        if (DECLINE_TOKEN.equals(request.paymentToken())) {
            declinedCharges.incrementAndGet();
            return error(402, "card_declined", "the card was declined");
        }
        BigDecimal cents = request.amount().remainder(BigDecimal.ONE).abs();
        if (cents.compareTo(INSUFFICIENT_FUNDS_CENTS) == 0) {
            declinedCharges.incrementAndGet();
            return error(402, "insufficient_funds", "the card has insufficient funds");
        }
        Charge charge = new Charge("ch_" + UUID.randomUUID(), request.amount(), request.currency(), request.reference());
        charges.put(charge.chargeId(), charge);
        approvedCharges.incrementAndGet();
        return new Answer(201, Map.of("chargeId", charge.chargeId(), "status", "APPROVED",
                "amount", charge.amount().toPlainString(), "currency", charge.currency()));
    }

    private Answer refundCharge(String chargeId, RefundRequest request) {
        Charge charge = charges.get(chargeId);
        if (charge == null) {
            return error(404, "no_such_charge", "no charge " + chargeId);
        }
        if (request.amount() == null || request.amount().compareTo(charge.amount()) != 0
                || !Objects.equals(request.currency(), charge.currency())) {
            return error(400, "invalid_amount", "only full refunds of " + charge.amount().toPlainString() + " "
                    + charge.currency() + " are supported");
        }
        String refundId = "re_" + UUID.randomUUID();
        if (refundIdByCharge.putIfAbsent(chargeId, refundId) != null) {
            return error(409, "charge_already_refunded", "charge " + chargeId + " was already refunded");
        }
        refunds.incrementAndGet();
        return new Answer(201, Map.of("refundId", refundId, "chargeId", chargeId, "status", "REFUNDED",
                "amount", charge.amount().toPlainString(), "currency", charge.currency()));
    }

    private static boolean sameRequest(Object stored, ChargeRequest request) {
        if (!(stored instanceof ChargeRequest first)) {
            return false;
        }
        return first.amount().compareTo(request.amount()) == 0 && first.currency().equals(request.currency())
                && first.paymentToken().equals(request.paymentToken())
                && Objects.equals(first.reference(), request.reference());
    }

    private static Answer keyReused(String key) {
        return error(422, "idempotency_key_reused", "Idempotency-Key " + key + " was used for a different request");
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, Map.of("status", status == 402 ? "DECLINED" : "ERROR", "code", code,
                "message", message));
    }

    private Answer outageAnswer() {
        OutageMode mode = outage;
        if (mode == OutageMode.NONE) {
            return null;
        }
        if (mode == OutageMode.HANG) {
            // A held request is dropped even when the outage ends meanwhile: its caller has long given up.
            awaitOutageEnd();
        }
        return error(503, "provider_unavailable", "the payment provider is unavailable");
    }

    private void awaitOutageEnd() {
        long remaining = hangLimit.toNanos();
        outageLock.lock();
        try {
            while (outage == OutageMode.HANG && remaining > 0) {
                remaining = outageEnded.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            outageLock.unlock();
        }
    }

    public void setOutage(OutageMode mode) {
        outageLock.lock();
        try {
            outage = Objects.requireNonNull(mode, "mode");
            outageEnded.signalAll();
        } finally {
            outageLock.unlock();
        }
    }

    public void loseNextAnswers(int count) {
        answersToLose.set(Math.max(0, count));
    }

    public OutageMode outage() {
        return outage;
    }

    public long requestsReceived() {
        return requestsReceived.get();
    }

    /** How many requests arrived with this idempotency key (whatever their outcome). */
    public long requestsFor(String idempotencyKey) {
        AtomicLong count = requestsByKey.get(idempotencyKey);
        return count == null ? 0 : count.get();
    }

    /** How many approved charges were made for this reference (the order): what a customer's statement shows. */
    public long chargesFor(String reference) {
        return charges.values().stream().filter(charge -> Objects.equals(charge.reference(), reference)).count();
    }

    public boolean isRefunded(String chargeId) {
        return refundIdByCharge.containsKey(chargeId);
    }

    public long approvedCharges() {
        return approvedCharges.get();
    }

    public long declinedCharges() {
        return declinedCharges.get();
    }

    public long refunds() {
        return refunds.get();
    }

    public Map<String, Object> state() {
        return Map.of("outage", outage.name(), "requestsReceived", requestsReceived.get(),
                "approvedCharges", approvedCharges.get(), "declinedCharges", declinedCharges.get(),
                "refunds", refunds.get(), "hangLimit", hangLimit.toString());
    }
}
