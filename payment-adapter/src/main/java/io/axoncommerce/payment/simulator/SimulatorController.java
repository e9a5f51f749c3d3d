package io.axoncommerce.payment.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The simulated provider's HTTP API (see {@link ProviderSimulator} for its rules) and its admin switches. Only
 * registered when {@code payment.simulator.enabled=true}.
 */
@RestController
@ConditionalOnProperty(name = "payment.simulator.enabled", havingValue = "true")
@RequestMapping("/simulator/payments")
class SimulatorController {

    private final ProviderSimulator simulator;

    SimulatorController(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/charges")
    ResponseEntity<Map<String, Object>> charge(@RequestHeader(value = "Idempotency-Key", required = false) String key,
                                               @RequestBody ProviderSimulator.ChargeRequest request) {
        return respond(simulator.charge(key, request));
    }

    @GetMapping("/charges")
    ResponseEntity<Map<String, Object>> findCharge(@RequestParam(value = "idempotencyKey", required = false) String key) {
        return respond(simulator.findCharge(key));
    }

    @PostMapping("/charges/{chargeId}/refunds")
    ResponseEntity<Map<String, Object>> refund(@RequestHeader(value = "Idempotency-Key", required = false) String key,
                                               @PathVariable String chargeId,
                                               @RequestBody ProviderSimulator.RefundRequest request) {
        return respond(simulator.refund(key, chargeId, request));
    }

    record OutageSwitch(ProviderSimulator.OutageMode mode) {
    }

    @PutMapping("/admin/outage")
    Map<String, Object> switchOutage(@RequestBody OutageSwitch outage) {
        simulator.setOutage(outage.mode());
        return simulator.state();
    }

    record LoseAnswers(int count) {
    }

    @PutMapping("/admin/lose-answers")
    Map<String, Object> loseAnswers(@RequestBody LoseAnswers lose) {
        simulator.loseNextAnswers(lose.count());
        return simulator.state();
    }

    @GetMapping("/admin/state")
    Map<String, Object> state() {
        return simulator.state();
    }

    /** Every approved charge and its refund: what the provider's books say, to check against the orders. */
    @GetMapping("/admin/ledger")
    Map<String, Object> ledger() {
        return Map.of("charges", simulator.ledger());
    }

    private static ResponseEntity<Map<String, Object>> respond(ProviderSimulator.Answer answer) {
        return ResponseEntity.status(answer.status()).body(answer.body());
    }
}
