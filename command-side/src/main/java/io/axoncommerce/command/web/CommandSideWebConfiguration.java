package io.axoncommerce.command.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

@Configuration(proxyBeanMethods = false)
public class CommandSideWebConfiguration {

    /** Spring Boot puts converter beans ahead of its defaults; this one only ever reads {@link CommandRequest}s. */
    @Bean("commandSideRequestJsonConverter")
    public CommandRequestJsonConverter commandSideRequestJsonConverter(Jackson2ObjectMapperBuilder builder) {
        return new CommandRequestJsonConverter(builder.build());
    }
}
