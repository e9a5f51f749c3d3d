package io.axoncommerce.support.problem;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void theTypeIsTheCodeInLowerCaseWithDashes() {
        assertThat(Problems.type("COMMAND_HANDLER_UNAVAILABLE"))
                .isEqualTo(URI.create("urn:axon-commerce:problem:command-handler-unavailable"));
    }

    @Test
    void aProblemCarriesStatusDetailTypeAndCode() {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "subject is missing");

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo("Bad Request");
        assertThat(problem.getDetail()).isEqualTo("subject is missing");
        assertThat(problem.getType()).isEqualTo(URI.create("urn:axon-commerce:problem:invalid-request"));
        assertThat(problem.getProperties()).containsEntry("code", "INVALID_REQUEST");
    }
}
