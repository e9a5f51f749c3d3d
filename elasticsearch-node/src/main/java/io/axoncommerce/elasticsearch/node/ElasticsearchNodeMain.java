package io.axoncommerce.elasticsearch.node;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Elasticsearch node in this JVM until standard input reaches end-of-file.
 * <p>
 * Started by {@code EmbeddedElasticsearch} in a JVM of its own: {@code es.path.home} is the extracted distribution
 * (lib/, modules/transport-netty4/, lib/platform/ for native libraries) and the single argument is the instance's
 * config directory holding {@code elasticsearch.yml} (data, logs, ports) and {@code log4j2.properties}.
 * Stdin is a pipe from the parent: it closes when the parent closes it or dies in any way, including SIGKILL, so the
 * node never outlives the process that started it.
 */
public final class ElasticsearchNodeMain {

    private ElasticsearchNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ElasticsearchNodeMain <config-dir>   (with -Des.path.home=<distribution>)");
            System.exit(2);
        }
        String home = System.getProperty("es.path.home");
        if (home == null) {
            System.err.println("es.path.home is not set");
            System.exit(2);
        }
        Path configDir = Path.of(args[0]).toAbsolutePath();
        Settings settings = Settings.builder().put("path.home", home).build();

        LogConfigurator.registerErrorListener();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
                settings, Map.of(), configDir, () -> "embedded");
        LogConfigurator.configure(environment, true);

        Set<PluginBundle> modules = PluginsLoader.loadModulesBundles(environment.modulesDir(), false);
        // 'false': the server runs from the class path, not the module path (true fails with an NPE there)
        PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(modules, Set.of(), Map.of(), false);
        Node node = new Node(environment, pluginsLoader);

        // SIGTERM (Process.destroy) and the exit below both close the node cleanly through this hook
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "elasticsearch-stop"));
        node.start();
        // Elasticsearch's own threads are daemons: this thread is what keeps the JVM, and so the node, alive
        awaitEndOfInput(System.in);
        System.exit(0);
    }

    private static void awaitEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // anything written is ignored: only end-of-file matters
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone: stop as for end-of-file
        }
    }

    private static void stop(Node node) {
        try {
            node.prepareForClose();
            node.close();
            node.awaitClose(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
