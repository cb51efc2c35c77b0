package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A complete feature entry folder: {@code train.arrow}, {@code test.arrow} (or, written by extract --spark, shards
 * {@code train-00000.arrow}, ... listed in the manifest with their first rows), {@code manifest.json} with its
 * {@code manifest.sha256}, and {@code runs/}. Instances are made only by {@link FeatureStore}, after the
 * manifest was checked.
 */
public final class FeatureEntry {
    private final Path dir;
    private final Manifest manifest;
    private final String manifestSha256;

    FeatureEntry(Path dir, Manifest manifest, String manifestSha256) {
        this.dir = dir;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** SHA-256 of the {@code manifest.json} bytes this entry was read from; saved heads record it. */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** Where fitted heads of this entry keep their run records and models. */
    public Path runsDir() {
        return dir.resolve("runs");
    }

    public Path arrowFile(Split split) {
        return dir.resolve(split.fileStem() + ".arrow");
    }

    /**
     * The data files of one split in row order: {@code train.arrow} alone for an entry written by one process, or
     * its shards ({@code train-00000.arrow}, ...) sorted by {@code first_row} for one written by several
     * (extract --spark). An entry without the split listed yields the one conventional name.
     */
    public List<Path> arrowFiles(Split split) {
        List<Map.Entry<String, Manifest.FileInfo>> files = new ArrayList<>();
        for (Map.Entry<String, Manifest.FileInfo> f : manifest.files().entrySet()) {
            if (FeatureStore.splitOf(f.getKey()).equals(split.fileStem())) {
                files.add(f);
            }
        }
        if (files.isEmpty()) {
            return List.of(arrowFile(split));
        }
        files.sort(Comparator.comparingInt((Map.Entry<String, Manifest.FileInfo> f) -> f.getValue().start())
                .thenComparing(Map.Entry::getKey));
        return files.stream().map(f -> dir.resolve(f.getKey())).toList();
    }

    /** Whether any split is stored as several shards (written by extract --spark). */
    public boolean sharded() {
        return manifest.files().keySet().stream().anyMatch(n -> !n.equals(FeatureStore.splitOf(n) + ".arrow"));
    }

    /**
     * Cross-checks the manifest with its data files without reading their rows (sizes, feature width, the
     * manifest copy in the schema metadata). Readers that use the manifest's settings (predict) call this.
     */
    public void checkFiles() {
        FeatureStore.checkAgainstFiles(dir, manifest);
    }

    /**
     * Everything {@code verify} checks, by file name in name order, with null for a sound file and otherwise the
     * problem in one line: the file's cross-check with the manifest (size, width, the manifest copy in its
     * schema), its SHA-256, and its actual row count and row digest.
     */
    public Map<String, String> verify() {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Manifest.FileInfo> f : new java.util.TreeMap<>(manifest.files()).entrySet()) {
            Path file = dir.resolve(f.getKey());
            String problem = null;
            try {
                FeatureStore.checkAgainstFile(dir, manifest, f.getKey());
                Integrity.check(file, manifest);
                ArrowFeatures.ContentDigest d = ArrowFeatures.digest(file, f.getValue().start());
                Integer rows = f.getValue().rows();
                String split = FeatureStore.splitOf(f.getKey());
                if (rows == null && f.getKey().equals(split + ".arrow")) {
                    rows = manifest.rows().get(split); // entries older than per-file row counts
                }
                if (rows != null && rows != d.rows()) {
                    problem = "manifest says " + rows + " rows, the file holds " + d.rows() + "; " + FeatureStore.REBUILD;
                } else if (f.getValue().contentSha256() != null && !f.getValue().contentSha256().equals(d.hex())) {
                    problem = "row digest differs from the manifest's; " + FeatureStore.REBUILD;
                } else if (f.getValue().rowHashSum() != null && !f.getValue().rowHashSum().equals(d.rowHashSum())) {
                    problem = "row_hash_sum differs from the manifest's; " + FeatureStore.REBUILD;
                }
            } catch (DataError e) {
                problem = e.getMessage();
            }
            result.put(f.getKey(), problem);
        }
        return result;
    }

    /**
     * Reads one split fully into memory (all its shards, in row order), after checking each file against the
     * manifest's checksum and row count.
     */
    public FeatureSet load(Split split) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path file : arrowFiles(split)) {
            // The footer check also catches a manifest whose hash was forged along with it (class names, shape).
            String name = file.getFileName().toString();
            Manifest.FileInfo info = manifest.files().get(name);
            if (info != null) {
                FeatureStore.checkAgainstFile(dir, manifest, name);
            }
            FeatureSet part = ArrowFeatures.read(file, manifest, true);
            if (info != null && info.rows() != null && info.rows() != part.size()) {
                throw new DataError("manifest of " + dir + " says " + info.rows() + " rows in " + name + ", it holds "
                        + part.size() + "; " + FeatureStore.REBUILD);
            }
            if (info != null && info.start() != rows.size()) {
                throw new DataError("manifest of " + dir + " says " + name + " starts at " + split.fileStem() + " row "
                        + info.start() + ", but the files before it hold " + rows.size() + " rows; " + FeatureStore.REBUILD);
            }
            rows.addAll(java.util.Arrays.asList(part.features()));
            for (int y : part.labels()) {
                labels.add(y);
            }
        }
        FeatureSet set = new FeatureSet(rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                manifest.classNames());
        String what = arrowFiles(split).size() == 1 ? arrowFile(split).getFileName().toString()
                : "its " + split.fileStem() + " shards";
        Integer expected = manifest.rows().get(split.fileStem());
        if (expected != null && expected != set.size()) {
            throw new DataError("manifest of " + dir + " says " + expected + " " + split.fileStem() + " rows, "
                    + what + " hold(s) " + set.size() + "; " + FeatureStore.REBUILD);
        }
        if (set.dim() != 0 && set.dim() != manifest.featureDim()) {
            throw new DataError("manifest of " + dir + " says " + manifest.featureDim() + " features per row, "
                    + what + " hold(s) " + set.dim() + "; " + FeatureStore.REBUILD);
        }
        return set;
    }
}
