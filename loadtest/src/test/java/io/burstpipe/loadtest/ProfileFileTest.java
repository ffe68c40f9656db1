package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFileTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void yamlKeysBecomeFlagsWithStagesAndThresholdsAsLists() throws Exception {
        Path f = file("shape.yaml", """
                profile: stages
                stages:
                  - 10s:0..2000
                  - {duration: 30s, rate: 2000}
                  - {duration: 5s, from: 2000, to: 0}
                seed: 7
                warmup: 5s
                batchSize: 20
                thresholds: ["p99<250ms", "loss==0"]
                """);
        assertThat(ProfileFile.toArgs(f)).containsExactly("--profile", "stages", "--stages",
                "10s:0..2000,30s:2000,5s:2000..0", "--seed", "7", "--warmup", "5s", "--batch-size", "20",
                "--threshold", "p99<250ms", "--threshold", "loss==0");
    }

    @Test
    void jsonIsReadToo() throws Exception {
        Path f = file("shape.json", "{\"profile\": \"steady\", \"rate\": 1500, \"duration\": \"20s\"}");
        assertThat(ProfileFile.toArgs(f)).containsExactly("--profile", "steady", "--rate", "1500", "--duration", "20s");
    }

    @Test
    void badFilesNameTheFileAndTheKey() throws Exception {
        assertThatThrownBy(() -> ProfileFile.toArgs(file("a.yaml", "rate: 10\nspeed: 3\n")))
                .hasMessageContaining("a.yaml").hasMessageContaining("unknown key 'speed'")
                .hasMessageContaining("allowed: ");
        assertThatThrownBy(() -> ProfileFile.toArgs(file("b.yaml", "rate: [1, 2\n")))
                .hasMessageContaining("not valid YAML or JSON");
        assertThatThrownBy(() -> ProfileFile.toArgs(file("c.yaml", "- 1\n- 2\n")))
                .hasMessageContaining("must hold a mapping");
        assertThatThrownBy(() -> ProfileFile.toArgs(file("d.yaml", "stages:\n  - {duration: 5s}\n")))
                .hasMessageContaining("needs duration and either rate or from and to");
        assertThatThrownBy(() -> ProfileFile.toArgs(dir.resolve("missing.yaml")))
                .hasMessageContaining("cannot read profile file");
    }

    private record Outcome(int status, String out, String err) {
    }

    private Outcome loadtest(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.execute(new LoadTestCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)),
                Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void badFlagsAndFilesExitWithStatus2AndAClearMessage() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"--threshold", "p99<soon"},
                new String[] {"--profile", "stages"},
                new String[] {"--profile", "stages", "--stages", "10s:fast"},
                new String[] {"--max-inflight", "0"},
                new String[] {"--transport", "carrier-pigeon"},
                new String[] {"--warmup", "10s", "--duration", "5s"},
                new String[] {"--backlog-messages", "100"},
                new String[] {"--find-max", "--threshold", "loss==0"},
                new String[] {"--target", "127.0.0.1:8080"},
                new String[] {"--profile-file", file("bad.yaml", "rate: -5\n").toString()},
                new String[] {"--profile-file", file("worse.yaml", "colour: blue\n").toString()},
                new String[] {"--producer-id", "x".repeat(65)},
                new String[] {"--find-max", "--producer-id", "x".repeat(60)});
        String[] expected = {"not a time", "--profile stages needs --stages", "is not a rate", "--max-inflight must be",
            "--transport must be", "--warmup", "needs --consumer", "does not combine", "--target must be an http",
            "--rate must be between", "unknown key 'colour'",
            "--producer-id must be 1..64 letters, digits, '.', '_' or '-' (was 'xxxx",
            "--producer-id must be 1..52 letters, digits, '.', '_' or '-' (12 of the 64 are kept for the suffixes "
                    + "this run adds)"};
        for (int i = 0; i < cases.size(); i++) {
            Outcome o = loadtest(cases.get(i));
            assertThat(o.status()).as(String.join(" ", cases.get(i)) + ": " + o.err()).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", cases.get(i))).contains(expected[i]);
        }
        Outcome file = loadtest("--profile-file", dir.resolve("bad.yaml").toString());
        assertThat(file.err()).contains("profile file " + dir.resolve("bad.yaml"));
    }

    @Test
    void theCommandLineOverridesTheFileAndTheNoopTargetRunsIt() throws Exception {
        Path f = file("noop.yaml", "transport: noop\nprofile: steady\nrate: 1000\nduration: 1s\n");
        // transport is not a profile-file key: the file is refused before anything runs
        assertThat(loadtest("--profile-file", f.toString()).status()).isEqualTo(2);
        Path g = file("ok.yaml", "profile: steady\nrate: 1000\nduration: 10s\nthresholds: [\"loss==0\"]\n");
        Outcome o = loadtest("--profile-file", g.toString(), "--transport", "noop", "--duration", "1s",
                "--out", dir.resolve("out").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("steady 1000 msgs/s").contains("for 1 s").contains("threshold passed: loss==0")
                .containsPattern("summary: (99\\d|100\\d) records sent");
        assertThat(dir.resolve("out/result.json")).isNotEmptyFile();
        assertThat(dir.resolve("out/report.html")).isNotEmptyFile();
    }

    @Test
    void aProfileFileWorksWhenLoadtestIsASubcommand() throws Exception {
        // as ./burstpipe runs it: the parse result of a subcommand still holds the words before it
        Path g = file("sub.yaml", "profile: steady\nrate: 500\nduration: 1s\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        picocli.CommandLine root = Cli.commandLine(new io.burstpipe.cli.BurstpipeCommand(), Map.of());
        root.addSubcommand("loadtest", Cli.commandLine(new LoadTestCommand().output(new PrintStream(out, true,
                StandardCharsets.UTF_8)), Map.of()));
        root.setErr(new PrintWriter(err, true));
        int status = root.execute("loadtest", "--profile-file", g.toString(), "--transport", "noop", "--out",
                dir.resolve("sub").toString());
        assertThat(status).as(out + err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("steady 500 msgs/s").contains("for 1 s");
    }

    @Test
    void stagesRunUntilTheyEndWithoutADuration() {
        Outcome o = loadtest("--transport", "noop", "--profile", "stages", "--stages", "1s:500,1s:0..2000",
                "--out", dir.resolve("stages").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        // 500 in the first second, a mean of 1000 in the ramp
        assertThat(o.out()).contains("stages 1s:500,1s:0..2000").contains("until the profile")
                .containsPattern("summary: 1(49\\d|50\\d) records sent");
    }

    @Test
    void helpIsCleanAndListsTheExitStatuses() {
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        StringWriter help = new StringWriter();
        try {
            Cli.execute(new LoadTestCommand(), Map.of(), new PrintWriter(help), new PrintWriter(new StringWriter()),
                    "--help");
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
        assertThat(help.toString()).contains("error_rate<1%,").contains("99   a threshold failed");
        StringWriter compare = new StringWriter();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            Cli.execute(new LoadTestCommand(), Map.of(), new PrintWriter(compare), new PrintWriter(new StringWriter()),
                    "compare", "--help");
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
        assertThat(compare.toString()).contains("95% confidence").contains("Default: 10%.")
                .contains("99   NEW is worse than BASE");
    }
}
