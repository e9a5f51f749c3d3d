package io.axoncommerce.payment.simulator;

import io.axoncommerce.payment.simulator.ProviderSimulator.Answer;
import io.axoncommerce.payment.simulator.ProviderSimulator.ChargeRequest;
import io.axoncommerce.payment.simulator.ProviderSimulator.OutageMode;
import io.axoncommerce.payment.simulator.ProviderSimulator.RefundRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's documented rules, without HTTP (the adapter's ITs cover them over HTTP). */
class ProviderSimulatorTest {

    private final ProviderSimulator simulator = new ProviderSimulator(Duration.ofMillis(50));

    private static ChargeRequest charge(String amount, String token, String reference) {
        return new ChargeRequest(new BigDecimal(amount), "EUR", token, reference);
    }

    @Test
    void declinesByTokenAndByThirteenCentsOnly() {
        assertThat(simulator.charge("k1", charge("10.00", "tok_decline", "o1")).body())
                .containsEntry("code", "card_declined");
        assertThat(simulator.charge("k2", charge("110.13", "tok_visa", "o2")).status()).isEqualTo(402);
        assertThat(simulator.charge("k3", charge("10.130", "tok_visa", "o3")).body())
                .containsEntry("code", "insufficient_funds");
        assertThat(simulator.charge("k4", charge("13.00", "tok_visa", "o4")).status()).isEqualTo(201);
        assertThat(simulator.charge("k5", charge("10.31", "tok_visa", "o5")).status()).isEqualTo(201);
        assertThat(simulator.chargesFor("o2")).isZero();
        assertThat(simulator.chargesFor("o4")).isEqualTo(1);
    }

    @Test
    void aKeyAnswersTheSameAndRefusesADifferentRequest() {
        Answer first = simulator.charge("key", charge("20.00", "tok_visa", "o1"));
        assertThat(simulator.charge("key", charge("20.0", "tok_visa", "o1"))).isEqualTo(first);
        assertThat(simulator.charge("key", charge("25.00", "tok_visa", "o1")).status()).isEqualTo(422);
        assertThat(simulator.chargesFor("o1")).isEqualTo(1);
        assertThat(simulator.requestsFor("key")).isEqualTo(3);
        assertThat(simulator.charge(null, charge("20.00", "tok_visa", "o9")).status()).isEqualTo(400);
    }

    @Test
    void refundsAKnownChargeOnceInFull() {
        String chargeId = (String) simulator.charge("c", charge("20.00", "tok_visa", "o1")).body().get("chargeId");
        RefundRequest full = new RefundRequest(new BigDecimal("20.00"), "EUR");

        assertThat(simulator.refund("r", "ch_unknown", full).status()).isEqualTo(404);
        assertThat(simulator.refund("r2", chargeId, new RefundRequest(new BigDecimal("5.00"), "EUR")).status())
                .isEqualTo(400);
        Answer refunded = simulator.refund("r3", chargeId, full);
        assertThat(refunded.status()).isEqualTo(201);
        assertThat(simulator.refund("r3", chargeId, full)).isEqualTo(refunded);
        assertThat(simulator.refund("r4", chargeId, full).status()).isEqualTo(409);
        assertThat(simulator.isRefunded(chargeId)).isTrue();
    }

    @Test
    void outagesChargeNothing() {
        simulator.setOutage(OutageMode.UNAVAILABLE);
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(503);

        simulator.setOutage(OutageMode.HANG);
        long start = System.nanoTime();
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));

        simulator.setOutage(OutageMode.NONE);
        assertThat(simulator.chargesFor("o1")).isZero();
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(201);
    }

    @Test
    void aLostAnswerStillChargedOnceAndTheRetryGetsIt() {
        simulator.loseNextAnswers(1);
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(502);
        assertThat(simulator.chargesFor("o1")).isEqualTo(1);
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(201);
        assertThat(simulator.chargesFor("o1")).isEqualTo(1);
    }

    @Test
    void aLookupAnswersWhatWasDecidedUnderAKeyAndCountsApart() {
        assertThat(simulator.findCharge("k1").status()).isEqualTo(404);
        assertThat(simulator.findCharge("k1").body()).containsEntry("code", "no_such_charge");

        Answer approved = simulator.charge("k1", charge("20.00", "tok_visa", "o1"));
        Answer found = simulator.findCharge("k1");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).containsEntry("chargeId", approved.body().get("chargeId"))
                .containsEntry("status", "APPROVED");

        simulator.charge("k2", charge("20.00", "tok_decline", "o2"));
        assertThat(simulator.findCharge("k2").status()).isEqualTo(200);
        assertThat(simulator.findCharge("k2").body()).containsEntry("status", "DECLINED")
                .containsEntry("code", "card_declined");

        assertThat(simulator.requestsFor("k1")).as("lookups are not charge requests").isEqualTo(1);
        assertThat(simulator.lookupsFor("k1")).isEqualTo(3);
        assertThat(simulator.findCharge(" ").status()).isEqualTo(400);
    }

    @Test
    void aLostAnswerIsFoundByALookupAndLookupsAnswerNothingInAnOutage() {
        simulator.loseNextAnswers(1);
        assertThat(simulator.charge("k", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(502);
        assertThat(simulator.findCharge("k").body()).containsEntry("status", "APPROVED");

        simulator.setOutage(OutageMode.UNAVAILABLE);
        assertThat(simulator.findCharge("k").status()).isEqualTo(503);
    }

    @Test
    void theLedgerOnDiskOutlivesTheSimulator(@TempDir Path dataDir) {
        String chargeId;
        String refunded;
        try (ProviderSimulator first = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            chargeId = (String) first.charge("c1", charge("20.00", "tok_visa", "o1")).body().get("chargeId");
            refunded = (String) first.charge("c2", charge("30.00", "tok_visa", "o2")).body().get("chargeId");
            first.charge("c3", charge("10.13", "tok_visa", "o3"));
            assertThat(first.refund("r2", refunded, new RefundRequest(new BigDecimal("30.00"), "EUR")).status())
                    .isEqualTo(201);
        }

        // a new provider process on the same directory: as if the adapter had been killed and started again
        try (ProviderSimulator second = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThat(second.charge("c1", charge("20.00", "tok_visa", "o1")).body())
                    .as("the key's first answer").containsEntry("chargeId", chargeId);
            assertThat(second.charge("c1", charge("99.00", "tok_visa", "o1")).status()).isEqualTo(422);
            assertThat(second.findCharge("c3").body()).containsEntry("code", "insufficient_funds");
            assertThat(second.chargesFor("o1")).isEqualTo(1);
            assertThat(second.isRefunded(refunded)).isTrue();
            assertThat(second.isRefunded(chargeId)).isFalse();
            assertThat(second.refund("r2-again", refunded, new RefundRequest(new BigDecimal("30.00"), "EUR")).status())
                    .as("refunded before the restart").isEqualTo(409);
            assertThat(second.ledger()).extracting(ProviderSimulator.LedgerCharge::chargeId)
                    .containsExactlyInAnyOrder(chargeId, refunded);
            assertThat(second.approvedCharges()).isEqualTo(2);
            assertThat(second.declinedCharges()).isEqualTo(1);
            assertThat(second.refunds()).isEqualTo(1);
            assertThat(second.state()).containsEntry("durable", true);
            assertThat(second.refund("r1", chargeId, new RefundRequest(new BigDecimal("20.00"), "EUR")).status())
                    .isEqualTo(201);
        }
        try (ProviderSimulator third = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThat(third.isRefunded(chargeId)).as("written by the second one").isTrue();
        }
    }

    @Test
    void aTornLastLineWasNeverAnsweredAndIsCutOff(@TempDir Path dataDir) throws Exception {
        try (ProviderSimulator first = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            first.charge("c1", charge("20.00", "tok_visa", "o1"));
        }
        Path journal = dataDir.resolve(LedgerJournal.FILE_NAME);
        Files.writeString(journal, "{\"kind\":\"charge\",\"key\":\"c2\",\"cha", StandardOpenOption.APPEND);

        try (ProviderSimulator second = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThat(second.chargesFor("o1")).isEqualTo(1);
            assertThat(second.findCharge("c2").status()).isEqualTo(404);
            assertThat(second.charge("c2", charge("5.00", "tok_visa", "o2")).status()).isEqualTo(201);
        }
        try (ProviderSimulator third = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThat(third.chargesFor("o2")).isEqualTo(1);
            assertThat(Files.readAllLines(journal)).hasSize(2);
        }
    }

    @Test
    void aLedgerHasOneWriter(@TempDir Path dataDir) {
        try (ProviderSimulator first = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThatThrownBy(() -> new ProviderSimulator(Duration.ofMillis(50), dataDir))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            assertThat(first.charge("c1", charge("20.00", "tok_visa", "o1")).status()).isEqualTo(201);
        }
        try (ProviderSimulator next = new ProviderSimulator(Duration.ofMillis(50), dataDir)) {
            assertThat(next.chargesFor("o1")).isEqualTo(1);
        }
    }

    @Test
    void withoutADataDirectoryTheLedgerIsInMemory() {
        assertThat(simulator.state()).containsEntry("durable", false);
    }

    @Test
    void productionSwitchesTheSimulatorOff() throws Exception {
        WebApplicationContextRunner context = new WebApplicationContextRunner()
                // Boot's conversions (e.g. "30s" -> Duration), as in the application
                .withInitializer(app -> app.getBeanFactory().setConversionService(new ApplicationConversionService()))
                .withUserConfiguration(SimulatorConfiguration.class, SimulatorController.class);
        context.withPropertyValues("payment.simulator.enabled=false").run(app -> {
            assertThat(app).doesNotHaveBean(ProviderSimulator.class);
            assertThat(app).doesNotHaveBean(SimulatorController.class);
        });
        context.withPropertyValues("payment.simulator.enabled=true").run(app -> {
            assertThat(app).hasSingleBean(ProviderSimulator.class);
            assertThat(app).hasSingleBean(SimulatorController.class);
            assertThat(app.getBean(ProviderSimulator.class).state()).containsEntry("durable", false);
        });
        Path dataDir = Files.createTempDirectory("simulator");
        context.withPropertyValues("payment.simulator.enabled=true", "payment.simulator.data-dir=" + dataDir)
                .run(app -> assertThat(app.getBean(ProviderSimulator.class).state()).containsEntry("durable", true));
        assertThat(dataDir.resolve(LedgerJournal.FILE_NAME)).exists();
    }
}
