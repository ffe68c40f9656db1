package io.burstpipe.cli;

import picocli.CommandLine.IVersionProvider;

/** The one version string every command prints for {@code --version} (and {@code burstpipe version}). */
public final class Version implements IVersionProvider {

    public static final String TEXT = "burstpipe 0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {TEXT};
    }
}
