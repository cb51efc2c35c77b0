package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.FrozenHome;
import dev.frozen.InvalidOption;
import dev.frozen.experiments.pipeline.Pipeline;
import dev.frozen.experiments.pipeline.PipelineHeads;
import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import dev.frozen.heads.HeadOption;
import dev.frozen.heads.HeadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The claim of issue 25 item 1: an option declared once in its kind's options file reaches every place that takes
 * it. For every declared option of every registered kind: a {@code fit} flag with the declaration's help and
 * default, a value given by that flag or by a pipeline key lands in the setting, and validation and the search grid
 * follow the declaration.
 */
class HeadOptionsDeclaredTest {
    @TempDir Path tmp;

    private CommandLine fit() {
        return new CommandLine(new Main(new FrozenHome(tmp), System::getenv)).getSubcommands().get("fit");
    }

    /** A valid value other than the default where one exists, as text: what a test can give and then read back. */
    private static String sample(HeadKind kind, HeadOption o) {
        // The declared default, as text: params() leaves out a value recorded only when it differs (precision fp32).
        Object d = o.defaultValue() instanceof dev.frozen.Choices.Named n ? n.id() : o.defaultValue();
        return switch (o.type()) {
            case REAL -> o.key().equals("gamma") ? "0.5" : o.rangeText().equals("in [0, 1)") ? "0.25" : "2";
            case WHOLE -> o.rangeText().startsWith("in 0..") ? "1" : "3";
            case CHOICE -> java.util.Arrays.stream(o.paramLabel().split("\\|")).filter(id -> !id.equals(d)).findFirst()
                    .orElseThrow();
            case SIZES -> "7,5";
            case FLAG -> "true";
        };
    }

    /** The other options a sample needs to be valid: gamma needs the rbf kernel, reinit and bf16 trainable blocks. */
    private static Map<String, String> companions(HeadOption o) {
        return switch (o.key()) {
            case "gamma" -> Map.of("kernel", "rbf");
            case "reinit", "precision" -> Map.of("trainable_blocks", "1");
            default -> Map.of();
        };
    }

    @Test
    void everyDeclaredOptionHasAFitFlagWithItsHelpAndDefault() {
        CommandLine fit = fit();
        for (HeadKind kind : HeadKinds.ALL) {
            for (HeadOption o : kind.options()) {
                OptionSpec flag = fit.getCommandSpec().findOption("--" + o.flagName());
                assertNotNull(flag, kind.id() + "." + o.key() + " has no flag");
                String help = String.join(" ", flag.description());
                assertTrue(help.contains(kind.id()), help);
                assertTrue(help.contains(o.help()), help);
                if (o.type() != HeadOption.Type.FLAG) {
                    assertTrue(help.contains(o.defaultText()), kind.id() + "." + o.key() + ": " + help);
                }
            }
        }
        String search = String.join(" ", fit.getCommandSpec().findOption("--search").description());
        for (HeadKind kind : HeadKinds.ALL) {
            kind.defaultSearchGrid().forEach((key, values) ->
                    assertTrue(search.contains(key + " in {" + String.join(",", values) + "}"), search));
        }
    }

    @Test
    void everyFlagSetsItsOption() {
        for (HeadKind kind : HeadKinds.ALL) {
            for (HeadOption o : kind.options()) {
                List<String> args = new ArrayList<>(List.of("fit", "--head", kind.id()));
                Map<String, String> text = new java.util.LinkedHashMap<>(companions(o));
                text.put(o.key(), sample(kind, o));
                text.forEach((key, value) -> {
                    args.add("--" + kind.option(key).flagName());
                    if (kind.option(key).type() != HeadOption.Type.FLAG) {
                        args.add(value);
                    }
                });
                CommandLine cli = new CommandLine(new Main(new FrozenHome(tmp), System::getenv));
                FitCommand command = (FitCommand) cli.parseArgs(args.toArray(String[]::new)).subcommand().commandSpec()
                        .userObject();
                HeadOptions setting = command.headSpec().options();
                assertEquals(kind.of(text), setting, args.toString());
                assertNotEquals(kind.defaults(), setting, args + " changed nothing");
            }
        }
    }

    @Test
    void everyOptionIsAPipelineKey() throws Exception {
        for (HeadKind kind : HeadKinds.ALL) {
            StringBuilder yaml = new StringBuilder("dataset:\n  kind: folder\n  data: /somewhere\nbackbone:\n  weights: random:1\nheads:\n  - head: " + kind.id() + "\n");
            Map<String, String> text = new java.util.LinkedHashMap<>();
            for (HeadOption o : kind.options()) {
                if (o.key().equals("gamma") || o.key().equals("solver")) {
                    continue; // they exclude each other (each belongs to one svm kernel); gamma has its own case below
                }
                text.put(o.key(), sample(kind, o));
            }
            if (kind.option("reinit") != null) {
                text.put("trainable_blocks", "1");
            }
            text.forEach((key, value) -> yaml.append("    ").append(key).append(": ")
                    .append(kind.option(key).type() == HeadOption.Type.SIZES ? "[" + value + "]" : value).append('\n'));
            Path file = tmp.resolve(kind.id() + ".yaml");
            Files.writeString(file, yaml.toString());
            Pipeline p = Pipeline.load(file);
            HeadOptions setting = PipelineHeads.spec(p, p.heads().get(0)).options();
            assertEquals(kind.of(text), setting, yaml.toString());
        }
        Path rbf = tmp.resolve("rbf.yaml");
        Files.writeString(rbf, "dataset:\n  kind: folder\n  data: /somewhere\nbackbone:\n  weights: random:1\nheads:\n  - head: svm\n    kernel: rbf\n    gamma: 0.5\n");
        Pipeline p = Pipeline.load(rbf);
        assertEquals(0.5, PipelineHeads.spec(p, p.heads().get(0)).options().params().get("gamma"));
    }

    @Test
    void everyOptionIsValidatedAndSearchedAsDeclared() {
        for (HeadKind kind : HeadKinds.ALL) {
            for (HeadOption o : kind.options()) {
                String bad = switch (o.type()) {
                    case REAL -> o.rangeText().isEmpty() ? "x" : "-1";
                    case WHOLE -> "-1";
                    case CHOICE -> "nonsense";
                    case SIZES -> "0";
                    case FLAG -> "maybe";
                };
                Map<String, String> text = new java.util.HashMap<>(companions(o));
                text.put(o.key(), bad);
                InvalidOption e = assertThrows(InvalidOption.class, () -> kind.of(text), kind.id() + "." + o.key());
                assertEquals(o.key(), e.key(), e.getMessage());
                if (!o.searchValues().isEmpty()) {
                    List<Object> searched = kind.grid(Map.of(), true, 1000).stream()
                            .map(s -> s.params().get(o.key())).distinct().toList();
                    assertEquals(o.searchValues().size(), searched.size(), kind.id() + "." + o.key() + " " + searched);
                }
            }
        }
    }
}
