package io.axoncommerce.command.rejection;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;

import javax.annotation.Nonnull;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the framework's own refusals while handling this module's commands (an unknown aggregate id, a version
 * conflict on load) into {@link CommandRejectedException}s. Locally the original type would reach the sender, but
 * through Axon Server only a {@link org.axonframework.commandhandling.CommandExecutionException}'s details survive,
 * so the REST layer relies on the {@link Rejection} alone.
 * <p>
 * Only commands of the catalogue, stock and order features are touched: the command bus is shared with other
 * modules when they run in one JVM, and their exceptions are theirs to shape.
 */
public class RejectionTranslatingInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Set<String> FEATURES = Set.of("product", "inventory", "order");
    private static final String API_PACKAGE = "io.axoncommerce.api.";

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException e) {
            String feature = featureOf(unitOfWork.getMessage());
            if (feature == null) {
                throw e;
            }
            throw new CommandRejectedException(RejectionType.NOT_FOUND,
                    feature.toUpperCase(Locale.ROOT) + "_NOT_FOUND",
                    capitalized(feature) + " '" + e.getAggregateIdentifier() + "' does not exist", e);
        } catch (ConcurrencyException | ConflictingModificationException e) {
            if (featureOf(unitOfWork.getMessage()) == null) {
                throw e;
            }
            throw new CommandRejectedException(RejectionType.CONFLICT, "CONCURRENT_MODIFICATION",
                    "The command conflicted with a concurrent change: " + e.getMessage(), e);
        }
    }

    private static String featureOf(CommandMessage<?> command) {
        String name = command.getCommandName();
        if (!name.startsWith(API_PACKAGE)) {
            return null;
        }
        String rest = name.substring(API_PACKAGE.length());
        int dot = rest.indexOf('.');
        String feature = dot < 0 ? rest : rest.substring(0, dot);
        return FEATURES.contains(feature) ? feature : null;
    }

    private static String capitalized(String feature) {
        return Character.toUpperCase(feature.charAt(0)) + feature.substring(1);
    }
}
