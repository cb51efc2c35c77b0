package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.FrozenHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's --help renders cleanly: picocli warns on stderr when a description has a stray '%'. */
class UsageHelpTest {
    @TempDir
    Path tmp;

    private static void collect(CommandLine cli, List<CommandLine> out) {
        out.add(cli);
        cli.getSubcommands().values().forEach(sub -> collect(sub, out));
    }

    @Test
    void everyCommandsUsageRendersWithoutPicocliWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Main(new FrozenHome(tmp), System::getenv)), all);
        assertTrue(all.size() > 10, "found only " + all.size() + " commands");
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (CommandLine cli : all) {
                String usage = cli.getUsageMessage();
                assertFalse(usage.isBlank(), cli.getCommandName());
                // A '%' left unescaped shows up as a literal "%n" or a conversion error.
                assertFalse(usage.contains("%n"), cli.getCommandName() + ":\n" + usage);
            }
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains("WARN"), err);
    }

    @Test
    void compareHelpSaysNinetyFivePercent() {
        CliRun r = CliRun.of("compare", "--help");
        assertTrue(r.out().contains("95% Wilson interval"), r.out());
        assertFalse(r.out().contains("%%") || r.err().contains("WARN"), r.toString());
    }
}
