package dev.frozen.cli;

import dev.frozen.Versions;
import picocli.CommandLine;

/** Supplies {@code --version}: frozen's version, Java's, and the libraries recorded in provenance. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
    }
}
