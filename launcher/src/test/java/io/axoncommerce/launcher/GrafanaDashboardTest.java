package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The provisioned dashboard loads as Grafana needs it; ObservabilityIT checks its metrics against a real scrape. */
class GrafanaDashboardTest {

    private static final Path HOME = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();

    @Test
    void dashboardIsValidWithOneRowPerConcern() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(HOME.resolve("deploy/grafana/dashboards/axon-commerce.json")
                .toFile());
        Set<String> metrics = GrafanaDashboard.metricNames(dashboard);

        assertThat(dashboard.path("panels").findValuesAsText("title")).contains("Orders", "Order fulfilment saga",
                "Inventory", "Payments", "Catalogue and search", "Kafka bridge", "Notifications", "Axon Framework",
                "Axon Server");
        assertThat(metrics).contains("axoncommerce_orders_placed_total", "axoncommerce_saga_step_duration_seconds_bucket",
                "axoncommerce_payments_total", "axoncommerce_notifications_total", "resilience4j_circuitbreaker_state");
    }

    @Test
    void metricNamesOfPromQl() {
        assertThat(GrafanaDashboard.metricNames("histogram_quantile(0.95, sum by (le, step) "
                + "(rate(axoncommerce_saga_step_duration_seconds_bucket{outcome=\"success\"}[5m])))"))
                .containsExactly("axoncommerce_saga_step_duration_seconds_bucket");
        assertThat(GrafanaDashboard.metricNames("sum(increase(a_total[15m])) / (sum(increase(a_total[15m])) "
                + "+ sum(increase(b_total[15m])))")).containsExactly("a_total", "b_total");
        assertThat(GrafanaDashboard.metricNames("bottomk(10, stock_units) * 1e3")).containsExactly("stock_units");
    }
}
