package io.axoncommerce.command.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.stream.IntStream;

@Configuration(proxyBeanMethods = false)
public class CommandSideOpenApi {

    /** Adds the {@link ProblemResponses} of this module's endpoints; other modules' operations are left alone. */
    @Bean("commandSideProblemResponses")
    public OperationCustomizer commandSideProblemResponses() {
        Schema<?> problemSchema = ModelConverters.getInstance()
                .resolveAsResolvedSchema(new AnnotatedType(ProblemDetail.class)).schema;
        Schema<?> errorsProperty = new Schema<>().type("array").description(
                "400 only: the invalid fields, as {\"field\": ..., \"message\": ...}");
        problemSchema.addProperty("code", new Schema<>().type("string").description("stable error code"));
        problemSchema.addProperty("errors", errorsProperty);
        return (operation, handlerMethod) -> {
            ProblemResponses documented = handlerMethod.getMethodAnnotation(ProblemResponses.class);
            if (documented == null) {
                return operation;
            }
            IntStream.concat(IntStream.of(documented.value()), IntStream.of(503, 504)).forEach(status ->
                    operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse()
                            .description(HttpStatus.valueOf(status).getReasonPhrase())
                            .content(new Content().addMediaType("application/problem+json",
                                    new MediaType().schema(problemSchema)))));
            return operation;
        };
    }
}
