package io.axoncommerce.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Who may read which actuator endpoint, in a service as small as it gets: api-security's auto-configuration, the
 * actuator exposed as the services expose it, the local profile's key signing real tokens. Anonymous callers and
 * customers get health (status only) and Prometheus; metrics, info and the endpoint list answer 401/403 with the
 * usual problem bodies; an admin reads all of them and sees health's components.
 */
@SpringBootTest(classes = ActuatorAccessIT.Service.class, properties = {
        "spring.profiles.active=local",
        "management.endpoints.web.exposure.include=health,info,metrics,prometheus"
})
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false) // tests turn metrics exporters off, Prometheus's included
class ActuatorAccessIT {

    private static final LocalSigningKey KEY = LocalSigningKey.of(LocalSigningKey.DEFAULT);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {

        /** A service whose rule is far too broad: the shared actuator rule must still win. */
        @Bean
        ApiAuthorization carelessRules() {
            return rules -> rules.requestMatchers("/actuator/**").permitAll();
        }
    }

    @Autowired
    private MockMvc mvc;

    @Test
    void healthIsOpenButShowsItsComponentsToAdminsOnly() throws Exception {
        for (String caller : new String[] {null, token("alice", "customer"), token("clerk", "catalog-admin")}) {
            as(get("/actuator/health"), caller)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("UP"))
                    .andExpect(jsonPath("$.components").doesNotExist())
                    .andExpect(jsonPath("$.details").doesNotExist());
        }
        as(get("/actuator/health"), token("root", "admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.diskSpace.details.free").isNumber());
        // a component by name is a detail too
        as(get("/actuator/health/diskSpace"), null).andExpect(status().isNotFound());
        as(get("/actuator/health/diskSpace"), token("root", "admin")).andExpect(status().isOk());
    }

    @Test
    void prometheusIsOpen() throws Exception {
        for (String caller : new String[] {null, token("alice", "customer"), token("root", "admin")}) {
            as(get("/actuator/prometheus"), caller)
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("jvm_memory_used_bytes")));
        }
    }

    @Test
    void everyOtherEndpointNeedsTheAdminRole() throws Exception {
        for (String path : List.of("/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/info",
                "/actuator")) {
            as(get(path), null)
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
            for (String role : List.of("customer", "catalog-admin")) {
                as(get(path), token("someone", role))
                        .andExpect(status().isForbidden())
                        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                        .andExpect(jsonPath("$.code").value("FORBIDDEN"));
            }
            as(get(path), token("root", "admin")).andExpect(status().isOk());
        }
    }

    @Test
    void onlyReadingHealthIsOpen() throws Exception {
        // health has no write operation; a POST is not let through to find that out
        as(post("/actuator/health"), null).andExpect(status().isUnauthorized());
        as(post("/actuator/prometheus"), token("alice", "customer")).andExpect(status().isForbidden());
    }

    private static String token(String subject, String... roles) {
        return KEY.mint(subject, List.of(roles), Duration.ofMinutes(5));
    }

    private ResultActions as(MockHttpServletRequestBuilder request, String token) throws Exception {
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return mvc.perform(request);
    }
}
