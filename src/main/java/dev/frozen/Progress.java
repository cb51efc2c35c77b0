package dev.frozen;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A single-line progress bar on stderr with rate and ETA. On a terminal it redraws in place; otherwise
 * (logs, CI, tests) it prints a plain line at most every few seconds, so logs stay readable.
 */
public final class Progress implements AutoCloseable {
    private static final int WIDTH = 28;
    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final long initial;
    private long done;
    private long lastDrawNanos = System.nanoTime();
    private boolean finished;

    /** {@code initial} units are already done (a resumed job); they do not count towards the rate. */
    public Progress(String label, long total, String unit, long initial, PrintStream out) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.total = Math.max(total, 0);
        this.initial = initial;
        this.done = initial;
        this.interactive = System.console() != null && Setting.underlying(out) == System.err; // a log the CLI renders is stderr too
    }

    public static Progress stderr(String label, long total, String unit) {
        return new Progress(label, total, unit, 0, System.err);
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        long interval = interactive ? 200_000_000L : 5_000_000_000L;
        if (now - lastDrawNanos >= interval && done < total) {
            lastDrawNanos = now;
            draw(false);
        }
    }

    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            draw(true);
        }
    }

    private void draw(boolean last) {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
        double rate = (done - initial) / seconds;
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%3d%% %s/%s %s", 100 * done / total, human(done), human(total), unit));
        } else {
            line.append(human(done)).append(' ').append(unit);
        }
        if (done > initial) {
            line.append(" | ").append(rate(rate, unit));
        }
        if (last) {
            line.append(String.format(Locale.ROOT, " | %s", clock(seconds)));
        } else if (total > 0 && rate > 0) {
            line.append(" | ETA ").append(clock((total - done) / rate));
        }
        if (interactive) {
            out.print("\r" + line + "   " + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * A rate as read at a glance: units per second from one a second up, seconds per unit below that (ten SVM
     * classes in 255 s is "25.5 s each", where units per second would round to "0.0 classes/s").
     */
    static String rate(double perSecond, String unit) {
        if (perSecond >= 1) {
            return human(Math.round(perSecond * 10) / 10.0) + " " + unit + "/s";
        }
        return String.format(Locale.ROOT, "%.1f s each", 1 / perSecond);
    }

    private static String human(double v) {
        if (v >= 10_000_000) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        if (v >= 100_000) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%d", (long) v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
