package io.burstpipe.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as defaults for flags: {@code --queue-capacity} reads
 * {@code BURSTPIPE_QUEUE_CAPACITY}. Precedence: built-in default &lt; environment &lt; flag.
 */
public final class EnvDefaultProvider implements IDefaultValueProvider {

    public static final String PREFIX = "BURSTPIPE_";

    private final Map<String, String> env;

    public EnvDefaultProvider(Map<String, String> env) {
        this.env = env;
    }

    /** The variable that sets a flag: {@code --store-dir} → {@code BURSTPIPE_STORE_DIR}. */
    public static String variableFor(String longFlag) {
        return PREFIX + longFlag.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")
                && !option.usageHelp() && !option.versionHelp()) {
            return env.get(variableFor(option.longestName()));
        }
        return null;
    }
}
