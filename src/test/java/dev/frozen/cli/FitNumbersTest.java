package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 item 8 on the command line: numbers are exact and within what the solvers handle, refused up front. */
class FitNumbersTest {
    @TempDir Path tmp;

    private String usage(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "fit";
        args[1] = "--features-dir";
        args[2] = tmp.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().lines().count() == 1, r.toString());
        return r.err();
    }

    @Test
    void cvNeedsTwoFolds() {
        assertTrue(usage("--head", "svm", "--cv", "0").contains("--cv: expected at least 2 folds, found 0"));
        assertTrue(usage("--head", "svm", "--cv", "1").contains("--cv: expected at least 2 folds, found 1"));
    }

    @Test
    void numbersAreFiniteExactAndInTheSolversRange() {
        assertTrue(usage("--head", "logreg", "--lambda", "1e308").contains("--lambda must be at most 1e100"));
        assertTrue(usage("--head", "logreg", "--lambda", "NaN").contains("--lambda: expected a finite number, found 'NaN'"));
        assertTrue(usage("--head", "svm", "--C", "Infinity").contains("--C: expected a finite number"));
        assertTrue(usage("--head", "svm", "--C", "0x1p3").contains("--C: expected a number, found '0x1p3'"));
        assertTrue(usage("--head", "svm", "--max-iter", "1.9").contains("--max-iter: expected a whole number, found '1.9'"));
        assertTrue(usage("--head", "dense", "--epochs", "4294967297").contains("--epochs: expected a whole number of at most"));
        assertTrue(usage("--head", "dense", "--hidden", "8,2.5").contains("--hidden"));
    }

    @Test
    void duplicateGridValuesAreOneSetting() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main(new dev.frozen.FrozenHome(tmp), System::getenv));
        picocli.CommandLine.ParseResult parsed = cli.parseArgs("fit", "--head", "svm", "--C", "1,1.0,0.1,1e0");
        FitCommand fit = (FitCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(2, fit.headSpec().grid().size());
    }
}
