package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/** The dashboard's services; the controllers and the security in this package are found by component scan. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardConfiguration {

    @Bean(destroyMethod = "close")
    AppendRate appendRate(EmbeddedAxonServer server) {
        return new AppendRate(server.storage(), Clock.systemUTC());
    }

    /**
     * The pages are static files that render the {@code /v1} API with a little JavaScript. They live outside
     * {@code classpath:/static}, so applications that merely depend on this jar do not serve them.
     */
    @Bean
    WebMvcConfigurer dashboardPages() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/*.html", "/*.js", "/*.css")
                        .addResourceLocations("classpath:/axonserver/dashboard/");
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/").setViewName("forward:/index.html");
            }
        };
    }

    @Bean
    EventSearch eventSearch(EmbeddedAxonServer server, DashboardProperties properties) {
        if (properties.getMaxPageSize() < 1 || properties.getSearchScanLimit() < 1
                || properties.getMaxAggregateEvents() < 1) {
            throw new IllegalStateException("axoniq.axonserver.dashboard limits must be positive");
        }
        return new EventSearch(server.storage(), properties.getSearchScanLimit(), properties.getSearchTimeBudget(),
                               properties.getMaxAggregateEvents());
    }

    @Bean
    ApplicationAdminApi applicationAdminApi(DashboardProperties properties, RestClient.Builder restClient,
                                            ObjectMapper objectMapper) {
        return new ApplicationAdminApi(properties.getAdminApi(), restClient, objectMapper);
    }
}
