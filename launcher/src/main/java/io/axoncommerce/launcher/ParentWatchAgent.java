package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;

/**
 * A Java agent put into every child JVM the launcher starts: the child's stdin is a pipe from the launcher, and it
 * reads end-of-file when the launcher is gone for whatever reason (SIGKILL included). The child then exits normally,
 * running its shutdown hooks, so no service outlives its launcher. Uses nothing but the JDK: it is loaded from a jar
 * the launcher writes (see {@link ParentWatchJar}).
 */
public final class ParentWatchAgent {

    private ParentWatchAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() != -1) {
                    // the launcher never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            System.err.println("axon-commerce launcher is gone: stopping");
            System.exit(0);
        }, "launcher-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
