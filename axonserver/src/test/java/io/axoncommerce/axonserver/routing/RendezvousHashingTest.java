package io.axoncommerce.axonserver.routing;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RendezvousHashingTest {

    record Node(String id, int weight) {
    }

    private static Map<String, Integer> distribute(List<Node> nodes, int keys) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            Node chosen = RendezvousHashing.select("aggregate-" + i, nodes, Node::id, Node::weight);
            counts.merge(chosen.id(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void spreadsSimilarKeysEvenlyOverEqualNodes() {
        List<Node> nodes = List.of(new Node("app-1", 100), new Node("app-2", 100), new Node("app-3", 100));
        Map<String, Integer> counts = distribute(nodes, 30_000);
        // sequential ids are what skews a weak hash; each node should get close to a third
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(9_400, 10_600));
    }

    @Test
    void sharesKeysInProportionToTheLoadFactor() {
        List<Node> nodes = List.of(new Node("small", 100), new Node("big", 300));
        Map<String, Integer> counts = distribute(nodes, 40_000);
        assertThat(counts.get("big") / (double) counts.get("small")).isBetween(2.7, 3.3);
    }

    @Test
    void movesOnlyTheKeysOfANodeThatLeaves() {
        List<Node> three = List.of(new Node("a", 100), new Node("b", 100), new Node("c", 100));
        List<Node> two = List.of(new Node("a", 100), new Node("b", 100));
        for (int i = 0; i < 5_000; i++) {
            String key = "order-" + i;
            Node before = RendezvousHashing.select(key, three, Node::id, Node::weight);
            Node after = RendezvousHashing.select(key, two, Node::id, Node::weight);
            if (!before.id().equals("c")) {
                assertThat(after).as(key).isEqualTo(before);
            }
        }
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderOfCandidates() {
        List<Node> nodes = List.of(new Node("a", 100), new Node("b", 50), new Node("c", 100));
        List<Node> reversed = nodes.reversed();
        for (int i = 0; i < 1_000; i++) {
            String key = "k" + i;
            assertThat(RendezvousHashing.select(key, nodes, Node::id, Node::weight))
                    .isEqualTo(RendezvousHashing.select(key, reversed, Node::id, Node::weight));
        }
    }
}
