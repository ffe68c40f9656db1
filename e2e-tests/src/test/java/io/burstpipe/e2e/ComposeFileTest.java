package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeFileTest {

    @TempDir
    Path dir;

    private ComposeFile read(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, yaml);
        return ComposeFile.read(file, env);
    }

    @Test
    void readsTheProjectsComposeFile() throws Exception {
        ComposeFile compose = ComposeFile.read(PodmanStack.ROOT.resolve("docker-compose.yml"), Map.of());
        ComposeFile.Service consumer = compose.service("consumer");
        assertThat(consumer.build()).isEqualTo(new ComposeFile.Build(".", "Dockerfile"));
        assertThat(consumer.ports()).containsExactly(new ComposeFile.Port("127.0.0.1", 8080, 8089, 8080));
        assertThat(consumer.environment()).containsEntry("BURSTPIPE_TRANSPORT", "auto");
        assertThat(consumer.dependsOn()).containsEntry("postgres", "service_healthy");
        assertThat(consumer.healthcheck().exec()).startsWith("java").doesNotContain("CMD");
        assertThat(consumer.stopGracePeriod()).isEqualTo(Duration.ofSeconds(40));
        assertThat(consumer.memLimitBytes()).isPositive();
        assertThat(compose.service("kafka").profiles()).containsExactly("kafka");
        assertThat(compose.startOrder(Set.of())).extracting(ComposeFile.Service::name)
                .containsExactly("postgres", "consumer", "producer");
    }

    @Test
    void interpolatesVariablesWithTheirDefaults() {
        assertThat(ComposeFile.interpolate("${T:-auto}", Map.of())).isEqualTo("auto");
        assertThat(ComposeFile.interpolate("${T:-auto}", Map.of("T", "kafka"))).isEqualTo("kafka");
        assertThat(ComposeFile.interpolate("${T:-auto}", Map.of("T", ""))).isEqualTo("auto");
        assertThat(ComposeFile.interpolate("x-${T}-y", Map.of())).isEqualTo("x--y");
        assertThatThrownBy(() -> ComposeFile.interpolate("$T", Map.of()))
                .hasMessage("'$T': only ${VAR} and ${VAR:-default} are interpolated here");
    }

    @Test
    void readsComposeDurationsAndSizes() {
        assertThat(ComposeFile.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ComposeFile.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> ComposeFile.duration("5 s")).hasMessageContaining("is not a compose duration");
        assertThat(ComposeFile.bytes("768m")).isEqualTo(768L << 20);
        assertThat(ComposeFile.bytes("1g")).isEqualTo(1L << 30);
    }

    @Test
    void aKeyTheContainerTestDoesNotRunFailsTheRead() {
        assertThatThrownBy(() -> read("services:\n  a:\n    image: x\n    network_mode: host\n", Map.of()))
                .hasMessage("service a: the container test does not run key 'network_mode'; teach ComposeFile and "
                        + "PodmanStack what it means");
    }

    @Test
    void startsDependenciesFirstAndRefusesADependencyOutsideTheProfiles() throws Exception {
        ComposeFile compose = read("""
                services:
                  web:
                    image: w
                    depends_on: {db: {condition: service_healthy}}
                  db:
                    image: d
                  extra:
                    image: e
                    profiles: [more]
                  needy:
                    image: n
                    profiles: [odd]
                    depends_on: [extra]
                """, Map.of());
        assertThat(compose.startOrder(Set.of())).extracting(ComposeFile.Service::name).containsExactly("db", "web");
        assertThat(compose.startOrder(Set.of("more"))).extracting(ComposeFile.Service::name)
                .containsExactly("db", "web", "extra");
        assertThatThrownBy(() -> compose.startOrder(Set.of("odd")))
                .hasMessage("needy depends on extra, which the selected profiles [odd] do not run");
    }
}
