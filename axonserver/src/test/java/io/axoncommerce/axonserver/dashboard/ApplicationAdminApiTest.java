package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API configuration is checked at start: a URL the dashboard could not use stops it with the property. */
class ApplicationAdminApiTest {

    private static ApplicationAdminApi configure(String statusUrl, String deadLettersUrl) {
        DashboardProperties.AdminApi properties = new DashboardProperties().getAdminApi();
        DashboardProperties.Component component = new DashboardProperties.Component();
        component.setStatusUrl(statusUrl);
        component.setDeadLettersUrl(deadLettersUrl);
        properties.getComponents().put("query-side", component);
        return new ApplicationAdminApi(properties, RestClient.builder(), new ObjectMapper());
    }

    @Test
    void configuredUrlsAreKeptPerComponentWithoutTrailingSlash() {
        ApplicationAdminApi api = configure("http://127.0.0.1:8082/api/admin/processors/{processor}",
                                            "https://shop.example/api/admin/processors/{processor}/dead-letters/");
        assertThat(api.isConfigured()).isTrue();
        assertThat(api.endpoints("query-side").statusUrl())
                .isEqualTo("http://127.0.0.1:8082/api/admin/processors/{processor}");
        assertThat(api.endpoints("query-side").deadLettersUrl())
                .isEqualTo("https://shop.example/api/admin/processors/{processor}/dead-letters");
        assertThat(api.endpoints("kafka-bridge")).isNull();
        assertThat(configure(null, "http://127.0.0.1:8084/api/kafka-bridge/dead-letters").endpoints("query-side")
                           .statusUrl()).isNull();
    }

    @Test
    void nothingConfiguredIsTheDefault() {
        ApplicationAdminApi api = new ApplicationAdminApi(new DashboardProperties().getAdminApi(),
                                                          RestClient.builder(), new ObjectMapper());
        assertThat(api.isConfigured()).isFalse();
        assertThat(api.endpoints("query-side")).isNull();
    }

    @Test
    void unusableUrlsAreRefusedWithTheirProperty() {
        for (String bad : new String[]{"ftp://host/{processor}", "/api/admin/processors/{processor}",
                "http://host/{processor}/{other}", "http://host/api?processor={processor}", "not a url"}) {
            assertThatThrownBy(() -> configure(bad, null)).as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("axoniq.axonserver.dashboard.admin-api.components.query-side.status-url");
        }
        DashboardProperties.AdminApi properties = new DashboardProperties().getAdminApi();
        properties.setTimeout(Duration.ZERO);
        assertThatThrownBy(() -> new ApplicationAdminApi(properties, RestClient.builder(), new ObjectMapper()))
                .hasMessageContaining("timeout");
    }
}
