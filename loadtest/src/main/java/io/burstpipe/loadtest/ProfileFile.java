package io.burstpipe.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A load shape in a file, for repeatable runs: YAML or JSON (JSON is YAML), one key per loadtest flag
 * without the dashes ({@code rate: 2000}, {@code burst-on: 1s}), {@code stages} as a list, and
 * {@code thresholds} and {@code faults} as lists. It becomes flags placed before the command line's own, so the
 * command line overrides the file and both go through the same checks.
 *
 * <pre>
 * profile: stages
 * stages:
 *   - 10s:0..2000      # or {duration: 10s, from: 0, to: 2000}
 *   - {duration: 30s, rate: 2000}
 * seed: 7
 * warmup: 5s
 * thresholds: ["p99&lt;250ms", "loss==0"]
 * faults:
 *   - {at: 10s, do: "store?latency=200ms"}
 *   - "20s:store?latency=5ms"
 * </pre>
 */
public final class ProfileFile {

    /** Keys that map one-to-one to a flag. */
    static final Set<String> KEYS = Set.of("profile", "rate", "peak-rate", "burst-on", "burst-off", "ramp-duration",
            "spike-at", "spike-duration", "arrivals", "seed", "duration", "warmup", "messages", "batch-size", "linger",
            "max-inflight", "request-timeout", "drain-timeout");

    private ProfileFile() {
    }

    /** The file as flags; errors name the file and the key, and list what is allowed. */
    public static List<String> toArgs(Path file) {
        Map<?, ?> map = read(file);
        List<String> args = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey()).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            Object value = entry.getValue();
            if (value == null) {
                throw new IllegalArgumentException("profile file " + file + ": key '" + key + "' has no value");
            }
            switch (key) {
                case "stages" -> args.addAll(List.of("--stages", stages(file, value)));
                case "thresholds", "threshold" -> {
                    for (Object th : value instanceof List<?> list ? list : List.of(value)) {
                        args.addAll(List.of("--threshold", String.valueOf(th)));
                    }
                }
                case "faults", "fault" -> {
                    for (Object f : value instanceof List<?> list ? list : List.of(value)) {
                        args.addAll(List.of("--fault", fault(file, f)));
                    }
                }
                default -> args.addAll(List.of("--" + key, single(file, entry.getKey(), key, value)));
            }
        }
        return args;
    }

    /** The file's top-level mapping. */
    private static Map<?, ?> read(Path file) {
        Object root;
        try {
            String text = Files.readString(file);
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile file " + file + ": " + e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("profile file " + file + " is not valid YAML or JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("profile file " + file + " must hold a mapping of keys to values "
                    + "(e.g. 'rate: 1000'); allowed keys: " + allowed());
        }
        return map;
    }

    /** A plain key's one value, as its flag takes it. */
    private static String single(Path file, Object given, String key, Object value) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("profile file " + file + ": unknown key '" + given + "'; allowed: "
                    + allowed());
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("profile file " + file + ": key '" + key + "' takes one value (was "
                    + value + ")");
        }
        return String.valueOf(value);
    }

    private static String stages(Path file, Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("profile file " + file + ": 'stages' must be a list of DURATION:RATE, "
                    + "DURATION:FROM..TO, or {duration, rate} / {duration, from, to} entries");
        }
        List<String> parts = new ArrayList<>();
        for (Object stage : list) {
            if (stage instanceof Map<?, ?> m) {
                Object duration = m.get("duration");
                Object rate = m.get("rate");
                Object from = m.get("from");
                Object to = m.get("to");
                if (duration == null || (rate == null) == (from == null || to == null)) {
                    throw new IllegalArgumentException("profile file " + file + ": stage " + m + " needs duration "
                            + "and either rate or from and to");
                }
                parts.add(duration + ":" + (rate != null ? rate : from + ".." + to));
            } else {
                parts.add(String.valueOf(stage));
            }
        }
        return String.join(",", parts);
    }

    /** {@code "10s:pause"}, or {@code {at: 10s, do: "store?latency=200ms"}}. */
    private static String fault(Path file, Object entry) {
        if (entry instanceof Map<?, ?> m) {
            if (m.get("at") == null || m.get("do") == null || m.size() != 2) {
                throw new IllegalArgumentException("profile file " + file + ": fault " + m + " needs 'at' (a time "
                        + "from the start) and 'do' (the action), and nothing else");
            }
            return m.get("at") + ":" + m.get("do");
        }
        return String.valueOf(entry);
    }

    private static String allowed() {
        Set<String> all = new TreeSet<>(KEYS);
        all.add("stages");
        all.add("thresholds");
        all.add("faults");
        return String.join(", ", all);
    }
}
