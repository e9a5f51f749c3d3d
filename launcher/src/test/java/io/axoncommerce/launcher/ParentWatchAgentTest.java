package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM started with the agent jar the launcher writes ends when its stdin (the launcher's pipe) closes. */
class ParentWatchAgentTest {

    /** A main that would run for a minute on its own. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            Thread.sleep(60_000);
        }
    }

    @Test
    void childExitsCleanlyWhenItsParentsPipeCloses(@TempDir Path dir) throws Exception {
        Path agent = ParentWatchJar.write(dir);
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()))
                .redirectErrorStream(true).start();
        Thread.sleep(500);
        assertThat(child.isAlive()).isTrue();

        child.getOutputStream().close(); // what the OS does to the pipe when the launcher dies, SIGKILL included
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child ended").isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(new String(child.getInputStream().readAllBytes())).contains("launcher is gone")
                .contains("shutdown hook ran");
        assertThat(Files.size(agent)).isPositive();
    }
}
