package io.axoncommerce.launcher;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.LogManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service as a Spring Boot application inside this JVM: its executable jar's {@code main} runs with the jar's
 * own class path ({@link ServiceClassLoaders}) and the command line the {@code processes} topology would give it, so
 * its configuration, beans and port are those of its jar in docker-compose. It shares the JVM's heap, GC and JIT with
 * the other services, and its own log file with nobody ({@code logging.file.name}).
 * <p>
 * The application context is taken from Spring Boot's {@code SpringApplicationHook}, the supported way to observe an
 * application started by someone else's {@code main}. The service's Spring classes are not this class loader's, so the
 * hook is a dynamic proxy of the service's own interface.
 * <p>
 * Nothing restarts an in-process service: it cannot die alone. A crash of the JVM takes every service with it, and
 * the JVM's supervisor ({@code ./axon-commerce run}) starts the whole system again.
 */
final class InProcessService implements Service {

    private static final Logger logger = LoggerFactory.getLogger(InProcessService.class);
    private static final String JUL_MANAGER_PROPERTY = "java.util.logging.manager";
    private static final String JUL_MANAGER = "org.apache.juli.ClassLoaderLogManager";

    private final String name;
    private final ClassLoader loader;
    private final String mainClass;
    private final List<String> args;
    private final Path logFile;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Closeable context;
    private volatile Thread stopping;
    private long started;

    InProcessService(String name, ClassLoader loader, String mainClass, List<String> args, Path logDir) {
        this.name = name;
        this.loader = loader;
        this.mainClass = mainClass;
        this.logFile = logDir.resolve(name + ".log");
        this.args = List.copyOf(args);
    }

    /**
     * Makes {@code java.util.logging} per class loader (Tomcat's {@code ClassLoaderLogManager}, made for servlet
     * containers hosting several applications), so that what a service's Tomcat or gRPC logs through JUL reaches that
     * service's log alone: JUL's manager is global, and every service installs its SLF4J bridge on the root logger.
     * Works only before anything in this JVM used JUL; otherwise it says how to start the JVM.
     */
    static void isolateJavaUtilLogging() {
        if (System.getProperty(JUL_MANAGER_PROPERTY) == null) {
            System.setProperty(JUL_MANAGER_PROPERTY, JUL_MANAGER);
        }
        if (!LogManager.getLogManager().getClass().getName().equals(JUL_MANAGER)) {
            logger.warn("java.util.logging was set up before the services started ({}): what their Tomcat and gRPC log "
                    + "through it goes to every service's log. Start the JVM with -D{}={} to keep them apart.",
                    LogManager.getLogManager().getClass().getName(), JUL_MANAGER_PROPERTY, JUL_MANAGER);
        }
    }

    /**
     * What a service needs to live in a shared JVM: its own log file and no console output, and no shutdown hook of
     * its own (the launcher stops the services before the infrastructure they write to).
     */
    static List<String> inProcessArgs(Path logDir, String name) {
        return List.of("--logging.file.name=" + logDir.resolve(name + ".log"),
                "--logging.threshold.console=OFF",
                "--spring.main.banner-mode=log",
                "--spring.main.register-shutdown-hook=false");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        logger.info("Starting {} in this JVM (log: {})", name, logFile);
        started = System.nanoTime();
        Thread.ofPlatform().name(name + "-main").start(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                runMain();
                ready.complete(null);
            } catch (Throwable e) {
                Throwable cause = rootCause(e);
                ready.completeExceptionally(new IllegalStateException(name + " failed to start (" + cause + "); see "
                        + logFile, e));
            }
        });
    }

    private void runMain() throws ReflectiveOperationException {
        disableTomcatUrlStreamHandlerFactory();
        Class<?> application = loader.loadClass("org.springframework.boot.SpringApplication");
        Class<?> hookType = loader.loadClass("org.springframework.boot.SpringApplicationHook");
        Class<?> listenerType = loader.loadClass("org.springframework.boot.SpringApplicationRunListener");
        Object listener = proxy(listenerType, (method, arguments) -> {
            if (method.getName().equals("contextPrepared")) {
                context = (Closeable) arguments[0];
            }
            return null;
        });
        Object hook = proxy(hookType, (method, arguments) -> listener);
        Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
        Runnable runMain = () -> {
            try {
                main.invoke(null, (Object) args.toArray(String[]::new));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
        application.getMethod("withHook", hookType, Runnable.class).invoke(null, hook, runMain);
    }

    /**
     * Tomcat registers its {@code war:} URL handler as the JVM's one {@code URLStreamHandlerFactory}, which only the
     * first Tomcat in a JVM can do: every further one would fail to start. An executable jar never uses {@code war:}
     * URLs, so no service misses it.
     */
    private void disableTomcatUrlStreamHandlerFactory() throws ReflectiveOperationException {
        try {
            loader.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory").getMethod("disable")
                    .invoke(null);
        } catch (ClassNotFoundException e) {
            // a service without Tomcat
        }
    }

    private interface Handler {
        Object handle(Method method, Object[] arguments);
    }

    /** A proxy of one of the service's interfaces, with the {@link Object} methods a proxy must answer itself. */
    private Object proxy(Class<?> type, Handler handler) {
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, (proxy, method, arguments) -> switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == arguments[0];
            case "toString" -> name + " " + type.getSimpleName();
            default -> handler.handle(method, arguments);
        });
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void awaitReady(Duration timeout) {
        Service.awaitStart(name, ready, started, timeout, () -> "See " + logFile);
    }

    @Override
    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally() && isAlive();
    }

    @Override
    public boolean isAlive() {
        Closeable current = context;
        if (current == null) {
            return false;
        }
        try {
            return (boolean) loader.loadClass("org.springframework.context.ConfigurableApplicationContext")
                    .getMethod("isActive").invoke(current);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public int restarts() {
        return 0;
    }

    /** Closes the application context on a thread of its own, so that every service can be asked at once. */
    @Override
    public synchronized void requestStop() {
        if (stopping != null) {
            return;
        }
        stopping = Thread.ofPlatform().name(name + "-stop").start(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            // a start under way finishes first (Spring cannot close a context while it refreshes); a failed one
            // was closed by Spring Boot already
            ready.exceptionally(failure -> null).join();
            Closeable current = context;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException | RuntimeException e) {
                    logger.warn("Stopping {} failed", name, e);
                }
            }
        });
    }

    @Override
    public void awaitStop(Duration grace) {
        Thread thread = stopping;
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(grace)) {
                logger.warn("{} did not stop within {} s; leaving it to the JVM's exit", name, grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
