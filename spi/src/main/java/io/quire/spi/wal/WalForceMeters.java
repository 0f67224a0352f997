package io.quire.spi.wal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The meters of a WAL's group commit, under the same names for every WAL plugin: how long each
 * force takes and how many records it made durable (the seed's point that one fsync serves a
 * whole group).
 */
public final class WalForceMeters {

    private final Timer forces;
    private final DistributionSummary recordsPerForce;

    /** @param wal the plugin's name, the {@code wal} tag of both meters */
    public WalForceMeters(MeterRegistry registry, String wal) {
        this.forces = Timer.builder("quire.metadata.wal.force")
                .description("Time to write and force one group-committed batch of the metadata WAL (the seed's"
                        + " 'MetadataWal::append ... fsync to disk')")
                .tag("wal", wal)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.recordsPerForce = DistributionSummary.builder("quire.metadata.wal.force.batch")
                .description("Records made durable by one force of the metadata WAL (group commit)")
                .tag("wal", wal)
                .baseUnit("records")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                .register(registry);
    }

    /** One batch of {@code records} records was written and forced in {@code nanos}. */
    public void forced(int records, long nanos) {
        forces.record(nanos, TimeUnit.NANOSECONDS);
        recordsPerForce.record(records);
    }
}
