package io.burstpipe.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the topology of docker-compose.yml with plain {@code podman} commands, as the Docker engine would run it:
 * one network with each service's name as its alias, named volumes, images built from the repository root with
 * the file's build context and Dockerfile, the file's environment, command, healthcheck (run here on the file's
 * interval and retries, since podman has no systemd to run it), restart policy, stop grace period, memory limit,
 * published ports (on 127.0.0.1 whatever the file says, as tests reach only loopback; a free host port from the
 * file's range), and the {@code depends_on} conditions.
 * Everything it creates but the images (a build cache) is removed by {@link #close()}, also after a failure.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class PodmanStack implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("burstpipe.root", "..")).toAbsolutePath().normalize();
    private static final Path CONF = ROOT.resolve("scripts/containers/containers.conf");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long STARTED = System.nanoTime();

    /** A running (or stopped) container of one service replica. */
    record Container(String name, ComposeFile.Service service, int replica, Map<Integer, Integer> hostPorts) {
        int hostPort(int containerPort) {
            Integer port = hostPorts.get(containerPort);
            if (port == null) {
                throw new IllegalArgumentException(name + " publishes no container port " + containerPort);
            }
            return port;
        }
    }

    record Result(int exit, String output) {
    }

    private final ComposeFile file;
    private final String project;
    private final Set<String> profiles;
    private final Path logDir;
    private final String network;
    private final List<Container> containers = new ArrayList<>();
    private final Set<Integer> takenPorts = new HashSet<>();
    private final Set<String> healthy = new HashSet<>();
    private boolean networkCreated;
    private final List<String> volumesCreated = new ArrayList<>();

    PodmanStack(ComposeFile file, String project, Set<String> profiles, Path logDir) {
        this.file = file;
        this.project = project;
        this.profiles = profiles;
        this.logDir = logDir;
        this.network = project + "_default";
    }

    /** Prints one step of the test, with the wall-clock time and the seconds since the test JVM began. */
    static void step(String message) {
        System.out.printf("%s [%5.1fs] containers: %s%n", LocalTime.now().format(CLOCK),
                (System.nanoTime() - STARTED) / 1e9, message);
        System.out.flush();
    }

    /**
     * Makes sure podman and the base-image stand-ins are here ({@code scripts/containers/setup.sh}: installs what
     * is missing, builds stand-ins only when their definition changed). Where podman cannot be had (not root, no
     * podman), the test is skipped, or fails on CI.
     */
    static void prepare() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean ci = System.getenv("CI") != null;
        if (!root && !hasPodman()) {
            if (ci) {
                throw new AssertionError("the container test needs podman (or root to install it) on CI");
            }
            Assumptions.abort("no podman, and not root to install it: scripts/containers/setup.sh");
        }
        step("preparing podman and the base-image stand-ins (scripts/containers/setup.sh)");
        Process setup = new ProcessBuilder("bash", ROOT.resolve("scripts/containers/setup.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!setup.waitFor(20, TimeUnit.MINUTES)) {
            setup.destroyForcibly();
            throw new AssertionError("scripts/containers/setup.sh did not finish within 20 minutes");
        }
        if (setup.exitValue() != 0) {
            throw new AssertionError("scripts/containers/setup.sh failed with exit status " + setup.exitValue());
        }
        step("the base images are LOCAL STAND-INS (Debian OpenJDK 17, PostgreSQL 15, Kafka jars from Maven "
                + "Central), tagged with the names the files use; not the images a user pulls");
    }

    private static boolean hasPodman() {
        try {
            return podman(Duration.ofSeconds(30), "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The image a service runs: its {@code image:}, or for a {@code build:} service the one built here. */
    String image(ComposeFile.Service service) {
        return service.build() != null ? "localhost/burstpipe-" + service.name() + ":latest" : service.image();
    }

    /** Builds a service's image from its build context and Dockerfile, as {@code docker compose build} would. */
    void build(ComposeFile.Service service) throws IOException {
        if (service.build() == null) {
            return;
        }
        long start = System.nanoTime();
        Path context = ROOT.resolve(service.build().context()).normalize();
        Path dockerfile = context.resolve(service.build().dockerfile());
        Result r = podman(Duration.ofMinutes(15), "build", "--network", "host", "--pull=never", "-f",
                dockerfile.toString(), "-t", image(service), context.toString());
        Files.writeString(logDir.resolve("build-" + service.name() + ".log"), r.output());
        if (r.exit() != 0) {
            throw new AssertionError("building " + service.name() + " from " + ROOT.relativize(dockerfile)
                    + " failed (exit " + r.exit() + "):\n" + tail(r.output(), 40));
        }
        step(String.format("built %s from %s in %.1f s (%s)", image(service), ROOT.relativize(dockerfile),
                (System.nanoTime() - start) / 1e9, size(image(service), dockerfile)));
    }

    /** The image's size, and how much of it is ours (above the base image the Dockerfile's last FROM names). */
    private static String size(String image, Path dockerfile) throws IOException {
        List<String> froms = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1]).toList();
        long total = bytes(image);
        long base = froms.isEmpty() ? -1 : bytes(froms.get(froms.size() - 1));
        return (total >> 20) + " MiB" + (base > 0 ? ", " + ((total - base) >> 20) + " MiB above "
                + froms.get(froms.size() - 1) : "");
    }

    private static long bytes(String image) throws IOException {
        Result r = podman(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", image);
        return r.exit() == 0 ? Long.parseLong(r.output().trim()) : -1;
    }

    /**
     * Starts the selected profiles' services as compose does: those that depend on nothing at once, then each of
     * the others once what it depends on has reached the condition the file names ({@code service_healthy}: its
     * healthcheck passed; {@code service_started}: it runs).
     *
     * @param scale replicas per service (1 where not given), as {@code --scale}
     */
    List<Container> up(Map<String, Integer> scale) throws Exception {
        ensureNetwork();
        List<ComposeFile.Service> order = new ArrayList<>(file.startOrder(profiles));
        order.sort(java.util.Comparator.comparing(s -> !s.dependsOn().isEmpty())); // stable: roots first
        for (ComposeFile.Service service : order) {
            for (Map.Entry<String, String> dependency : service.dependsOn().entrySet()) {
                for (Container c : replicas(dependency.getKey())) {
                    if (dependency.getValue().equals("service_healthy")) {
                        if (!healthy.contains(c.name())) {
                            awaitHealthy(c);
                        }
                    } else if (!dependency.getValue().equals("service_started")) {
                        throw new IllegalArgumentException(service.name() + ": condition " + dependency.getValue()
                                + " is not run by the container test");
                    }
                }
            }
            for (int i = 1; i <= scale.getOrDefault(service.name(), 1); i++) {
                run(service, i);
            }
        }
        return List.copyOf(containers);
    }

    private void ensureNetwork() throws IOException {
        if (!networkCreated) {
            check(podman(Duration.ofSeconds(30), "network", "create", network), "network create");
            networkCreated = true;
            for (String volume : file.namedVolumes()) {
                check(podman(Duration.ofSeconds(30), "volume", "create", project + "_" + volume), "volume create");
                volumesCreated.add(project + "_" + volume);
            }
        }
    }

    List<Container> replicas(String service) {
        return containers.stream().filter(c -> c.service().name().equals(service)).toList();
    }

    private Container run(ComposeFile.Service service, int replica) throws IOException {
        String name = project + "-" + service.name() + "-" + replica;
        List<String> args = new ArrayList<>(List.of("run", "-d", "--pull=never", "--name", name, "--network", network,
                "--network-alias", service.name(), "--restart", service.restart(),
                "--stop-timeout", String.valueOf(service.stopGracePeriod().toSeconds())));
        service.environment().forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        if (service.memLimitBytes() > 0) {
            args.addAll(List.of("--memory", String.valueOf(service.memLimitBytes())));
        }
        Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
        for (ComposeFile.Port port : service.ports()) {
            int host = freeHostPort(port);
            hostPorts.put(port.container(), host);
            args.addAll(List.of("-p", "127.0.0.1:" + host + ":" + port.container()));
        }
        for (String volume : service.volumes()) {
            String[] parts = volume.split(":", 2);
            args.addAll(List.of("-v", (file.namedVolumes().contains(parts[0]) ? project + "_" : "") + volume));
        }
        ComposeFile.Healthcheck h = service.healthcheck();
        if (h != null) {
            // podman 4.3 splits a ["CMD", ...] array at every space, so the exec form goes without "CMD"
            args.addAll(List.of("--health-cmd", h.exec() != null ? json(h.exec()) : h.shell(),
                    "--health-interval", seconds(h.interval()), "--health-timeout", seconds(h.timeout()),
                    "--health-retries", String.valueOf(h.retries()),
                    "--health-start-period", seconds(h.startPeriod())));
        }
        args.add(image(service));
        args.addAll(service.command());
        check(podman(Duration.ofMinutes(2), args.toArray(String[]::new)), "run " + name);
        Container c = new Container(name, service, replica, hostPorts);
        containers.add(c);
        step("started " + name + (hostPorts.isEmpty() ? "" : " (published on 127.0.0.1: " + hostPorts.values() + ")")
                + (service.memLimitBytes() > 0 ? ", memory limit " + (service.memLimitBytes() >> 20) + " MiB" : ""));
        return c;
    }

    private int freeHostPort(ComposeFile.Port port) throws IOException {
        if (port.hostFrom() > 0) {
            for (int p = port.hostFrom(); p <= port.hostTo(); p++) {
                if (!takenPorts.contains(p) && bindable(p)) {
                    takenPorts.add(p);
                    return p;
                }
            }
            throw new AssertionError("no free host port in " + port.hostFrom() + "-" + port.hostTo()
                    + " on 127.0.0.1 for container port " + port.container());
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            takenPorts.add(socket.getLocalPort());
            return socket.getLocalPort();
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the container's healthcheck on the file's interval until it passes; fails once compose would have
     * called it unhealthy (start period + retries × interval), or if the container exited for good.
     */
    Duration awaitHealthy(Container c) throws Exception {
        ComposeFile.Healthcheck h = c.service().healthcheck();
        if (h == null) {
            throw new IllegalArgumentException(c.service().name() + " has no healthcheck to wait for");
        }
        long start = System.nanoTime();
        // a restart (on-failure while a dependency comes up) gets a fresh start period and retries
        long deadline = start + h.patience().toNanos() + Duration.ofSeconds(60).toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            // a check that hangs (a JVM tool starting on a busy machine) fails like one past its timeout in compose
            Result r = podmanWithin(h.timeout().plusSeconds(30), "healthcheck", "run", c.name());
            if (r.exit() == 0) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                step(String.format("%s healthy through its compose healthcheck (%d checks, %.1f s)", c.name(),
                        attempts, took.toMillis() / 1000.0));
                healthy.add(c.name());
                return took;
            }
            String state = inspect(c, "{{.State.Status}}");
            if (state.equals("exited") && !c.service().restart().startsWith("on-failure")
                    && !c.service().restart().equals("always")) {
                throw new AssertionError(c.name() + " exited (" + inspect(c, "{{.State.ExitCode}}") + ") before it "
                        + "was healthy:\n" + tail(logs(c), 40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(c.name() + " not healthy after " + attempts + " checks ("
                        + r.output().trim() + "); state " + state + ":\n" + tail(logs(c), 40));
            }
            TimeUnit.MILLISECONDS.sleep(h.interval().toMillis());
        }
    }

    String inspect(Container c, String format) throws IOException {
        Result r = podman(Duration.ofSeconds(30), "inspect", "--format", format, c.name());
        check(r, "inspect " + c.name());
        return r.output().trim();
    }

    int restartCount(Container c) throws IOException {
        return Integer.parseInt(inspect(c, "{{.RestartCount}}"));
    }

    boolean oomKilled(Container c) throws IOException {
        return Boolean.parseBoolean(inspect(c, "{{.State.OOMKilled}}"));
    }

    /** The container's peak memory use so far, from its cgroup (v1 or v2), in bytes; -1 if unreadable. */
    long peakMemoryBytes(Container c) throws IOException {
        String id = inspect(c, "{{.Id}}");
        for (String path : List.of("/sys/fs/cgroup/memory/libpod_parent/libpod-" + id + "/memory.max_usage_in_bytes",
                "/sys/fs/cgroup/libpod_parent/libpod-" + id + "/memory.peak")) {
            Path p = Path.of(path);
            if (Files.isReadable(p)) {
                return Long.parseLong(Files.readString(p).trim());
            }
        }
        return -1;
    }

    /** SIGKILL to the container's main process from the host, as a crash or the OOM killer would end it. */
    void killFromHost(Container c) throws Exception {
        long pid = Long.parseLong(inspect(c, "{{.State.Pid}}"));
        Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("could not SIGKILL " + c.name() + " (pid " + pid + ")");
        }
        step("SIGKILLed " + c.name() + " (host pid " + pid + ")");
    }

    /**
     * {@code podman stop} with the container's stop timeout (the file's stop_grace_period): SIGTERM, then SIGKILL
     * once the grace period is over. Returns the exit status.
     */
    int stop(Container c) throws IOException {
        long start = System.nanoTime();
        check(podman(c.service().stopGracePeriod().plusSeconds(30), "stop", c.name()), "stop " + c.name());
        int exit = Integer.parseInt(inspect(c, "{{.State.ExitCode}}"));
        step(String.format("stopped %s in %.1f s (grace period %d s): exit %d", c.name(),
                (System.nanoTime() - start) / 1e9, c.service().stopGracePeriod().toSeconds(), exit));
        return exit;
    }

    String logs(Container c) throws IOException {
        return podman(Duration.ofSeconds(30), "logs", c.name()).output();
    }

    Result exec(Container c, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("exec", c.name()));
        args.addAll(List.of(command));
        return podman(Duration.ofSeconds(60), args.toArray(String[]::new));
    }

    /** A one-off container of a service's image on the stack's network ({@code docker compose run --rm}). */
    Result runOnce(ComposeFile.Service service, Duration timeout, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--pull=never", "--network", network,
                image(service)));
        args.addAll(List.of(command));
        return podman(timeout, args.toArray(String[]::new));
    }

    /** Saves every container's log, then removes the containers, the network and the volumes it made. */
    @Override
    public void close() throws IOException {
        for (Container c : containers) {
            try {
                Files.writeString(logDir.resolve(c.name() + ".log"), logs(c));
            } catch (IOException | RuntimeException e) {
                step("could not save the log of " + c.name() + ": " + e);
            }
        }
        List<String> names = containers.stream().map(Container::name).toList();
        if (!names.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "--force", "--time", "0"));
            rm.addAll(names);
            podman(Duration.ofMinutes(2), rm.toArray(String[]::new));
        }
        if (networkCreated) {
            podman(Duration.ofSeconds(30), "network", "rm", "--force", network);
        }
        for (String volume : volumesCreated) {
            podman(Duration.ofSeconds(30), "volume", "rm", "--force", volume);
        }
        step("removed " + names.size() + " containers, network " + network + " and volumes " + volumesCreated
                + "; logs in " + logDir);
    }

    /** Runs one podman command with the project's containers.conf; kills it after {@code timeout}. */
    static Result podman(Duration timeout, String... args) throws IOException {
        Result r = podmanWithin(timeout, args);
        if (r.exit() == TIMED_OUT) {
            throw new AssertionError(r.output());
        }
        return r;
    }

    /** The exit status {@link #podmanWithin} gives a command that did not finish in time (and was killed). */
    static final int TIMED_OUT = -1;

    /** As {@link #podman}, but a command that does not finish in time is killed and gives {@link #TIMED_OUT}. */
    static Result podmanWithin(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("podman", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("CONTAINERS_CONF", CONF.toString());
            Process p = builder.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(TIMED_OUT, "podman " + String.join(" ", args) + " did not finish within "
                            + timeout.toSeconds() + " s:\n" + tail(Files.readString(out, StandardCharsets.UTF_8), 20));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: podman " + args[0], e);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8)
                    .replace("failed to connect to syslog: Initialization", ""); // conmon without syslog: harmless
            return new Result(p.exitValue(), output);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void check(Result r, String what) {
        if (r.exit() != 0) {
            throw new AssertionError("podman " + what + " failed (exit " + r.exit() + "):\n" + tail(r.output(), 30));
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String json(List<String> parts) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < parts.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(parts.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return out.append(']').toString();
    }
}
