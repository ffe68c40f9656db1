package io.burstpipe.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A terminal session of a user in a fresh checkout: commands run exactly as written, with {@code bash}, from a
 * directory that holds the repository's top-level entries (so {@code ./burstpipe} and {@code scripts/...} resolve)
 * and collects what the commands write ({@code data/}, {@code loadtest-results/}). Everything runs in a network
 * namespace of its own, with only a loopback: the README's fixed ports (8080, 9000, 19092) are free there whatever
 * the machine runs, and nothing a session starts is reachable from outside it.
 *
 * <p>Each command gets its own process group, with SIGINT at its default, so {@link Command#ctrlC()} is what
 * Ctrl-C in a terminal does. {@link #close()} kills whatever is left and deletes the namespace. Needs root
 * ({@code ip netns}); elsewhere the tests are skipped, or fail on CI.
 */
final class NetnsShell implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("burstpipe.root", "..")).toAbsolutePath().normalize();
    private static int sessions;

    private final String namespace;
    private final Path home;
    private final Map<String, String> env;
    private final List<Command> commands = new ArrayList<>();

    private NetnsShell(String namespace, Path home, Map<String, String> env) {
        this.namespace = namespace;
        this.home = home;
        this.env = env;
    }

    /**
     * A new session in {@code home}.
     *
     * @param env variables the session sets (bounded sizes for long benchmarks, a Kafka data directory)
     */
    static synchronized NetnsShell open(Path home, Map<String, String> env) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("the README tests need root for ip netns on CI");
            }
            Assumptions.abort("the README tests run commands in a network namespace: they need root");
        }
        String namespace = "bpreadme-" + ProcessHandle.current().pid() + "-" + (++sessions);
        run(Duration.ofSeconds(20), "ip", "netns", "add", namespace);
        NetnsShell shell = new NetnsShell(namespace, home, env);
        try {
            run(Duration.ofSeconds(20), "ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            Files.createDirectories(home);
            try (var entries = Files.list(ROOT)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    String name = entry.getFileName().toString();
                    if (!List.of(".git", "data", "loadtest-results", "target").contains(name)
                            && Files.notExists(home.resolve(name))) {
                        Files.createSymbolicLink(home.resolve(name), entry);
                    }
                }
            }
        } catch (Exception e) {
            shell.close();
            throw e;
        }
        return shell;
    }

    Path home() {
        return home;
    }

    /** Starts {@code command} (bash syntax, as in the README) and returns at once. */
    Command start(String command) throws IOException {
        return start(command, Map.of());
    }

    Command start(String command, Map<String, String> extraEnv) throws IOException {
        Path log = home.resolve("cmd-" + (commands.size() + 1) + ".log");
        Files.writeString(log, "$ " + command + "\n");
        // setsid: its own process group; perl: SIGINT back to default (a shell may have started us with it ignored)
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, "setsid", "perl", "-e",
                "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "bash", "-c", command)
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BURSTPIPE_") || k.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        Command c = new Command(command, builder.start(), log);
        commands.add(c);
        return c;
    }

    /** Runs {@code command} to its end within {@code within}; fails the test if it takes longer. */
    Command run(String command, Duration within) throws Exception {
        Command c = start(command);
        c.awaitExit(within);
        return c;
    }

    /** {@code curl} inside the namespace: the HTTP status of {@code url}, or 0 if nothing answered. */
    int httpStatus(String url) throws Exception {
        Result r = run(Duration.ofSeconds(20), "ip", "netns", "exec", namespace, "curl", "-s", "-o", "/dev/null",
                "--max-time", "5", "-w", "%{http_code}", url);
        return Integer.parseInt(r.output().trim().isEmpty() ? "0" : r.output().trim());
    }

    /** {@code curl} inside the namespace: the body of {@code url}. */
    String httpGet(String url) throws Exception {
        return run(Duration.ofSeconds(20), "ip", "netns", "exec", namespace, "curl", "-s", "--max-time", "5", url)
                .output();
    }

    /** Kills every process the session started (and any left in the namespace), then deletes the namespace. */
    @Override
    public void close() throws Exception {
        for (Command c : commands) {
            c.killGroup("KILL");
        }
        for (Command c : commands) {
            c.process.waitFor(10, TimeUnit.SECONDS);
        }
        Result pids = run(Duration.ofSeconds(20), "ip", "netns", "pids", namespace);
        for (String pid : pids.output().split("\\s+")) {
            if (pid.matches("\\d+")) {
                new ProcessBuilder("kill", "-KILL", pid).start().waitFor(5, TimeUnit.SECONDS);
            }
        }
        run(Duration.ofSeconds(20), "ip", "netns", "delete", namespace);
    }

    record Result(int exit, String output) {
    }

    static Result run(Duration within, String... command) throws Exception {
        Path out = Files.createTempFile("netns", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + within.toSeconds()
                        + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** One command of the session, its output (stdout and stderr together) kept in a file. */
    static final class Command {
        private final String text;
        private final Process process;
        private final Path log;

        Command(String text, Process process, Path log) {
            this.text = text;
            this.process = process;
            this.log = log;
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        /** Waits until the output matches {@code regex} (found anywhere), failing if the command ends first. */
        Command awaitOutput(String regex, Duration within) {
            Pattern pattern = Pattern.compile(regex);
            Awaitility.await("'" + text + "' prints /" + regex + "/").atMost(within).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (pattern.matcher(output()).find()) {
                            return true;
                        }
                        if (!process.isAlive()) {
                            throw new AssertionError("'" + text + "' ended (exit " + process.exitValue()
                                    + ") before printing /" + regex + "/:\n" + output());
                        }
                        return false;
                    });
            return this;
        }

        /** Ctrl-C in the terminal: SIGINT to the command's process group. */
        void ctrlC() throws Exception {
            killGroup("INT");
        }

        /** {@code kill %N}: SIGTERM to the command's process group. */
        void sigterm() throws Exception {
            killGroup("TERM");
        }

        private void killGroup(String signal) throws Exception {
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).start().waitFor(5, TimeUnit.SECONDS);
            }
        }

        /** Waits for the command to end; fails (killing it) if it does not within the bound. */
        int awaitExit(Duration within) throws Exception {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                killGroup("KILL");
                throw new AssertionError("'" + text + "' still running after " + within.toSeconds() + " s:\n"
                        + output());
            }
            return process.exitValue();
        }

        int exitValue() {
            return process.exitValue();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
