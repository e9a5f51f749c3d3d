package io.axoncommerce.support.deadletter;

import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** A {@link DeadLetterAdmin} in every Axon service; only those with an admin API over it use it. */
@AutoConfiguration(afterName = {"org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration"})
@ConditionalOnClass(EventProcessingConfiguration.class)
public class DeadLetterAdminAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventProcessingConfiguration.class)
    DeadLetterAdmin deadLetterAdmin(EventProcessingConfiguration processing) {
        return new DeadLetterAdmin(processing);
    }
}
