package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.util.FileSystemUtils;

/**
 * The whole system under order load while its parts are killed with SIGKILL, one at a time at seeded random moments,
 * and the payment provider goes down, answers too late or loses its answers. Afterwards, from outside, the shop must
 * be exact: every accepted order final, stock conserved, money netted, no idempotency key used twice, read models
 * equal to a replay, Kafka and the notifications complete ({@link ShopInvariants}).
 * <p>
 * {@code -Dfault.seed=<n>} replays a run's plan (the victims, the moments, the provider's windows, every customer's
 * orders); {@code -Dfault.seconds=<s>} makes it a soak (the default suits CI); {@code -Dfault.kills=<n>} sets the
 * least number of kills; {@code -Dfault.victims=saga,axonserver} narrows the victims down to chase one failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {

    /** What the supervisor restarts; only GreenMail lives in this JVM (the launcher's), which no test kills. */
    static final List<String> VICTIMS = List.of(System.getProperty("fault.victims", String.join(",",
            Services.SAGA, Services.COMMAND_SIDE, Services.PAYMENT_ADAPTER, Services.QUERY_SIDE, Services.KAFKA_BRIDGE,
            Services.NOTIFICATION_PROJECTOR, Services.AXONSERVER, AxonCommerceSystem.ELASTICSEARCH,
            AxonCommerceSystem.INFRASTRUCTURE)).split(","));
    private static final Duration BACK_UP = Duration.ofMinutes(3);

    private final long seed = Long.getLong("fault.seed", new SecureRandom().nextLong());
    private final int seconds = Integer.getInteger("fault.seconds", 150);
    private final int minimumKills = Integer.getInteger("fault.kills", 10);
    private Path dataDir;
    private AxonCommerceSystem system;
    private Api api;
    private boolean passed;

    @BeforeAll
    void startSystem() throws Exception {
        System.out.printf("[fault] seed %d (replay: -Dfault.seed=%d), %d s of load, at least %d kills%n", seed, seed,
                seconds, minimumKills);
        dataDir = Files.createTempDirectory("axon-commerce-fault");
        Path home = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
        LauncherSettings settings = LauncherSettings.forTests(home, dataDir)
                // it kills single services: they need JVMs of their own
                .withTopology(LauncherSettings.Topology.PROCESSES)
                // short waits, so the run settles within the test's patience
                .withServiceArg(Services.PAYMENT_ADAPTER,
                        "resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state", "15s")
                .withServiceArg(Services.SAGA, "saga.order-fulfilment.settlement-retry", "10s")
                .withServiceArg(Services.SAGA, "saga.order-fulfilment.refund-retry", "10s");
        system = AxonCommerceSystem.start(settings);
        api = new Api(system.gatewayUrl());
    }

    @AfterAll
    void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
        if (dataDir != null && !passed) {
            System.out.printf("[fault] kept the data and the services' logs for a look: %s%n", dataDir);
        } else if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void theShopStaysExactWhileItsPartsAreKilledAndAnswersAreLost() throws Exception {
        Random plan = new Random(seed);
        OrderLoad load = new OrderLoad(api, plan.nextLong(), "f" + Long.toHexString(seed & 0xffffff));
        load.createCatalogue();

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> kills = new ConcurrentHashMap<>();
        List<String> killLog = Collections.synchronizedList(new ArrayList<>());
        Thread killer = Thread.ofPlatform().name("fault-killer").start(() -> killAtRandom(new Random(plan.nextLong()),
                running, kills, killLog));
        Thread provider = Thread.ofPlatform().name("fault-provider").start(() -> providerWindows(
                new Random(plan.nextLong()), running));
        load.start();
        Thread.sleep(Duration.ofSeconds(seconds));
        running.set(false);
        load.stop();
        killer.join();
        provider.join();
        for (String victim : VICTIMS) {
            awaitUp(victim);
        }
        // the simulator lives in the payment adapter, which may have been killed last and still be starting: the
        // gateway answers 503 until it serves
        long deadline = System.nanoTime() + BACK_UP.toNanos();
        Api.Response back = api.put("/simulator/payments/admin/outage", "{\"mode\":\"NONE\"}");
        while (back.status() == 503 && System.nanoTime() < deadline) {
            Api.sleep(500);
            back = api.put("/simulator/payments/admin/outage", "{\"mode\":\"NONE\"}");
        }
        api.ok(back, "provider back");
        System.out.printf("[fault] load over; kills: %s%n", killLog);

        ShopInvariants.Report report = new ShopInvariants(api, system, load).check();
        System.out.println(report.table(kills));
        if (!report.violations().isEmpty()) {
            dumpThreads();
        }
        assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).as("kills").isGreaterThanOrEqualTo(
                minimumKills);
        assertThat(report.violations()).as("invariants (seed %d)", seed).isEmpty();
        passed = true;
    }

    /**
     * Kills one component, waits until the supervisor has it back, then waits a random while: at least
     * {@link #minimumKills} over the run, spread over all victims.
     */
    private void killAtRandom(Random random, AtomicBoolean running, Map<String, Integer> kills, List<String> log) {
        long every = Duration.ofSeconds(seconds).toMillis() / (minimumKills + 1);
        List<String> order = new ArrayList<>(VICTIMS);
        int next = 0;
        while (running.get()) {
            Api.sleep(every / 2 + (long) (random.nextDouble() * every / 2));
            if (!running.get() && kills.values().stream().mapToInt(Integer::intValue).sum() >= minimumKills) {
                return;
            }
            if (next % order.size() == 0) {
                Collections.shuffle(order, random);
            }
            String victim = order.get(next++ % order.size());
            awaitUp(victim);
            long pid = system.pidOf(victim);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            kills.merge(victim, 1, Integer::sum);
            log.add(victim + "@" + (System.currentTimeMillis() / 1000 % 100_000));
            System.out.printf("[fault] killed %s (pid %d)%n", victim, pid);
        }
    }

    /** Outage, answers later than the time limiter, lost answers: a few seconds each, then a quiet while. */
    private void providerWindows(Random random, AtomicBoolean running) {
        while (running.get()) {
            Api.sleep(8_000 + random.nextInt(12_000));
            if (!running.get()) {
                return;
            }
            int kind = random.nextInt(3);
            try {
                if (kind == 2) {
                    api.put("/simulator/payments/admin/lose-answers", "{\"count\":" + (2 + random.nextInt(4)) + "}");
                } else {
                    api.put("/simulator/payments/admin/outage",
                            "{\"mode\":\"" + (kind == 0 ? "UNAVAILABLE" : "HANG") + "\"}");
                    Api.sleep(3_000 + random.nextInt(6_000));
                    api.put("/simulator/payments/admin/outage", "{\"mode\":\"NONE\"}");
                }
            } catch (RuntimeException e) {
                // the payment adapter (which hosts the simulator) may be down right now: a window skipped
            }
        }
    }

    /** What every service JVM is doing right now, next to its log: where a stuck one waits. */
    private void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (String service : Services.NAMES) {
            try {
                Path dump = dataDir.resolve("logs").resolve(service + ".threads.txt");
                new ProcessBuilder(jcmd.toString(), String.valueOf(system.pidOf(service)), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor();
            } catch (Exception e) {
                System.out.printf("[fault] no thread dump of %s: %s%n", service, e);
            }
        }
    }

    private void awaitUp(String name) {
        long deadline = System.nanoTime() + BACK_UP.toNanos();
        while (!system.isUp(name)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not back within " + BACK_UP.toSeconds() + " s");
            }
            Api.sleep(200);
        }
    }
}
