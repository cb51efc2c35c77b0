package dev.frozen.bench;

import dev.frozen.DataError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How benchmarks run frozen's own verbs, either in a fresh JVM as users run them or in this process. The command
 * line package supplies its main class and entry point, so that {@code bench} never imports {@code cli}.
 */
public record FrozenCli(String mainClass, InProcess inProcess) {
    /** Runs one verb in this process with the given streams and returns its exit code. */
    @FunctionalInterface
    public interface InProcess {
        int execute(String[] args, PrintWriter out, PrintWriter err);
    }

    /** Wall-clock seconds of a whole process and the peak RSS it reported (NaN when it printed none). */
    record Run(double seconds, double peakRssGb) {}

    /** A plain {@code extract} with random weights in a fresh JVM (as users run it), timed; {@code extra} options appended. */
    Run extract(Path data, int size, String engine, Path features, int cores, List<String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "extract"));
        cmd.addAll(Peers.options("data", data, "weights", "random:1", "input_size", size, "engine", engine,
                "features_dir", features));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(cores));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new DataError("benchmark extract (" + engine + ", " + size + "px" + (extra.isEmpty() ? "" : ", "
                    + String.join(" ", extra)) + ") failed with exit " + code + ": "
                    + output.lines().filter(l -> l.startsWith("error")).findFirst().orElse(output.strip()));
        }
        Matcher m = Pattern.compile("peak RSS ([0-9.]+) GB").matcher(output);
        return new Run(seconds, m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
    }

    /** Runs a frozen verb in this process; its output, or a DataError naming the verb's own message. */
    /** {@link #run(String...)} of {@code verb} with {@code options}. */
    String run(String verb, List<String> options) {
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(options);
        return run(args.toArray(String[]::new));
    }

    String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = inProcess.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new DataError("bench: 'frozen " + args[0] + "' failed with exit " + code + ": " + err.toString().strip());
        }
        return out.toString();
    }
}
