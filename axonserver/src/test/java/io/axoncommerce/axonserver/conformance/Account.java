package io.axoncommerce.axonserver.conformance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.axoncommerce.axonserver.conformance.Messages.AccountOpened;
import io.axoncommerce.axonserver.conformance.Messages.Deposit;
import io.axoncommerce.axonserver.conformance.Messages.Deposited;
import io.axoncommerce.axonserver.conformance.Messages.OpenAccount;
import io.axoncommerce.axonserver.conformance.Messages.RacingDeposit;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Event-sourced test aggregate; snapshots every few events. Command handlers answer with the instance name. */
@Aggregate(snapshotTriggerDefinition = "accountSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Account {

    /** Both instances live in the test JVM: the racing handlers meet here after loading the aggregate. */
    static volatile CyclicBarrier race = new CyclicBarrier(2);

    @AggregateIdentifier
    private String accountId;
    private long balance;

    protected Account() {
    }

    @CommandHandler
    public Account(OpenAccount command, InstanceName instance) {
        apply(new AccountOpened(command.accountId(), command.owner()));
    }

    @CommandHandler
    public String handle(Deposit command, InstanceName instance) {
        apply(new Deposited(accountId, command.amount(), balance + command.amount()));
        return instance.value();
    }

    @CommandHandler
    public String handle(RacingDeposit command, InstanceName instance)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        long loadedBalance = balance;
        race.await(20, TimeUnit.SECONDS);
        apply(new Deposited(accountId, command.amount(), loadedBalance + command.amount()));
        return instance.value();
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
    }

    @EventSourcingHandler
    void on(Deposited event) {
        balance = event.balance();
    }

    /** Name of the application instance, injected into handlers. */
    public record InstanceName(String value) {
    }
}
