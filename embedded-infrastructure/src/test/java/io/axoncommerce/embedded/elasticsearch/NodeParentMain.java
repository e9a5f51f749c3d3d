package io.axoncommerce.embedded.elasticsearch;

import java.nio.file.Path;

/** A stand-in for an application JVM that starts a node and then dies without closing it (killed by the test). */
public final class NodeParentMain {

    public static void main(String[] args) throws InterruptedException {
        EmbeddedElasticsearch node = EmbeddedElasticsearch.builder().forTests().dataDirectory(Path.of(args[0])).start();
        System.out.println("READY " + node.pid() + " " + node.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
