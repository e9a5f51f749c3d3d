package io.axoncommerce.embedded.support;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedServerTest {

    /** The least server there is: started between start() and close(), with a data directory. */
    private static final class TestServer extends EmbeddedServer<TestServer> {
        private boolean started;

        TestServer(int port) {
            super("Test server", new ServerOptions(port, "test.port", null, true), "test-server-stop");
        }

        @Override
        public synchronized TestServer start() {
            beginStart();
            openDataDirectory("embedded-server-test-");
            started = true;
            installShutdownHook();
            ready();
            return this;
        }

        @Override
        protected void stop() {
            started = false;
        }

        @Override
        protected boolean started() {
            return started;
        }

        int port() {
            requireStarted();
            return options.port();
        }
    }

    @Test
    void aStartedServerIsNotStartedAgainAndAClosedOneAnswersNothing() {
        TestServer server = new TestServer(0).start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isZero();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessage("already started");

        server.close();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("Test server is not started");
    }

    @Test
    void aTemporaryDataDirectoryIsDeletedByClose() {
        TestServer server = new TestServer(0).start();
        Path dataDirectory = server.dataDirectory();
        assertThat(dataDirectory).isDirectory();

        server.close();

        assertThat(dataDirectory).doesNotExist();
    }

    @Test
    void aClosedServerStartsAgainWithItsShutdownHookInstalledAgain() {
        TestServer server = new TestServer(0).start();
        server.close();
        server.start();
        server.close();
    }

    @Test
    void aFixedPortThatIsTakenIsRefusedBeforeTheStartNamingItsProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TestServer server = new TestServer(taken.getLocalPort());

            assertThatThrownBy(server::start).isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("'test.port'");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void theStartupTimeIsHowLongTheLastStartTook() {
        TestServer server = new TestServer(0);
        assertThat(server.startupTime()).isNull();

        long before = System.nanoTime();
        server.start();

        assertThat(server.startupTime()).isPositive()
                .isLessThanOrEqualTo(Duration.ofNanos(System.nanoTime() - before));
        server.close();
    }
}
