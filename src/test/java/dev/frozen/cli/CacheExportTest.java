package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.Json;
import dev.frozen.Versions;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import dev.frozen.features.PartialEntry;
import dev.frozen.features.Shards;
import dev.frozen.features.TestManifests;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frozen cache export --format parquet}, read back by a real Parquet client (DuckDB's JDBC driver): the same
 * rows, labels, label names and feature values as the Arrow entry, in both layouts, for plain and sharded entries.
 */
class CacheExportTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "ship");
    @TempDir Path tmp;

    private static FeatureSet random(int rows, int dim, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[rows][dim];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(CLASSES.size());
            for (int j = 0; j < dim; j++) {
                x[i][j] = r.nextFloat() * 10 - 2;
            }
        }
        return new FeatureSet(x, y, CLASSES);
    }

    private FeatureEntry plainEntry(Path features, String name, int dim) {
        return FeatureStore.write(features, TestManifests.of(name, dim, 10, 5, CLASSES), random(10, dim, 1),
                random(5, dim, 2));
    }

    /** An entry as extract --spark leaves it: train in two shards (rows 0-5 and 6-9), test in one. */
    private FeatureEntry shardedEntry(Path features, String name, int dim) throws Exception {
        Manifest manifest = TestManifests.of(name, dim, 10, 5, CLASSES);
        String json = Json.MAPPER.writeValueAsString(manifest);
        FeatureSet train = random(10, dim, 3);
        FeatureSet test = random(5, dim, 4);
        Map<String, Manifest.FileInfo> shards = new HashMap<>();
        try (PartialEntry partial = PartialEntry.open(features, name, false)) {
            int[][] ranges = {{0, 6}, {6, 10}};
            for (int s = 0; s < ranges.length; s++) {
                shards.put(Shards.name(Split.TRAIN, s), shard(partial.dir(), Shards.name(Split.TRAIN, s), train,
                        ranges[s][0], ranges[s][1], json));
            }
            shards.put(Shards.name(Split.TEST, 0), shard(partial.dir(), Shards.name(Split.TEST, 0), test, 0, 5, json));
            FeatureEntry entry = partial.completeSharded(manifest, shards);
            assertTrue(entry.sharded());
            return entry;
        }
    }

    private static Manifest.FileInfo shard(Path dir, String name, FeatureSet set, int from, int to, String json) {
        int dim = set.dim();
        float[] flat = new float[(to - from) * dim];
        for (int i = from; i < to; i++) {
            System.arraycopy(set.features()[i], 0, flat, (i - from) * dim, dim);
        }
        try (Shards.Writer w = new Shards.Writer(dir, name, from, dim, json)) {
            w.add(Arrays.copyOfRange(set.labels(), from, to), flat, to - from);
            return w.commit();
        }
    }

    /**
     * An hflip entry's train split holds 8 originals then their 8 copies: original_row names each copy's original
     * (row r mod 8), in train only; test rows are their own originals. Read back by DuckDB.
     */
    @Test
    void originalRowMarksEachAugmentedCopy() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry entry = FeatureStore.write(features, TestManifests.augmented("aug", 4, 16, 5, CLASSES, "hflip"),
                random(16, 4, 5), random(5, 4, 6));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("cache", "export", "aug", "-o", out.toString(), "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());
        for (Split split : Split.values()) {
            Path file = out.resolve(split.fileStem() + ".parquet");
            assertSameRows(entry.load(split), file, false);
            assertEquals("hflip", keyValueMetadata(file).get("frozen.augment"));
            assertEquals("BIGINT", type(file, "original_row"));
            try (Connection c = duckdb(); PreparedStatement q = c.prepareStatement(
                    "SELECT row_index, original_row FROM read_parquet(?) ORDER BY row_index")) {
                q.setString(1, file.toString());
                try (ResultSet rs = q.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        long index = rs.getLong(1);
                        long expected = split == Split.TRAIN ? index % 8 : index;
                        assertEquals(expected, rs.getLong(2), split + " row " + index);
                        rows++;
                    }
                    assertEquals(split == Split.TRAIN ? 16 : 5, rows);
                }
            }
        }
    }

    private static Connection duckdb() throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Every row of {@code file} (ordered by row_index) equals the entry's split, value for value. */
    private static void assertSameRows(FeatureSet expected, Path file, boolean wide) throws Exception {
        int dim = expected.dim();
        try (Connection c = duckdb(); PreparedStatement st = c.prepareStatement(
                "SELECT * FROM read_parquet(?) ORDER BY row_index")) {
            st.setString(1, file.toString());
            try (ResultSet rs = st.executeQuery()) {
                assertEquals(wide ? 4 + dim : 5, rs.getMetaData().getColumnCount());
                int i = 0;
                while (rs.next()) {
                    assertEquals(i, rs.getLong("row_index"));
                    assertEquals(expected.labels()[i], rs.getInt("label"), "label of row " + i);
                    assertEquals(CLASSES.get(expected.labels()[i]), rs.getString("label_name"));
                    float[] row = new float[dim];
                    if (wide) {
                        for (int j = 0; j < dim; j++) {
                            row[j] = rs.getFloat(String.format("f%04d", j));
                        }
                    } else {
                        Object[] values = (Object[]) rs.getArray("features").getArray();
                        assertEquals(dim, values.length);
                        for (int j = 0; j < dim; j++) {
                            row[j] = (Float) values[j];
                        }
                    }
                    assertArrayEquals(expected.features()[i], row, "features of row " + i);
                    i++;
                }
                assertEquals(expected.size(), i, "row count of " + file);
            }
        }
    }

    /** A checksum over all feature values computed by DuckDB itself, against the same sum over the Arrow rows. */
    private static void assertChecksum(FeatureSet expected, Path file, boolean wide) throws Exception {
        double sum = 0;
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.dim(); j++) {
                sum += (j + 1) * (double) expected.features()[i][j] * (i + 1);
            }
        }
        String perRow = wide
                ? Stream.iterate(0, j -> j + 1).limit(expected.dim())
                        .map(j -> (j + 1) + " * f" + String.format("%04d", j) + "::DOUBLE").collect(Collectors.joining(" + "))
                : "list_sum(list_transform(features, lambda x, j: x::DOUBLE * j))";
        try (Connection c = duckdb(); PreparedStatement st = c.prepareStatement(
                "SELECT sum((" + perRow + ") * (row_index + 1)), count(*) FROM read_parquet(?)")) {
            st.setString(1, file.toString());
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(sum, rs.getDouble(1), 1e-9 * Math.abs(sum));
                assertEquals(expected.size(), rs.getLong(2));
            }
        }
    }

    private static Map<String, String> keyValueMetadata(Path file) throws Exception {
        Map<String, String> kv = new HashMap<>();
        try (Connection c = duckdb(); PreparedStatement st = c.prepareStatement(
                "SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)")) {
            st.setString(1, file.toString());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    kv.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return kv;
    }

    private static String type(Path file, String column) throws Exception {
        try (Connection c = duckdb(); PreparedStatement st = c.prepareStatement(
                "SELECT typeof(" + column + ") FROM read_parquet(?) LIMIT 1")) {
            st.setString(1, file.toString());
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    @Test
    void listLayoutReadsBackInDuckDbWithProvenance() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry entry = plainEntry(features, "e1", 6);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("cache", "export", "e1", "--format", "parquet", "-o", out.toString(),
                "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("train.parquet (10 rows"), r.out());
        for (Split split : Split.values()) {
            Path file = out.resolve(split.fileStem() + ".parquet");
            FeatureSet expected = entry.load(split);
            assertSameRows(expected, file, false);
            assertChecksum(expected, file, false);
            assertEquals("INTEGER", type(file, "label"));
            assertEquals("BIGINT", type(file, "row_index"));
            assertEquals("VARCHAR", type(file, "label_name"));
            assertEquals("FLOAT[]", type(file, "features"));
            Map<String, String> kv = keyValueMetadata(file);
            assertEquals("e1", kv.get("frozen.entry"));
            assertEquals(split.fileStem(), kv.get("frozen.split"));
            assertEquals(entry.manifest().weights().sha256(), kv.get("frozen.weights_sha256"));
            assertEquals("block5_pool", kv.get("frozen.layer"));
            assertEquals("32", kv.get("frozen.input_size"));
            assertEquals("caffe", kv.get("frozen.preprocessing"));
            assertEquals("fp32", kv.get("frozen.precision"));
            assertEquals("none", kv.get("frozen.pooling"));
            assertEquals(Versions.frozen(), kv.get("frozen.version"));
            assertEquals(entry.manifestSha256(), kv.get("frozen.manifest_sha256"));
            assertEquals(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(entry.manifest())),
                    Json.MAPPER.readTree(kv.get("frozen.manifest")));
        }
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of("test.parquet", "train.parquet"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void wideLayoutOfAShardedEntryReadsBackInDuckDb() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry entry = shardedEntry(features, "sharded", 5);
        Path out = tmp.resolve("wide");
        CliRun r = CliRun.of("cache", "export", "-o", out.toString(), "--wide", "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());
        for (Split split : Split.values()) {
            Path file = out.resolve(split.fileStem() + ".parquet");
            FeatureSet expected = entry.load(split);
            assertSameRows(expected, file, true);
            assertChecksum(expected, file, true);
            assertEquals("FLOAT", type(file, "f0004"));
        }

        Path list = tmp.resolve("list");
        assertEquals(0, CliRun.of("cache", "export", "sharded", "-o", list.toString(), "--features-dir",
                features.toString()).code());
        assertSameRows(entry.load(Split.TRAIN), list.resolve("train.parquet"), false);
    }

    @Test
    void existingOutputIsRefusedUnlessForce() throws Exception {
        Path features = tmp.resolve("features");
        plainEntry(features, "e1", 4);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("test.parquet"), "not mine to overwrite");
        String[] args = {"cache", "export", "-o", out.toString(), "--features-dir", features.toString()};
        CliRun refused = CliRun.of(args);
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.cleanError() && refused.err().contains("--force"), refused.err());
        assertEquals("not mine to overwrite", Files.readString(out.resolve("test.parquet")));
        assertFalse(Files.exists(out.resolve("train.parquet")), "nothing is written when one file is refused");

        List<String> forced = new ArrayList<>(List.of(args));
        forced.add("--force");
        assertEquals(0, CliRun.of(forced.toArray(new String[0])).code());
        assertSameRows(FeatureStore.open(features.resolve("e1")).load(Split.TEST), out.resolve("test.parquet"), false);
    }

    @Test
    void aDamagedEntryPublishesNothing() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry entry = plainEntry(features, "e1", 4);
        // test.parquet is written first (splits in name order); the damage is in train, the second.
        Path train = entry.arrowFile(Split.TRAIN);
        byte[] bytes = Files.readAllBytes(train);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(train, bytes);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("cache", "export", "-o", out.toString(), "--features-dir", features.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().contains("train.arrow"), r.err());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList(), "neither a published file nor a temporary one is left");
        }
    }

    @Test
    void wideIsRefusedForVeryWideEntriesAndOtherFormatsAreRefused() {
        Path features = tmp.resolve("features");
        plainEntry(features, "e1", 10_001);
        CliRun wide = CliRun.of("cache", "export", "-o", tmp.resolve("o").toString(), "--wide",
                "--features-dir", features.toString());
        assertEquals(2, wide.code(), wide.toString());
        assertTrue(wide.cleanError() && wide.err().contains("10001 features"), wide.err());
        CliRun csv = CliRun.of("cache", "export", "-o", tmp.resolve("o").toString(), "--format", "csv",
                "--features-dir", features.toString());
        assertEquals(2, csv.code(), csv.toString());
        assertTrue(csv.err().contains("--format must be parquet"), csv.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    /**
     * The launcher's class path for cache export: the runtime jars plus target/parquet-lib, without any Hadoop or
     * Spark jar. Checked in a fresh JVM whose class path drops them; --help there loads no Parquet class either.
     */
    @Test
    void exportNeedsNoHadoopAndHelpLoadsNoParquet() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry entry = plainEntry(features, "e1", 3);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("/org/apache/hadoop/") && !p.contains("/org/apache/spark/"))
                .collect(Collectors.joining(File.pathSeparator));
        Path out = tmp.resolve("out");
        String exported = child(classPath, "cache", "export", "-o", out.toString(), "--features-dir", features.toString());
        assertFalse(exported.contains("org.apache.hadoop"), "cache export loaded a Hadoop class");
        assertTrue(exported.contains("org.apache.parquet.hadoop.ParquetWriter"), "-verbose:class output expected");
        assertSameRows(entry.load(Split.TRAIN), out.resolve("train.parquet"), false);

        String help = child(classPath, "--help");
        assertTrue(help.contains("dev.frozen.cli.Main source:"), "-verbose:class output expected");
        assertFalse(help.contains("org.apache.parquet"), "--help loaded a Parquet class");
    }

    private String child(String classPath, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx")).toList());
        cmd.addAll(List.of("-verbose:class", "-cp", classPath, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FROZEN_HOME", tmp.resolve("home").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out.lines().filter(l -> !l.startsWith("[")).toList().toString());
        return out;
    }
}
