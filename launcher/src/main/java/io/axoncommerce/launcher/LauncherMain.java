package io.axoncommerce.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./axon-commerce run}: starts the whole system on the embedded default, prints where everything answers,
 * and stops everything on Ctrl-C (a JVM shutdown hook: SIGINT and SIGTERM).
 */
public final class LauncherMain {

    private LauncherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(LauncherSettings.usage());
            return;
        }
        LauncherSettings settings;
        try {
            settings = LauncherSettings.parse(args, Path.of(System.getProperty("axon-commerce.home", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        AxonCommerceSystem system;
        try {
            system = AxonCommerceSystem.start(settings);
        } catch (Ports.PortInUseException e) {
            System.err.println("Cannot start axon-commerce:\n" + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("Cannot start axon-commerce: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping axon-commerce...");
            system.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "axon-commerce-stop"));
        System.out.println(banner(system, Duration.ofNanos(System.nanoTime() - started)));
        stopped.await();
    }

    static String banner(AxonCommerceSystem system, Duration startTime) {
        LauncherSettings s = system.settings();
        String api = system.gatewayUrl();
        return """

                ==================================================================================
                 axon-commerce is ready (started in %d s). Ctrl-C stops everything.

                 API base URL       %s/api          (e.g. GET %s/api/products?q=mug)
                 Swagger UI         http://localhost:%d/swagger-ui.html   (commands)
                 Dashboard          %s          (our Axon Server: events, aggregates, processors,
                                                   replay progress, dead letters)
                 Prometheus         %s/actuator/prometheus   (gateway)
                                    %s/services/<service>/actuator/prometheus   (every other service)
                                    %s/actuator/prometheus   (Axon Server)
                 Payment simulator  %s/simulator/payments/admin/state
                 Health             %s/services/<service>/actuator/health   (details with an admin token)
                 Notifications      %s/api/notifications?customerId=alice   (as alice or an admin)
                 Tokens (local)     POST %s/api/local/tokens {"subject":"alice","roles":["customer"]}
                                    roles customer, catalog-admin, admin; send Authorization: Bearer <accessToken>
                                    (signed with the documented local key: development only; requests.http uses it)

                 Axon Server gRPC   localhost:%d
                 Kafka              %s
                 MongoDB            %s
                 Elasticsearch      %s
                 Mail (GreenMail)   SMTP localhost:%d, IMAP localhost:%d (user = password = recipient address)
                 Data and logs      %s   (--reset wipes it)
                ==================================================================================
                """.formatted(startTime.toSeconds(), api, api, s.port("command-side.port"), system.dashboardUrl(),
                api, api, system.dashboardUrl(), api, api, api, api, s.port("axonserver.grpc-port"), system.kafkaBootstrapServers(),
                system.mongoConnectionString(), system.elasticsearchUri(), s.port("smtp.port"), s.port("imap.port"),
                s.dataDir());
    }
}
