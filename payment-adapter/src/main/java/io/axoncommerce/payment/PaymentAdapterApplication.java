package io.axoncommerce.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PaymentAdapterApplication {

    public static void main(String[] args) {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            // No network here, and we don't report usage anyway (see README).
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(PaymentAdapterApplication.class, args);
    }
}
