package io.burstpipe.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml read the way the Compose specification reads it, for the keys our file uses: image or
 * build, command, environment with {@code ${VAR:-default}} interpolation, ports (ranges too), healthcheck,
 * restart, stop_grace_period, depends_on conditions, profiles, mem_limit and named volumes. A key it does not
 * know fails the read, so the container test breaks when the file grows a feature the test does not run.
 */
final class ComposeFile {

    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "command", "environment", "ports",
            "healthcheck", "restart", "stop_grace_period", "depends_on", "profiles", "mem_limit", "volumes");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern PORT = Pattern.compile("(?:((?:\\d+\\.){3}\\d+):)?(?:(\\d+)(?:-(\\d+))?:)?(\\d+)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)");
    private static final Pattern BYTES = Pattern.compile("(\\d+)([bkmg]?)");

    record Build(String context, String dockerfile) {
    }

    /**
     * A published port: host ports {@code hostFrom..hostTo} (0 when none is given) on {@code hostIp} (null: every
     * interface) to {@code container}.
     */
    record Port(String hostIp, int hostFrom, int hostTo, int container) {
    }

    /** {@code exec} is the CMD form without its leading "CMD"; {@code shell} the CMD-SHELL string; one is null. */
    record Healthcheck(List<String> exec, String shell, Duration interval, Duration timeout, int retries,
                       Duration startPeriod) {
        /** How long compose waits at most before it calls the service unhealthy. */
        Duration patience() {
            return startPeriod.plus(interval.plus(timeout).multipliedBy(retries + 1L));
        }
    }

    record Service(String name, String image, Build build, List<String> command, Map<String, String> environment,
                   List<Port> ports, Healthcheck healthcheck, String restart, Duration stopGracePeriod,
                   Map<String, String> dependsOn, List<String> profiles, long memLimitBytes, List<String> volumes) {
        boolean activeWith(Set<String> activeProfiles) {
            return profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains);
        }
    }

    private final Map<String, Service> services;
    private final List<String> volumes;

    private ComposeFile(Map<String, Service> services, List<String> volumes) {
        this.services = services;
        this.volumes = volumes;
    }

    /** Reads the file, interpolating {@code ${VAR}} and {@code ${VAR:-default}} from {@code env}. */
    static ComposeFile read(Path file, Map<String, String> env) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml().load(reader);
        }
        Map<String, Service> services = new LinkedHashMap<>();
        map(root.get("services"), "services").forEach((name, body) ->
                services.put(name, service(name, map(body, "service " + name), env)));
        List<String> volumes = root.get("volumes") == null ? List.of()
                : new ArrayList<>(map(root.get("volumes"), "volumes").keySet());
        for (Service s : services.values()) {
            for (String dependency : s.dependsOn().keySet()) {
                if (!services.containsKey(dependency)) {
                    throw new IllegalArgumentException(s.name() + " depends on unknown service " + dependency);
                }
            }
        }
        return new ComposeFile(services, volumes);
    }

    Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no service " + name + " in the compose file; it has " + services.keySet());
        }
        return s;
    }

    List<String> namedVolumes() {
        return volumes;
    }

    /** The services a profile selection runs, each after what it depends on (compose's start order). */
    List<Service> startOrder(Set<String> profiles) {
        List<Service> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Deque<String> visiting = new ArrayDeque<>();
        for (Service s : services.values()) {
            if (s.activeWith(profiles)) {
                visit(s, profiles, done, visiting, order);
            }
        }
        return order;
    }

    private void visit(Service s, Set<String> profiles, Set<String> done, Deque<String> visiting, List<Service> order) {
        if (done.contains(s.name())) {
            return;
        }
        if (visiting.contains(s.name())) {
            throw new IllegalArgumentException("depends_on cycle through " + visiting);
        }
        visiting.push(s.name());
        for (String dependency : s.dependsOn().keySet()) {
            Service d = service(dependency);
            if (!d.activeWith(profiles)) {
                throw new IllegalArgumentException(s.name() + " depends on " + dependency
                        + ", which the selected profiles " + profiles + " do not run");
            }
            visit(d, profiles, done, visiting, order);
        }
        visiting.pop();
        done.add(s.name());
        order.add(s);
    }

    private static Service service(String name, Map<String, Object> body, Map<String, String> env) {
        for (String key : body.keySet()) {
            if (!SERVICE_KEYS.contains(key)) {
                throw new IllegalArgumentException("service " + name + ": the container test does not run key '"
                        + key + "'; teach ComposeFile and PodmanStack what it means");
            }
        }
        Build build = null;
        if (body.get("build") != null) {
            Map<String, Object> b = map(body.get("build"), name + ".build");
            build = new Build(String.valueOf(b.getOrDefault("context", ".")),
                    String.valueOf(b.getOrDefault("dockerfile", "Dockerfile")));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (body.get("environment") != null) {
            map(body.get("environment"), name + ".environment").forEach((k, v) ->
                    environment.put(k, interpolate(String.valueOf(v), env)));
        }
        List<Port> ports = new ArrayList<>();
        for (String p : strings(body.get("ports"))) {
            Matcher m = PORT.matcher(interpolate(p, env));
            if (!m.matches()) {
                throw new IllegalArgumentException(name + ": port '" + p + "' is not [IP:]HOST[-HOST]:CONTAINER");
            }
            int from = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            ports.add(new Port(m.group(1), from, to, Integer.parseInt(m.group(4))));
        }
        Map<String, String> dependsOn = new LinkedHashMap<>();
        Object deps = body.get("depends_on");
        if (deps instanceof List<?> list) {
            list.forEach(d -> dependsOn.put(String.valueOf(d), "service_started"));
        } else if (deps != null) {
            map(deps, name + ".depends_on").forEach((d, c) -> dependsOn.put(d,
                    String.valueOf(map(c, name + ".depends_on." + d).getOrDefault("condition", "service_started"))));
        }
        Object image = body.get("image");
        return new Service(name, image == null ? null : interpolate(String.valueOf(image), env), build,
                command(body.get("command")).stream().map(c -> interpolate(c, env)).toList(), environment, ports,
                healthcheck(name, body.get("healthcheck"), env),
                String.valueOf(body.getOrDefault("restart", "no")),
                body.get("stop_grace_period") == null ? Duration.ofSeconds(10)
                        : duration(String.valueOf(body.get("stop_grace_period"))),
                dependsOn, strings(body.get("profiles")),
                body.get("mem_limit") == null ? 0 : bytes(String.valueOf(body.get("mem_limit"))),
                strings(body.get("volumes")));
    }

    private static Healthcheck healthcheck(String service, Object value, Map<String, String> env) {
        if (value == null) {
            return null;
        }
        Map<String, Object> h = map(value, service + ".healthcheck");
        List<String> test = strings(h.get("test")).stream().map(t -> interpolate(t, env)).toList();
        List<String> exec = null;
        String shell = null;
        if (test.isEmpty()) {
            throw new IllegalArgumentException(service + ": healthcheck without test");
        } else if (test.get(0).equals("CMD")) {
            exec = test.subList(1, test.size());
        } else if (test.get(0).equals("CMD-SHELL") && test.size() == 2) {
            shell = test.get(1);
        } else {
            throw new IllegalArgumentException(service + ": healthcheck test must be [CMD, ...] or [CMD-SHELL, cmd]");
        }
        return new Healthcheck(exec, shell, duration(h, "interval", "30s"), duration(h, "timeout", "30s"),
                Integer.parseInt(String.valueOf(h.getOrDefault("retries", 3))), duration(h, "start_period", "0s"));
    }

    private static Duration duration(Map<String, Object> h, String key, String fallback) {
        return duration(String.valueOf(h.getOrDefault(key, fallback)));
    }

    /** Compose durations: {@code 1m30s}, {@code 40s}, {@code 500ms}. */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(Math.round(amount * nanosPerUnit));
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a compose duration (e.g. 5s, 1m30s)");
        }
        return total;
    }

    /** Compose byte sizes: {@code 768m}, {@code 1g}, {@code 1048576}. */
    static long bytes(String text) {
        Matcher m = BYTES.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size (e.g. 512m, 1g)");
        }
        long unit = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    static String interpolate(String value, Map<String, String> env) {
        if (value.replaceAll("\\$\\{[^}]*}", "").contains("$")) {
            throw new IllegalArgumentException("'" + value + "': only ${VAR} and ${VAR:-default} are interpolated here");
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = env.get(m.group(1));
            String replacement = set != null && !set.isEmpty() ? set : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    /** A command list, or a string split at spaces as compose splits it (no quoting in our file). */
    private static List<String> command(Object value) {
        return value instanceof String s ? List.of(s.trim().split("\\s+")) : strings(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
