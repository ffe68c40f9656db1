package io.burstpipe.launcher;

import io.burstpipe.cli.Signals;
import io.burstpipe.cli.Version;
import io.burstpipe.consumer.ConsumerApp;
import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.consumer.ConsumerOptions;
import io.burstpipe.producer.ProducerApp;
import io.burstpipe.producer.ProducerCommand;
import io.burstpipe.store.StoreException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code burstpipe up}: the consumer and, once it listens, a producer of bursts against it, in one JVM; the no-Docker
 * equivalent of {@code docker compose up}. Because the consumer is started here, "ready" means this consumer bound
 * its port, never whatever else answers on it.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = Version.class,
        description = {"Starts the consumer (embedded store, live dashboard) and, once it listens, a producer of "
                + "bursts against it: the no-Docker equivalent of docker compose up.",
                "Ctrl-C or SIGTERM stops both gracefully: the producer finishes what is in flight and checks that "
                        + "everything it generated was stored, then the consumer drains its queue and closes its store.",
                "The flags after --producer-port are the consumer's (as for 'burstpipe consumer'); the producer runs "
                        + "with its defaults (4000 msgs/s for 1 s, 100 msgs/s for 3 s). Every flag can also be set by "
                        + "an environment variable: --queue-capacity is BURSTPIPE_QUEUE_CAPACITY.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"130/143:stopped by Ctrl-C/SIGTERM, both cleanly, everything generated stored",
                "1:the consumer or the producer could not start (a port taken, the store in use), or the stop was not "
                        + "clean", "2:bad arguments"})
public final class UpCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Option(names = "--producer-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of the producer's own health/metrics server, 0..65535 (0 picks a free one). "
                    + "Default: ${DEFAULT-VALUE}.")
    int producerPort;

    @Mixin
    ConsumerOptions consumer;

    @Override
    public Integer call() throws Exception {
        ConsumerConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        ConsumerApp consumerApp = new ConsumerApp(config);
        AtomicReference<ProducerApp> producer = new AtomicReference<>();
        AtomicReference<String> signal = new AtomicReference<>();
        try (Signals.Registration signals = Signals.onStop(name -> {
            signal.compareAndSet(null, name);
            ProducerApp p = producer.get();
            if (p != null) {
                p.requestStop(); // the producer drains first; the consumer stops after it
            } else {
                consumerApp.requestStop();
            }
        })) {
            try {
                consumerApp.start();
            } catch (StoreException e) {
                return fail(err, "consumer: " + e.getMessage());
            }
            String url = "http://" + loopbackFor(config.host()) + ":" + consumerApp.port();
            say("up: consumer ready; dashboard on %s/ (Ctrl-C stops both)", url);
            ProducerApp producerApp = new ProducerApp(ProducerCommand.defaultsFor(url, producerPort), System.out);
            producer.set(producerApp);
            if (signal.get() != null) {
                producerApp.requestStop();
            }
            int producerStatus = runProducer(producerApp, err);
            consumerApp.requestStop();
            int consumerStatus;
            try {
                consumerStatus = consumerApp.awaitTermination(config.drainTimeout().plusSeconds(30));
            } catch (TimeoutException e) {
                return fail(err, e.getMessage());
            }
            return verdict(producerStatus, consumerStatus, signal.get());
        }
    }

    private ConsumerConfig config() {
        if (producerPort < 0 || producerPort > 65_535) {
            throw new ParameterException(spec.commandLine(), "--producer-port must be between 0 and 65535 (was "
                    + producerPort + ")");
        }
        try {
            return consumer.toConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The producer's exit status, or -1 if it could not start. */
    private static int runProducer(ProducerApp producerApp, PrintWriter err) throws Exception {
        try {
            return producerApp.run();
        } catch (IllegalStateException e) {
            err.println("up: producer: " + e.getMessage() + (e.getMessage().contains("listen")
                    ? " (choose another with --producer-port)" : ""));
            err.flush();
            return -1;
        }
    }

    private static int verdict(int producerStatus, int consumerStatus, String signal) {
        if (producerStatus != 0 || consumerStatus != 0) {
            say("up: stopped; %s", producerStatus < 0 ? "the producer could not start"
                    : "not clean (producer exit " + producerStatus + ", consumer exit " + consumerStatus + ")");
            return 1;
        }
        say("up: both stopped cleanly");
        return signal == null ? 0 : Signals.exitStatus(signal);
    }

    private static String loopbackFor(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("up: " + message);
        err.flush();
        return 1;
    }

    private static void say(String format, Object... args) {
        PrintStream out = System.out;
        out.println(LocalTime.now().format(CLOCK) + ": " + String.format(java.util.Locale.ROOT, format, args));
        out.flush();
    }
}
