package io.quire.tck.wal;

import io.quire.tck.support.KitSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child process of rule wal03: opens a WAL and appends recognisable records from several
 * threads until it is killed, printing one {@link AckLine} per completed append. Started by the
 * kit, never by a plugin author; the parent kills it with SIGKILL and checks that every record it
 * printed survived.
 *
 * <p>Arguments: {@code <provider class> <data dir> <epoch> <writers> [key=value ...]}. The provider
 * class must have a public no-argument constructor, as {@link java.util.ServiceLoader} requires.
 * The child exits by itself when its stdin closes, so that it never outlives a parent that died.
 */
public final class CrashingAppender {

    /** Each writer stops after this many records, a bound in case the parent never kills it. */
    private static final int MAX_RECORDS_PER_WRITER = 1_000_000;

    private CrashingAppender() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CrashingAppender <provider class> <data dir> <epoch> <writers> [key=value ...]");
            System.exit(2);
        }
        WalProvider provider = (WalProvider) Class.forName(args[0]).getConstructor().newInstance();
        Path dataDir = Path.of(args[1]);
        long epoch = Long.parseLong(args[2]);
        int writers = Integer.parseInt(args[3]);
        Map<String, String> settings = settings(List.of(args).subList(4, args.length));

        exitWhenParentGoes();
        MetadataWal wal = provider.create(new KitPluginContext(dataDir,
                KitSettings.of("wal", provider.name(), provider.configKeys(), settings)));
        for (int writer = 0; writer < writers; writer++) {
            int id = writer;
            Thread thread = new Thread(() -> appendUntilKilled(wal, epoch, id), "crashing-appender-" + writer);
            thread.start();
        }
    }

    private static void appendUntilKilled(MetadataWal wal, long epoch, int writer) {
        try {
            for (int seq = 0; seq < MAX_RECORDS_PER_WRITER; seq++) {
                byte[] payload = Payloads.of(writer, seq);
                long offset = wal.append(epoch, payload).get(Appends.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                acknowledge(AckLine.of(offset, epoch, payload));
            }
        } catch (Exception e) {
            // The parent reports stderr when the child ends before it was killed.
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Prints the acknowledgement only now that the append completed: the protocol's whole point. */
    private static void acknowledge(AckLine ack) {
        synchronized (System.out) {
            System.out.println(ack);
            System.out.flush();
        }
    }

    private static Map<String, String> settings(List<String> pairs) {
        Map<String, String> settings = new HashMap<>();
        for (String pair : pairs) {
            int split = pair.indexOf('=');
            if (split < 0) {
                throw new IllegalArgumentException("setting '" + pair + "' is not key=value");
            }
            settings.put(pair.substring(0, split), pair.substring(split + 1));
        }
        return settings;
    }

    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                // The parent never writes: this returns when the pipe closes, that is when the parent is gone.
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // A broken pipe means the same.
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
