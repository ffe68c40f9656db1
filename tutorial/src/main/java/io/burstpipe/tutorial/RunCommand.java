package io.burstpipe.tutorial;

import io.burstpipe.cli.Signals;
import io.burstpipe.cli.SlowStoreOptions;
import io.burstpipe.cli.ProfileOptions;
import io.burstpipe.cli.DrainOption;
import io.burstpipe.cli.QueueOptions;
import io.burstpipe.cli.RunLengthOptions;
import io.burstpipe.cli.SeedOption;
import io.burstpipe.inproc.InProcessConfig;
import io.burstpipe.inproc.InProcessRun;
import io.burstpipe.inproc.RunSummary;
import io.burstpipe.profile.ProfileSettings;
import io.burstpipe.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: the whole pipeline in one JVM, on the embedded store, until --duration or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs producers -> bounded queue -> store writers -> slow store in this JVM, until --duration, --messages, Ctrl-C or SIGTERM.",
                "Prints a status line every second. On stop it stops producing, "
                        + "drains the queue, flushes the store and checks that every produced id is stored.",
                "Every flag can also be set by an environment variable: --queue-capacity is BURSTPIPE_QUEUE_CAPACITY.",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every produced message is in the store",
                "1:produced != stored, or the store could not be opened (e.g. another process holds --store-dir)",
                "2:bad arguments", "130/143:stopped by Ctrl-C/SIGTERM, after the drain, and every produced message is in the "
                        + "store (1 if not)"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunLengthOptions runLength;

    @Mixin
    ProfileOptions profileOptions;

    @Mixin
    SeedOption seedOption;

    @Option(names = "--producers", defaultValue = "1", paramLabel = "N",
            description = "Producer threads, 1..64. Default: ${DEFAULT-VALUE}.")
    int producers;

    @Mixin
    QueueOptions queue;

    @Option(names = "--store-dir", defaultValue = "data/inproc", paramLabel = "DIR",
            description = "Embedded store directory (created if missing). Default: ${DEFAULT-VALUE}.")
    Path storeDir;

    @Mixin
    SlowStoreOptions slowStore;

    @Mixin
    DrainOption drain;

    @Override
    public Integer call() throws Exception {
        InProcessConfig config = config();
        String runId = "r" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        InProcessRun run = new InProcessRun(config, runId, System.out);
        AtomicReference<String> signal = new AtomicReference<>();
        RunSummary summary;
        try (Signals.Registration signals = Signals.onStop(name -> {
            signal.compareAndSet(null, name);
            run.stop();
        })) {
            summary = run.run();
        } catch (StoreException e) {
            spec.commandLine().getErr().println("run: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        if (!summary.ok()) {
            return 1;
        }
        return signal.get() == null ? 0 : Signals.exitStatus(signal.get());
    }

    InProcessConfig config() {
        try {
            ProfileSettings profileSpec = profileOptions.toSpec();
            return new InProcessConfig(runLength.duration(), runLength.messages(), producers, queue.writers(),
                    queue.capacity(), queue.batchSize(), profileSpec, seedOption.seed(), storeDir, slowStore.latency(),
                    slowStore.jitter(), slowStore.failureRate(), drain.drainTimeout(), Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
