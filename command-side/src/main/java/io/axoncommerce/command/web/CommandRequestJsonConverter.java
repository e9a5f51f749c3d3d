package io.axoncommerce.command.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;

import java.lang.reflect.Type;

/**
 * Reads {@link CommandRequest} bodies with a strict copy of the application's object mapper and leaves every other
 * type (and all writing) to the application's usual converter. It extends the abstract Jackson converter on purpose:
 * Spring Boot would let a subclass of {@code MappingJackson2HttpMessageConverter} replace the application-wide one,
 * and strictness must not leak to the other modules that may share this context.
 */
public class CommandRequestJsonConverter extends AbstractJackson2HttpMessageConverter {

    public CommandRequestJsonConverter(ObjectMapper applicationMapper) {
        super(applicationMapper.copy()
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
                MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return type instanceof Class<?> c && CommandRequest.class.isAssignableFrom(c)
                && super.canRead(type, contextClass, mediaType);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return CommandRequest.class.isAssignableFrom(clazz) && super.canRead(clazz, mediaType);
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
        return false;
    }
}
