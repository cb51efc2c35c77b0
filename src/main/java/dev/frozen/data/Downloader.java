package dev.frozen.data;

import dev.frozen.DataError;
import dev.frozen.IoErrors;
import dev.frozen.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a file whose MD5 is known, resumably: bytes go to {@code target + ".part"} (continued with an HTTP
 * Range request on the next try) and only a verified file is renamed atomically to {@code target}, so a file
 * under the final name is always complete. Every failure is a one-line {@link DataError}.
 */
public final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private Downloader() {}

    /**
     * Returns {@code target} once it holds the bytes with MD5 {@code expectedMd5}, downloading (or resuming)
     * from {@code url} if needed. {@code offlineHint} ends the message of a network failure; {@code hashes}
     * memoizes the target's MD5; the progress bar goes to {@code progressOut}.
     */
    public static Path fetch(URI url, String expectedMd5, Path target, String offlineHint, ContentHashes hashes, PrintStream progressOut) {
        if (Files.isRegularFile(target) && hashes.md5(target).equalsIgnoreCase(expectedMd5)) {
            return target;
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new DataError("expected a writable folder for " + target + ", found " + IoErrors.describe(e));
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        download(client, url, part, offlineHint, progressOut);
        String found = ContentHashes.hashFile(part, "MD5");
        if (!found.equalsIgnoreCase(expectedMd5)) {
            deleteQuietly(part);
            throw new DataError("expected MD5 " + expectedMd5 + " for the download of " + url + ", found " + found
                    + "; deleted the bad file " + part + ", run again to retry");
        }
        try {
            dev.frozen.AtomicFiles.fsync(part);
            dev.frozen.AtomicFiles.move(part, target, true);
        } catch (IOException e) {
            throw new DataError("expected to rename " + part + " to " + target + ", found " + IoErrors.describe(e));
        }
        hashes.remember("md5", List.of(target), found);
        return target;
    }

    /** Fills {@code part} with the whole resource, continuing from its current length when the server allows. */
    private static void download(HttpClient client, URI url, Path part, String hint, PrintStream progressOut) {
        // At most two requests: a resume attempt, and a full restart if the server could not honour the range.
        for (int attempt = 0; attempt < 2; attempt++) {
            long have = sizeOrZero(part);
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET();
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw networkError(url, reason(e), hint);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw networkError(url, "interrupted", hint);
            }
            int status = response.statusCode();
            long start;
            long total;
            if (status == 206 && have > 0 && rangeStart(response) == have) {
                start = have;
                total = rangeTotal(response);
            } else if (status == 200) {
                start = 0; // the server ignored the range (or there was none): start over
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if ((status == 206 || status == 416) && have > 0 && attempt == 0) {
                // The partial file does not fit what the server has (changed, or already too long): restart.
                closeQuietly(response.body());
                deleteQuietly(part);
                continue;
            } else {
                closeQuietly(response.body());
                throw networkError(url, "HTTP " + status, hint);
            }
            copy(response.body(), part, start, total, url, hint, progressOut);
            return;
        }
        throw networkError(url, "the server did not honour a fresh request", hint);
    }

    private static void copy(InputStream body, Path part, long start, long total, URI url, String hint, PrintStream progressOut) {
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        String path = url.getPath() == null ? "" : url.getPath();
        String label = "download " + path.substring(path.lastIndexOf('/') + 1);
        long written = start;
        try (InputStream in = body;
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             Progress progress = new Progress(label, total, "B", start, progressOut)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                written += n;
                progress.advance(n);
            }
        } catch (IOException e) {
            // The .part stays: the next run resumes from here.
            throw networkError(url, reason(e) + " after " + written + " bytes; run again to resume", hint);
        }
        if (total >= 0 && written != total) {
            throw networkError(url, "expected " + total + " bytes, received " + written + "; run again to resume", hint);
        }
    }

    private static long rangeStart(HttpResponse<?> response) {
        Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long rangeTotal(HttpResponse<?> response) {
        Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return m.find() && !m.group(3).equals("*") ? Long.parseLong(m.group(3)) : -1;
    }

    private static DataError networkError(URI url, String reason, String hint) {
        return new DataError("could not download " + url + " (" + reason + "); " + hint);
    }

    /** A short, single-line cause: the JDK's HttpClient often wraps the telling exception with a null message. */
    static String reason(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within " + RESPONSE_TIMEOUT.toSeconds() + " s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String msg = t.getMessage();
                return msg == null || msg.isBlank() ? "connection refused" : oneLineLower(msg);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return oneLineLower(t.getMessage());
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String oneLineLower(String msg) {
        String line = msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.isEmpty() ? line : Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover .part is retried or replaced on the next run.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing useful to do with a failed close of a response we are abandoning.
        }
    }
}
