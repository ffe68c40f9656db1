package io.burstpipe.tutorial;

import io.burstpipe.cli.BurstpipeCommand;
import io.burstpipe.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CliTest {

    record Result(int status, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Cli.commandLine(new BurstpipeCommand(), env);
        cli.addSubcommand("run", Cli.commandLine(new RunCommand(), env));
        cli.addSubcommand("scenario", Cli.commandLine(new ScenarioCommand(), env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Result(status, err.toString());
    }

    private static Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void unknownScenarioExitsTwoAndListsWhatIsAllowed() {
        Result r = run("scenario", "nope");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Unknown scenario 'nope'; allowed: list, single-thread, daemon-thread, join,")
                .contains("Try 'burstpipe scenario --help'");
    }

    @Test
    void negativeCapacityExitsTwoNamingTheFlagAndRange() {
        Result r = run("run", "--queue-capacity", "-1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("--queue-capacity must be between 1 and 1000000 (was -1)");
    }

    @Test
    void unknownProfileExitsTwoListingTheProfiles() {
        Result r = run("run", "--profile", "wavy");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for option '--profile': unknown profile 'wavy'; "
                + "allowed: steady, burst, poisson, ramp, spike");
    }

    @Test
    void malformedDurationExitsTwoShowingTheForm() {
        Result r = run("run", "--duration", "10x");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for option '--duration': '10x' is not a duration: "
                + "use a number and a unit, ms, s, m or h (e.g. 500ms, 10s, 1.5s, 2m)");
    }

    @Test
    void negativeRateExitsTwo() {
        Result r = run("run", "--rate", "-5");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("--rate must be between 0 and 100000000 msgs/s (was -5.0)");
    }

    @Test
    void environmentSetsDefaultsAndFlagsWin() {
        RunCommand fromEnv = new RunCommand();
        Cli.commandLine(fromEnv, Map.of("BURSTPIPE_QUEUE_CAPACITY", "64", "BURSTPIPE_STORE_LATENCY", "7ms"))
                .parseArgs();
        assertThat(fromEnv.config().queueCapacity()).isEqualTo(64);
        assertThat(fromEnv.config().storeLatency().toMillis()).isEqualTo(7);

        RunCommand flagWins = new RunCommand();
        Cli.commandLine(flagWins, Map.of("BURSTPIPE_QUEUE_CAPACITY", "64")).parseArgs("--queue-capacity", "8");
        assertThat(flagWins.config().queueCapacity()).isEqualTo(8);
    }

    @Test
    void badEnvironmentValueIsRejectedLikeABadFlag() {
        Result r = run(Map.of("BURSTPIPE_QUEUE_CAPACITY", "0"), "run");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("--queue-capacity must be between 1 and 1000000 (was 0)");
    }

}
