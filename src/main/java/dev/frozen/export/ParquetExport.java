package dev.frozen.export;

import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.IoErrors;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.Versions;
import dev.frozen.features.ArrowFeatures;
import dev.frozen.features.Augment;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Integrity;
import dev.frozen.features.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * {@code frozen cache export --format parquet}: each split of a feature entry (all its shards, in row order) as one
 * Parquet file {@code <split>.parquet}, with the entry's provenance in the file's key-value metadata. Files are written
 * under temporary names and renamed into place only after every split was written and checked, so a failed export
 * publishes nothing. Parquet is written through its local {@link LocalOutputFile}, never Hadoop's FileSystem.
 */
public final class ParquetExport {
    /** Key-value metadata key of the whole manifest JSON (the same key as in the Arrow files). */
    public static final String MANIFEST_KEY = ArrowFeatures.MANIFEST_KEY;
    /** More features than this and {@code --wide} is refused: one Parquet column (and page buffer) per feature. */
    public static final int MAX_WIDE_COLUMNS = 10_000;
    private static final Pattern SPLIT_NAME = Pattern.compile("[a-z0-9_]+");

    private ParquetExport() {}

    /** One written file. */
    public record Written(String split, Path file, long rows, long bytes) {}

    /**
     * Writes every split of {@code entry} into {@code outDir} (created if absent). {@code wide}: one float column per
     * feature ({@code f0000}, ...) instead of the list column {@code features}. An existing {@code <split>.parquet}
     * is a {@link UsageError} unless {@code force}.
     */
    public static List<Written> write(FeatureEntry entry, Path outDir, boolean wide, boolean force) {
        Manifest m = entry.manifest();
        if (wide && m.featureDim() > MAX_WIDE_COLUMNS) {
            throw new UsageError(Setting.key("wide") + " writes one column per feature, at most " + MAX_WIDE_COLUMNS + "; entry "
                    + entry.name() + " has " + m.featureDim() + " features per row (" + m.layer() + ", pooling "
                    + m.poolingMode().id() + "); leave out " + Setting.key("wide") + " for the list column, or export an entry extracted"
                    + " with " + Setting.key("pooling") + " avg");
        }
        Map<String, List<String>> splits = splits(entry);
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageError("-o must name a folder; " + outDir + " is a file");
        }
        for (String split : splits.keySet()) {
            Path target = outDir.resolve(split + ".parquet");
            if (Files.exists(target) && !force) {
                throw new UsageError(target + " already exists; add " + Setting.key("force") + " to replace it");
            }
        }
        entry.checkFiles();
        Map<String, Path> staged = new LinkedHashMap<>();
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, List<String>> split : splits.entrySet()) {
                Path tmp = outDir.resolve("." + split.getKey() + ".parquet." + java.util.UUID.randomUUID() + ".tmp");
                staged.put(split.getKey(), tmp);
                writeSplit(entry, split.getKey(), split.getValue(), tmp, wide);
                AtomicFiles.fsync(tmp);
            }
            List<Written> written = new ArrayList<>();
            for (Map.Entry<String, Path> s : staged.entrySet()) {
                Path target = outDir.resolve(s.getKey() + ".parquet");
                long bytes = Files.size(s.getValue());
                AtomicFiles.move(s.getValue(), target, force);
                written.add(new Written(s.getKey(), target, m.rows().get(s.getKey()), bytes));
            }
            return written;
        } catch (IOException e) {
            throw IoErrors.writeFailure("Parquet export of " + entry.name(), outDir, e,
                    "rerun the same command (nothing was published)");
        } finally {
            for (Path tmp : staged.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A leftover hidden .tmp file is never mistaken for an export.
                }
            }
        }
    }

    /** The entry's splits in name order, each with its data files in row order (shards sorted by first row). */
    static Map<String, List<String>> splits(FeatureEntry entry) {
        Manifest m = entry.manifest();
        Map<String, List<String>> splits = new TreeMap<>();
        for (String split : m.rows().keySet()) {
            if (!SPLIT_NAME.matcher(split).matches()) {
                throw new DataError("manifest of " + entry.dir() + " names a split '" + split + "'; expected lower-case"
                        + " letters, digits or '_'; " + "rerun the 'frozen extract' that made the entry");
            }
            splits.put(split, new ArrayList<>());
        }
        m.files().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Manifest.FileInfo> f) -> f.getValue().start())
                        .thenComparing(Map.Entry::getKey))
                .forEach(f -> {
                    List<String> files = splits.get(FeatureStore.splitOf(f.getKey()));
                    if (files == null) {
                        throw new DataError("manifest of " + entry.dir() + " lists " + f.getKey()
                                + " but no rows for its split; rerun the 'frozen extract' that made the entry");
                    }
                    files.add(f.getKey());
                });
        return splits;
    }

    /** The key-value metadata of a split's file: the manifest and its provenance fields one by one. */
    static Map<String, String> metadata(FeatureEntry entry, String split) throws IOException {
        Manifest m = entry.manifest();
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("frozen.entry", entry.name());
        kv.put("frozen.split", split);
        kv.put("frozen.weights", m.weights().id());
        kv.put("frozen.weights_sha256", String.valueOf(m.weights().sha256()));
        kv.put("frozen.layer", m.layer());
        kv.put("frozen.input_size", Integer.toString(m.inputSize()));
        kv.put("frozen.preprocessing", m.preprocessing());
        kv.put("frozen.precision", m.precisionMode().id());
        kv.put("frozen.pooling", m.poolingMode().id());
        kv.put("frozen.augment", Augment.of(m).id());
        kv.put("frozen.feature_dim", Integer.toString(m.featureDim()));
        kv.put("frozen.feature_shape", Json.MAPPER.writeValueAsString(m.featureShape()));
        kv.put("frozen.class_names", Json.MAPPER.writeValueAsString(m.classNames()));
        if (m.dataset() != null) {
            kv.put("frozen.dataset", m.dataset().name());
            kv.put("frozen.dataset_fingerprint", String.valueOf(m.dataset().fingerprint()));
        }
        kv.put("frozen.version", Versions.frozen());
        kv.put("frozen.manifest_sha256", entry.manifestSha256());
        kv.put(MANIFEST_KEY, Json.MAPPER.writeValueAsString(m));
        return kv;
    }

    /** Original images among a split's rows; every row is its own original (no modulus) without augmentation. */
    private static long originalCount(FeatureEntry entry, Augment augment, Integer splitRows) {
        if (augment == Augment.NONE || splitRows == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.max(1, augment.originalCount(splitRows));
        } catch (DataError e) {
            throw new DataError("manifest of " + entry.dir() + ": " + e.getMessage());
        }
    }

    /**
     * The Parquet schema: {@code row_index}, {@code original_row} (the original image a row was made from: itself, or
     * for an augmented copy in train its original's row_index), {@code label}, {@code label_name}, then the features.
     */
    static MessageType schema(int dim, boolean wide) {
        var fields = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("row_index")
                .required(PrimitiveTypeName.INT64).named("original_row")
                .required(PrimitiveTypeName.INT32).named("label")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label_name");
        if (!wide) {
            return fields.requiredList().requiredElement(PrimitiveTypeName.FLOAT).named("features")
                    .named("frozen_features");
        }
        for (int j = 0; j < dim; j++) {
            fields = fields.required(PrimitiveTypeName.FLOAT).named(wideName(j));
        }
        return fields.named("frozen_features");
    }

    /** The {@code --wide} column of feature {@code j}: {@code f0000} ... {@code f9999}. */
    public static String wideName(int j) {
        return String.format(Locale.ROOT, "f%04d", j);
    }

    private static void writeSplit(FeatureEntry entry, String split, List<String> files, Path tmp, boolean wide)
            throws IOException {
        Manifest m = entry.manifest();
        int dim = m.featureDim();
        List<String> classes = m.classNames();
        Binary[] names = new Binary[classes.size()];
        for (int c = 0; c < names.length; c++) {
            names[c] = Binary.fromConstantByteArray(classes.get(c).getBytes(StandardCharsets.UTF_8));
        }
        RowWriteSupport support = new RowWriteSupport(dim, wide, metadata(entry, split), names);
        Augment augment = split.equals("train") ? Augment.of(m) : Augment.NONE;
        Integer splitRows = m.rows().get(split);
        // Copies follow the originals in order (see Augment#originals): row r was made from row r mod originals.
        long originals = originalCount(entry, augment, splitRows);
        long[] next = {0};
        try (ParquetWriter<Row> writer = new Builder(new LocalOutputFile(tmp), support)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withCodecFactory(SnappyPages.FACTORY)
                .withDictionaryEncoding(false) // float activations gain nothing from it (measured: 57.8 MB without, 58.1 with)
                .withDictionaryEncoding("label_name", true)
                .build()) {
            Row row = new Row();
            for (String name : files) {
                Path file = entry.dir().resolve(name);
                Manifest.FileInfo info = m.files().get(name);
                // The same checks as every reader: the file is the one the manifest describes, and where it starts.
                Integrity.check(file, m);
                if (info.start() != next[0]) {
                    throw new DataError("manifest of " + entry.dir() + " says " + name + " starts at " + split + " row "
                            + info.start() + ", but the files before it hold " + next[0] + " rows; rerun the 'frozen"
                            + " extract' that made the entry with " + Setting.flag("force"));
                }
                long before = next[0];
                ArrowFeatures.forEachBatch(file, (labels, features, width) -> {
                    if (width != dim) {
                        throw new DataError(file + " holds " + width + " features per row, its manifest says " + dim);
                    }
                    row.features = features;
                    for (int i = 0; i < labels.length; i++) {
                        if (labels[i] < 0 || labels[i] >= names.length) {
                            throw new DataError(file + " row " + i + " has label " + labels[i] + ", expected 0.."
                                    + (names.length - 1) + " (the manifest's class_names)");
                        }
                        row.original = next[0] % originals;
                        row.index = next[0]++;
                        row.label = labels[i];
                        row.offset = i * dim;
                        writer.write(row);
                    }
                });
                if (info.rows() != null && next[0] - before != info.rows()) {
                    throw new DataError("manifest of " + entry.dir() + " says " + info.rows() + " rows in " + name
                            + ", it holds " + (next[0] - before));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Integer expected = m.rows().get(split);
        if (expected != null && expected != next[0]) {
            throw new DataError("manifest of " + entry.dir() + " says " + expected + " " + split + " rows, its files hold "
                    + next[0]);
        }
    }

    /**
     * Snappy page compression through snappy-java itself: Parquet's own codec factory reaches Snappy through Hadoop's
     * codec classes, which need a Hadoop {@code Configuration} and the whole Hadoop client at run time. Parquet's
     * SNAPPY pages are raw Snappy blocks, what {@link org.xerial.snappy.Snappy#compress(byte[])} writes.
     */
    private static final class SnappyPages implements CompressionCodecFactory.BytesInputCompressor {
        static final CompressionCodecFactory FACTORY = new CompressionCodecFactory() {
            @Override
            public BytesInputCompressor getCompressor(CompressionCodecName codec) {
                if (codec != CompressionCodecName.SNAPPY) {
                    throw new IllegalArgumentException("only SNAPPY is set up, asked for " + codec);
                }
                return new SnappyPages();
            }

            @Override
            public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
                throw new UnsupportedOperationException("the export only writes");
            }

            @Override
            public void release() {}
        };

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(org.xerial.snappy.Snappy.compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {}
    }

    /** One row handed to the writer: a view into the current record batch (reused, never retained). */
    private static final class Row {
        long index;
        long original;
        int label;
        float[] features;
        int offset;
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    /** Writes a {@link Row} straight to Parquet's record consumer: no per-value objects. */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        /** The index of the first feature column, after row_index, original_row, label and label_name. */
        private static final int FIRST_FEATURE = 4;
        private final MessageType schema;
        private final Map<String, String> metadata;
        private final boolean wide;
        private final Binary[] labelNames;
        private final int dim;
        private final String[] wideNames;
        private RecordConsumer out;

        RowWriteSupport(int dim, boolean wide, Map<String, String> metadata, Binary[] labelNames) {
            this.schema = schema(dim, wide);
            this.metadata = metadata;
            this.wide = wide;
            this.labelNames = labelNames;
            this.dim = dim;
            this.wideNames = new String[wide ? dim : 0];
            for (int j = 0; j < wideNames.length; j++) {
                wideNames[j] = wideName(j);
            }
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row row) {
            out.startMessage();
            out.startField("row_index", 0);
            out.addLong(row.index);
            out.endField("row_index", 0);
            out.startField("original_row", 1);
            out.addLong(row.original);
            out.endField("original_row", 1);
            out.startField("label", 2);
            out.addInteger(row.label);
            out.endField("label", 2);
            out.startField("label_name", 3);
            out.addBinary(labelNames[row.label]);
            out.endField("label_name", 3);
            if (wide) {
                for (int j = 0; j < dim; j++) {
                    out.startField(wideNames[j], FIRST_FEATURE + j);
                    out.addFloat(row.features[row.offset + j]);
                    out.endField(wideNames[j], FIRST_FEATURE + j);
                }
            } else {
                out.startField("features", FIRST_FEATURE);
                out.startGroup();
                if (dim > 0) {
                    out.startField("list", 0);
                    for (int j = 0; j < dim; j++) {
                        out.startGroup();
                        out.startField("element", 0);
                        out.addFloat(row.features[row.offset + j]);
                        out.endField("element", 0);
                        out.endGroup();
                    }
                    out.endField("list", 0);
                }
                out.endGroup();
                out.endField("features", FIRST_FEATURE);
            }
            out.endMessage();
        }
    }
}
