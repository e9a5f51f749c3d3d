package io.axoncommerce.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PaymentAdapterApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentAdapterApplication.class, args);
    }
}
