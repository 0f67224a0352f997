package io.quire.launcher;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.waldump.WalCommand;
import io.quire.launcher.wiring.RunningNode;
import io.quire.spi.plugin.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code quire} command. */
@Command(name = "quire", mixinStandardHelpOptions = true, version = "Quire 0.1.0-SNAPSHOT",
        description = "A replicated metadata service for Kafka-compatible clusters.",
        subcommands = {Main.Start.class, ClusterCommand.class, StatusCommand.class, WalCommand.class})
public final class Main {

    /** Exit status of a config the node cannot start with. */
    static final int CONFIG_ERROR = 2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** {@code quire start}: runs one node in the foreground until it is signalled. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Run one Quire node in the foreground.")
    static final class Start implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            RunningNode node;
            try {
                RawConfig raw = (config == null ? RawConfig.empty() : RawConfig.fromYaml(config)).withOverrides(overrides);
                NodeConfig nodeConfig = NodeConfig.resolve(raw, PluginRegistry.discover(Main.class.getClassLoader()));
                node = RunningNode.start(nodeConfig);
            } catch (ConfigException e) {
                System.err.println("quire: invalid configuration: " + e.getMessage());
                return CONFIG_ERROR;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "quire-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
