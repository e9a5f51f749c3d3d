package io.axoncommerce.embedded.support;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

class OnPropertyAbsentCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnPropertyAbsent.class.getName());
        for (String name : (String[]) attributes.get("value")) {
            String value = context.getEnvironment().getProperty(name);
            if (StringUtils.hasText(value)) {
                return ConditionOutcome.noMatch("'" + name + "' is set (" + value + "): a real server is configured");
            }
        }
        return ConditionOutcome.match("none of " + String.join(", ", (String[]) attributes.get("value")) + " is set");
    }
}
