package io.axoncommerce.axonserver.eventstore.storage;

import io.axoncommerce.axonserver.EmbeddedAxonServer;

import java.nio.file.Path;

/**
 * Child process of {@link ServerCrashSafetyIT}: the real server (gRPC services on the RocksDB storage) on a free
 * port, which it prints as {@code PORT <n>}; it runs until it is killed.
 */
public final class CrashTestServer {

    private CrashTestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedAxonServer server = EmbeddedAxonServer.builder()
                .grpcPort(0)
                .noHttp()
                .bindAddress("127.0.0.1")
                .dataDirectory(Path.of(args[0]))
                .build()
                .start();
        System.out.println("PORT " + server.grpcPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
