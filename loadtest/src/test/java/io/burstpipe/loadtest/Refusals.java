package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code burstpipe loadtest} given flags it must refuse before anything runs: exit status 2, and the message. */
final class Refusals {

    private Refusals() {
    }

    /** The error of {@code loadtest --target http://127.0.0.1:1 --duration 10s ARGS}, which must exit with 2. */
    static String of(String... args) {
        List<String> all = new ArrayList<>(List.of("--target", "http://127.0.0.1:1"));
        all.addAll(List.of(args));
        return withoutTarget(all.toArray(String[]::new));
    }

    /** The error of {@code loadtest --duration 10s ARGS} (no {@code --target}), which must exit with 2. */
    static String withoutTarget(String... args) {
        List<String> all = new ArrayList<>(List.of("--duration", "10s"));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.execute(new LoadTestCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)),
                Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), all.toArray(String[]::new));
        assertThat(status).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
