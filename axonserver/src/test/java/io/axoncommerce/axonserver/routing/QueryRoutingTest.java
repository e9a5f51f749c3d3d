package io.axoncommerce.axonserver.routing;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QueryRoutingTest {

    private final List<String> instances = List.of("a", "b", "c");

    @Test
    void aPointToPointQueryGoesToOneInstanceAndTheLoadIsSpread() {
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            List<String> targets = QueryRouting.targets(instances, 1);
            assertThat(targets).hasSize(1);
            chosen.add(targets.getFirst());
        }
        // each instance has a chance of 1/3 per query: missing one in 300 picks is a 1e-52 event
        assertThat(chosen).containsExactlyInAnyOrderElementsOf(instances);
    }

    @Test
    void scatterGatherGoesToEveryInstance() {
        assertThat(QueryRouting.targets(instances, -1)).containsExactlyElementsOf(instances);
        assertThat(QueryRouting.targets(instances, 0)).containsExactlyElementsOf(instances);
        assertThat(QueryRouting.targets(List.of("only"), 1)).containsExactly("only");
    }
}
