package io.axoncommerce.axonserver.conformance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/** Commands, events and queries of the test-only application the conformance tests drive. */
final class Messages {

    private Messages() {
    }

    record OpenAccount(@TargetAggregateIdentifier String accountId, String owner) {
    }

    record Deposit(@TargetAggregateIdentifier String accountId, long amount) {
    }

    /** Loads the account, then waits until a second instance has loaded it too, then deposits. */
    record RacingDeposit(@TargetAggregateIdentifier String accountId, long amount) {
    }

    @Revision("1")
    record AccountOpened(String accountId, String owner) {
    }

    @Revision("1")
    record Deposited(String accountId, long amount, long balance) {
    }

    @Revision("1")
    record Reminder(String text) {
    }

    record BalanceQuery(String accountId) {
    }

    record WhoIsThereQuery() {
    }

    record NobodyAnswersQuery() {
    }

    record NobodyHandlesCommand(String id) {
    }
}
