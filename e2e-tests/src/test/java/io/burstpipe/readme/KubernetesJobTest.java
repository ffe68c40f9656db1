package io.burstpipe.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.loadtest.LoadTestCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The README's Kubernetes Job for load-test segments: an Indexed Job of as many pods as segments, and a container
 * command that, run by {@code sh} as the pod runs it, turns each completion index into its own segment and output
 * folder with flags that {@code loadtest} accepts.
 */
class KubernetesJobTest {

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            n = n instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) n).get(key);
        }
        return (T) n;
    }

    @Test
    void eachIndexRunsItsOwnSegmentWithFlagsLoadtestAccepts() throws Exception {
        ReadmeFile readme = ReadmeFile.read(Path.of(System.getProperty("burstpipe.root", ".."), "README.md"));
        Object job = new Yaml().load(readme.block("yaml", 1));
        assertThat((String) at(job, "kind")).isEqualTo("Job");
        assertThat((String) at(job, "spec", "completionMode")).isEqualTo("Indexed");
        int completions = at(job, "spec", "completions");
        assertThat((Integer) at(job, "spec", "parallelism")).isEqualTo(completions);
        Object container = at(job, "spec", "template", "spec", "containers", "0");
        assertThat((List<String>) at(container, "command")).containsExactly("sh", "-c");
        String script = at(container, "args", "0");
        String startAt = at(container, "env", "0", "value");
        assertThat((String) at(container, "env", "0", "name")).isEqualTo("START_AT");
        assertThat(script).startsWith("exec java -jar /app/burstpipe.jar loadtest ");
        for (int index = 0; index < completions; index++) {
            // what the pod's shell would run, printed one argument a line instead
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", script.replace(
                    "exec java -jar /app/burstpipe.jar", "exec printf '%s\\n'"));
            builder.environment().put("JOB_COMPLETION_INDEX", String.valueOf(index));
            builder.environment().put("START_AT", startAt);
            Process p = builder.redirectErrorStream(true).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<String> args = new String(p.getInputStream().readAllBytes()).lines().toList();
            assertThat(args.get(0)).isEqualTo("loadtest");
            List<String> flags = args.subList(1, args.size());
            assertThat(String.join(" ", flags)).contains("--segment " + (index + 1) + "/" + completions)
                    .contains("--start-at " + startAt).contains("--out /results/seg-" + (index + 1));
            // the flags parse (values are checked when a run starts)
            new CommandLine(new LoadTestCommand()).parseArgs(flags.toArray(String[]::new));
        }
        String mount = at(container, "volumeMounts", "0", "mountPath");
        assertThat(mount).isEqualTo("/results");
    }
}
