package io.axoncommerce.payment.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A payment provider for local runs and tests.
 * <ul>
 *   <li>Approves by default.</li>
 *   <li>Declines (HTTP 402) when the payment token is {@value #DECLINE_TOKEN} ({@code card_declined}) or the amount's
 *       cents are {@code .13} ({@code insufficient_funds}).</li>
 *   <li>Honours {@code Idempotency-Key}: a repeated key gets the first answer again and nothing is charged twice;
 *       the same key with a different request is refused (422), like real providers do.</li>
 *   <li>Answers what it decided for a charge's key ({@link #findCharge}), as real providers let a client find a
 *       charge whose answer it lost.</li>
 *   <li>An outage mode answers 503 at once ({@link OutageMode#UNAVAILABLE}) or holds the request until the outage
 *       ends or {@code hangLimit} passes and then answers 503 ({@link OutageMode#HANG}); nothing is charged.</li>
 * </ul>
 * With a data directory its ledger (every charge, decline, refund and the answer given under each key) is durable: a
 * decision is written to {@link LedgerJournal} before it is answered, and a new simulator on the same directory
 * continues it, as an external provider outlives the adapter. Without one it is kept in memory (unit tests). Request
 * counters, the outage mode and answers to lose are the test switches' state and are never kept.
 */
public class ProviderSimulator implements AutoCloseable {

    public static final String DECLINE_TOKEN = "tok_decline";
    private static final BigDecimal INSUFFICIENT_FUNDS_CENTS = new BigDecimal("0.13");
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    public enum OutageMode { NONE, UNAVAILABLE, HANG }

    /** A provider answer: an HTTP status and a JSON body. Replayed as-is for a repeated idempotency key. */
    public record Answer(int status, Map<String, Object> body) {
    }

    /** One approved charge in the ledger, with its refund once made. */
    public record LedgerCharge(String chargeId, String idempotencyKey, String reference, BigDecimal amount,
                               String currency, String refundId) {
    }

    public record ChargeRequest(BigDecimal amount, String currency, String paymentToken, String reference) {
    }

    public record RefundRequest(BigDecimal amount, String currency) {
    }

    private record StoredCharge(ChargeRequest request, Answer answer) {
    }

    private record StoredRefund(String chargeId, RefundRequest request, Answer answer) {
    }

    /** A journal line: {@code kind} charge or refund, and what was decided under {@code key}. */
    private record Entry(String kind, String key, ChargeRequest charge, String chargeId, RefundRequest refund,
                         Answer answer) {
    }

    private final Duration hangLimit;
    private final LedgerJournal journal;
    /** Guards every decision: decided, written and applied as one step, so two keys cannot refund one charge twice. */
    private final Object ledgerLock = new Object();
    private final Map<String, StoredCharge> chargesByKey = new ConcurrentHashMap<>();
    private final Map<String, StoredRefund> refundsByKey = new ConcurrentHashMap<>();
    private final Map<String, LedgerCharge> charges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requestsByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lookupsByKey = new ConcurrentHashMap<>();
    private final AtomicLong requestsReceived = new AtomicLong();
    private final AtomicLong approvedCharges = new AtomicLong();
    private final AtomicLong declinedCharges = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final ReentrantLock outageLock = new ReentrantLock();
    private final Condition outageEnded = outageLock.newCondition();
    private volatile OutageMode outage = OutageMode.NONE;

    /** A simulator whose ledger lives in memory only. */
    public ProviderSimulator(Duration hangLimit) {
        this(hangLimit, null);
    }

    /** @param dataDirectory where the ledger is kept; null keeps it in memory */
    public ProviderSimulator(Duration hangLimit, Path dataDirectory) {
        this.hangLimit = hangLimit;
        this.journal = dataDirectory == null ? null : LedgerJournal.open(dataDirectory, JSON);
        if (journal != null) {
            journal.entries().forEach(this::replay);
        }
    }

    public Answer charge(String idempotencyKey, ChargeRequest request) {
        countRequest(requestsByKey, idempotencyKey);
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
        StoredCharge stored;
        try {
            stored = chargeOnce(idempotencyKey, request);
        } catch (UncheckedIOException e) {
            // nothing was decided: the caller may try again
            return error(500, "ledger_unavailable", "the provider could not record the charge");
        }
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // The charge was decided (and stored), but the caller never hears about it: a gateway error after the fact.
            return error(502, "bad_gateway", "the answer was lost on its way back");
        }
        return sameRequest(stored.request(), request) ? stored.answer() : keyReused(idempotencyKey);
    }

    /**
     * What was decided for a charge under this key: 200 with the charge's answer (approved, or declined with its
     * code), or 404 {@code no_such_charge} if no charge was ever decided under it. Lookups are answered in an outage
     * like any request (503, or held), never lost, and counted apart from charges ({@link #lookupsFor}).
     */
    public Answer findCharge(String idempotencyKey) {
        requestsReceived.incrementAndGet();
        lookupsByKey.computeIfAbsent(String.valueOf(idempotencyKey), key -> new AtomicLong()).incrementAndGet();
        Answer unavailable = outageAnswer();
        if (unavailable != null) {
            return unavailable;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return error(400, "missing_idempotency_key", "the idempotencyKey parameter is required");
        }
        StoredCharge stored = chargesByKey.get(idempotencyKey);
        if (stored == null) {
            return error(404, "no_such_charge", "no charge was made under key " + idempotencyKey);
        }
        return new Answer(200, stored.answer().body());
    }

    public Answer refund(String idempotencyKey, String chargeId, RefundRequest request) {
        countRequest(requestsByKey, idempotencyKey);
        Answer unavailable = outageAnswer();
        if (unavailable != null) {
            return unavailable;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return error(400, "missing_idempotency_key", "the Idempotency-Key header is required");
        }
        StoredRefund stored;
        try {
            stored = refundOnce(idempotencyKey, chargeId, request);
        } catch (UncheckedIOException e) {
            return error(500, "ledger_unavailable", "the provider could not record the refund");
        }
        return Objects.equals(stored.chargeId(), chargeId) && sameRefund(stored.request(), request)
                ? stored.answer() : keyReused(idempotencyKey);
    }

    private StoredCharge chargeOnce(String key, ChargeRequest request) {
        StoredCharge existing = chargesByKey.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (ledgerLock) {
            existing = chargesByKey.get(key);
            if (existing != null) {
                return existing;
            }
            Entry entry = new Entry("charge", key, request, null, null, decide(request));
            record(entry);
            return chargesByKey.get(key);
        }
    }

    private StoredRefund refundOnce(String key, String chargeId, RefundRequest request) {
        StoredRefund existing = refundsByKey.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (ledgerLock) {
            existing = refundsByKey.get(key);
            if (existing != null) {
                return existing;
            }
            Entry entry = new Entry("refund", key, null, chargeId, request, decideRefund(chargeId, request));
            record(entry);
            return refundsByKey.get(key);
        }
    }

    /** Written before it is applied, and applied before it is answered: an answer is never ahead of the ledger. */
    private void record(Entry entry) {
        if (journal != null) {
            journal.append(entry);
        }
        apply(entry);
    }

    private void replay(JsonNode line) {
        apply(JSON.convertValue(line, Entry.class));
    }

    private void apply(Entry entry) {
        Answer answer = entry.answer();
        if (entry.kind().equals("charge")) {
            chargesByKey.put(entry.key(), new StoredCharge(entry.charge(), answer));
            if (answer.status() == 201) {
                String chargeId = (String) answer.body().get("chargeId");
                charges.put(chargeId, new LedgerCharge(chargeId, entry.key(), entry.charge().reference(),
                        entry.charge().amount(), entry.charge().currency(), null));
                approvedCharges.incrementAndGet();
            } else if (answer.status() == 402) {
                declinedCharges.incrementAndGet();
            }
        } else {
            refundsByKey.put(entry.key(), new StoredRefund(entry.chargeId(), entry.refund(), answer));
            if (answer.status() == 201) {
                charges.computeIfPresent(entry.chargeId(), (id, charge) -> new LedgerCharge(id,
                        charge.idempotencyKey(), charge.reference(), charge.amount(), charge.currency(),
                        (String) answer.body().get("refundId")));
                refunds.incrementAndGet();
            }
        }
    }

    private void countRequest(Map<String, AtomicLong> counters, String idempotencyKey) {
        requestsReceived.incrementAndGet();
        counters.computeIfAbsent(String.valueOf(idempotencyKey), key -> new AtomicLong()).incrementAndGet();
    }

    private static Answer decide(ChargeRequest request) {
        if (DECLINE_TOKEN.equals(request.paymentToken())) {
            return error(402, "card_declined", "the card was declined");
        }
        BigDecimal cents = request.amount().remainder(BigDecimal.ONE).abs();
        if (cents.compareTo(INSUFFICIENT_FUNDS_CENTS) == 0) {
            return error(402, "insufficient_funds", "the card has insufficient funds");
        }
        return new Answer(201, Map.of("chargeId", "ch_" + UUID.randomUUID(), "status", "APPROVED",
                "amount", request.amount().toPlainString(), "currency", request.currency()));
    }

    private Answer decideRefund(String chargeId, RefundRequest request) {
        LedgerCharge charge = charges.get(chargeId);
        if (charge == null) {
            return error(404, "no_such_charge", "no charge " + chargeId);
        }
        if (request.amount() == null || request.amount().compareTo(charge.amount()) != 0
                || !Objects.equals(request.currency(), charge.currency())) {
            return error(400, "invalid_amount", "only full refunds of " + charge.amount().toPlainString() + " "
                    + charge.currency() + " are supported");
        }
        if (charge.refundId() != null) {
            return error(409, "charge_already_refunded", "charge " + chargeId + " was already refunded");
        }
        return new Answer(201, Map.of("refundId", "re_" + UUID.randomUUID(), "chargeId", chargeId, "status", "REFUNDED",
                "amount", charge.amount().toPlainString(), "currency", charge.currency()));
    }

    private static boolean sameRequest(ChargeRequest first, ChargeRequest request) {
        return first.amount().compareTo(request.amount()) == 0 && first.currency().equals(request.currency())
                && first.paymentToken().equals(request.paymentToken())
                && Objects.equals(first.reference(), request.reference());
    }

    private static boolean sameRefund(RefundRequest first, RefundRequest request) {
        return (first.amount() == null ? request.amount() == null
                : request.amount() != null && first.amount().compareTo(request.amount()) == 0)
                && Objects.equals(first.currency(), request.currency());
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

    /** How many charge or refund requests arrived with this idempotency key (whatever their outcome). */
    public long requestsFor(String idempotencyKey) {
        AtomicLong count = requestsByKey.get(idempotencyKey);
        return count == null ? 0 : count.get();
    }

    /** How many lookups asked about this key. */
    public long lookupsFor(String idempotencyKey) {
        AtomicLong count = lookupsByKey.get(idempotencyKey);
        return count == null ? 0 : count.get();
    }

    /** How many approved charges were made for this reference (the order): what a customer's statement shows. */
    public long chargesFor(String reference) {
        return charges.values().stream().filter(charge -> Objects.equals(charge.reference(), reference)).count();
    }

    public boolean isRefunded(String chargeId) {
        LedgerCharge charge = charges.get(chargeId);
        return charge != null && charge.refundId() != null;
    }

    /** Every approved charge with its refund (if any), sorted by charge id. */
    public List<LedgerCharge> ledger() {
        return charges.values().stream().sorted(Comparator.comparing(LedgerCharge::chargeId)).toList();
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
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("outage", outage.name());
        state.put("requestsReceived", requestsReceived.get());
        state.put("approvedCharges", approvedCharges.get());
        state.put("declinedCharges", declinedCharges.get());
        state.put("refunds", refunds.get());
        state.put("hangLimit", hangLimit.toString());
        state.put("durable", journal != null);
        return state;
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
    }
}
