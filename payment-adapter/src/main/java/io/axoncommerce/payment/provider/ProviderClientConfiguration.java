package io.axoncommerce.payment.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;

/**
 * The breaker, retry and time limiter come from resilience4j-spring-boot3's registries, so their settings live in
 * application.yml under {@code resilience4j.*.instances.payment-provider} and the breaker is registered for metrics
 * and the health endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProviderProperties.class)
public class ProviderClientConfiguration {

    @Bean
    PaymentProviderClient paymentProviderClient(PaymentProviderProperties properties, RestClient.Builder builder,
                                                CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                                                TimeLimiterRegistry timeLimiters) {
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.readTimeout());
        RestClient restClient = builder.clone()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(requestFactory)
                .build();
        return new PaymentProviderClient(restClient,
                circuitBreakers.circuitBreaker(PaymentProviderClient.RESILIENCE_NAME),
                retries.retry(PaymentProviderClient.RESILIENCE_NAME),
                timeLimiters.timeLimiter(PaymentProviderClient.RESILIENCE_NAME));
    }
}
