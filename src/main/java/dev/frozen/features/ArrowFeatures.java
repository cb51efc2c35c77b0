package dev.frozen.features;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow IPC file contract: column {@code label} (int32, non-null) and {@code features}
 * (FixedSizeList&lt;float32&gt;[D], non-null), rows in dataset order, the manifest JSON in the schema
 * metadata under {@value #MANIFEST_KEY}; the train file of an augmented entry adds {@value #ORIGINAL_ROW}.
 */
public final class ArrowFeatures {
    public static final String MANIFEST_KEY = "frozen.manifest";
    static final String LABEL = "label";
    static final String FEATURES = "features";
    /** int64, non-null: the train row of the original image a row was made from (itself for an original). */
    public static final String ORIGINAL_ROW = "original_row";

    private ArrowFeatures() {}

    public static Schema schema(int dim, Map<String, String> metadata) {
        return schema(dim, metadata, false);
    }

    /** The schema, with the {@value #ORIGINAL_ROW} column when {@code originalRow}. */
    static Schema schema(int dim, Map<String, String> metadata, boolean originalRow) {
        Field label = new Field(LABEL, FieldType.notNullable(new ArrowType.Int(32, true)), null);
        Field element = new Field("item", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
        Field features = new Field(FEATURES, FieldType.notNullable(new ArrowType.FixedSizeList(dim)), List.of(element));
        if (!originalRow) {
            return new Schema(List.of(label, features), metadata);
        }
        Field original = new Field(ORIGINAL_ROW, FieldType.notNullable(new ArrowType.Int(64, true)), null);
        return new Schema(List.of(label, features, original), metadata);
    }

    /**
     * Appends record batches to one Arrow IPC file. Not thread-safe; {@link #close()} writes the footer,
     * without which the file is not a valid Arrow file (so a crash never leaves a readable half file).
     */
    public static final class Writer implements AutoCloseable {
        private final BufferAllocator allocator = new RootAllocator();
        private final FileChannel channel;
        private final VectorSchemaRoot root;
        private final ArrowFileWriter writer;
        private final int dim;
        private final LongUnaryOperator originalOf;
        private long rows;

        public Writer(Path file, int dim, Map<String, String> metadata) throws IOException {
            this(file, dim, metadata, null);
        }

        /**
         * A writer that also fills {@value #ORIGINAL_ROW} with {@code originalOf} of each row's position in the file;
         * null writes the two-column schema.
         */
        public Writer(Path file, int dim, Map<String, String> metadata, LongUnaryOperator originalOf) throws IOException {
            this.dim = dim;
            this.originalOf = originalOf;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            this.root = VectorSchemaRoot.create(schema(dim, metadata, originalOf != null), allocator);
            this.writer = new ArrowFileWriter(root, null, channel);
            writer.start();
        }

        /** Writes rows {@code [0, count)} of the given row-major features ({@code count * dim} floats). */
        public void writeBatch(int[] labels, float[] features, int count) throws IOException {
            if (features.length < (long) count * dim) {
                throw new IllegalArgumentException("need " + count * dim + " floats, got " + features.length);
            }
            IntVector labelVector = (IntVector) root.getVector(LABEL);
            FixedSizeListVector listVector = (FixedSizeListVector) root.getVector(FEATURES);
            Float4Vector values = (Float4Vector) listVector.getDataVector();
            root.clear();
            labelVector.allocateNew(count);
            listVector.allocateNew();
            values.allocateNew(count * dim);
            for (int i = 0; i < count; i++) {
                labelVector.set(i, labels[i]);
                listVector.setNotNull(i);
            }
            // Bulk copy: row-major floats are exactly the child vector's layout.
            values.getDataBuffer().nioBuffer(0, count * dim * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().put(features, 0, count * dim);
            values.getValidityBuffer().setOne(0, (int) ((count * (long) dim + 7) / 8));
            values.setValueCount(count * dim);
            listVector.setValueCount(count);
            labelVector.setValueCount(count);
            if (originalOf != null) {
                BigIntVector original = (BigIntVector) root.getVector(ORIGINAL_ROW);
                original.allocateNew(count);
                for (int i = 0; i < count; i++) {
                    original.set(i, originalOf.applyAsLong(rows + i));
                }
                original.setValueCount(count);
            }
            root.setRowCount(count);
            writer.writeBatch();
            rows += count;
        }

        public long rows() {
            return rows;
        }

        @Override
        public void close() throws IOException {
            try (allocator; root; channel) {
                writer.end();
                channel.force(true);
                writer.close();
            }
        }
    }

    /** Reads a whole file; checks it against the manifest's recorded size and SHA-256 when asked. */
    static FeatureSet read(Path file, Manifest manifest, boolean verifyChecksum) {
        if (verifyChecksum) {
            Integrity.check(file, manifest);
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        forEachBatch(file, (batchLabels, batchFeatures, dim) -> {
            for (int i = 0; i < batchLabels.length; i++) {
                float[] row = new float[dim];
                System.arraycopy(batchFeatures, i * dim, row, 0, dim);
                rows.add(row);
                labels.add(batchLabels[i]);
            }
        });
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new FeatureSet(rows.toArray(new float[0][]), y, manifest.classNames());
    }

    /** Receives one record batch as labels and row-major features. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(int[] labels, float[] features, int dim) throws IOException;
    }

    private static final class ConsumerFailure extends RuntimeException {
        ConsumerFailure(IOException cause) {
            super(cause);
        }
    }

    /** Streams every record batch of a file in order, with bounded memory (one batch at a time). */
    public static void forEachBatch(Path file, BatchConsumer consumer) {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            FieldVector featureField = root.getVector(FEATURES);
            if (!(featureField instanceof FixedSizeListVector) || root.getVector(LABEL) == null) {
                throw new DataError("expected columns 'label' and 'features' (FixedSizeList<float32>) in " + file
                        + ", found " + root.getSchema().getFields());
            }
            int dim = ((FixedSizeListVector) featureField).getListSize();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                int count = root.getRowCount();
                IntVector labelVector = (IntVector) root.getVector(LABEL);
                Float4Vector values = (Float4Vector) ((FixedSizeListVector) featureField).getDataVector();
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    labels[i] = labelVector.get(i);
                }
                float[] features = new float[count * dim];
                values.getDataBuffer().nioBuffer(0, count * dim * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(features);
                try {
                    consumer.accept(labels, features, dim);
                } catch (IOException consumerFailure) {
                    throw new ConsumerFailure(consumerFailure);
                }
            }
        } catch (ConsumerFailure e) {
            // The consumer's own failure (e.g. the disk filled while writing what was read) is not a bad input file.
            throw new java.io.UncheckedIOException((IOException) e.getCause());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataError de) {
                throw de;
            }
            throw unreadable("Arrow features file", file, e);
        }
    }

    /** The {@value #ORIGINAL_ROW} column of a file, in row order, or null when the file has none. */
    public static long[] originalRows(Path file) {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            if (!(reader.getVectorSchemaRoot().getVector(ORIGINAL_ROW) instanceof BigIntVector column)) {
                return null;
            }
            List<Long> out = new ArrayList<>();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                for (int i = 0; i < column.getValueCount(); i++) {
                    out.add(column.get(i));
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        } catch (IOException | RuntimeException e) {
            throw unreadable("Arrow features file", file, e);
        }
    }

    /** The manifest JSON stored in a file's schema metadata, or null when absent. */
    public static String manifestJson(Path file) {
        return schema(file).manifestJson();
    }

    /** What a file's footer says without reading its rows: the feature width and the embedded manifest JSON. */
    public record SchemaInfo(int dim, String manifestJson) {}

    public static SchemaInfo schema(Path file) {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            Schema schema = reader.getVectorSchemaRoot().getSchema();
            FieldVector features = reader.getVectorSchemaRoot().getVector(FEATURES);
            int dim = features instanceof FixedSizeListVector list ? list.getListSize() : -1;
            return new SchemaInfo(dim, schema.getCustomMetadata().get(MANIFEST_KEY));
        } catch (IOException | RuntimeException e) {
            throw unreadable("the Arrow schema of", file, e);
        }
    }

    /**
     * Why {@code file} could not be read: a permission problem is said as such (rebuilding would not help, and
     * another user cannot rebuild it anyway); anything else means the file is damaged and is rebuilt.
     */
    static DataError unreadable(String what, Path file, Exception e) {
        if (dev.frozen.IoErrors.cause(e) == dev.frozen.IoErrors.Cause.PERMISSION) {
            return new DataError("permission denied reading " + what + " " + file + "; " + FeatureStore.GRANT_READ, e);
        }
        return new DataError("cannot read " + what + " " + file + " (" + dev.frozen.IoErrors.describe(e)
                + "); it is truncated or corrupt: " + FeatureStore.REBUILD, e);
    }

    /**
     * A SHA-256 over rows alone (each row's label then its float32 values, little-endian), so that it does not
     * depend on batch boundaries, schema metadata or write time: equal digests mean bit-identical features.
     */
    public static final class ContentDigest {
        private final java.security.MessageDigest digest = dev.frozen.data.ContentHashes.digest("SHA-256");
        private final java.security.MessageDigest rowDigest = dev.frozen.data.ContentHashes.digest("SHA-256");
        private final byte[] rowHashSum = new byte[32];
        private java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(0);
        private int rows;
        private long nextRow;

        /** Digests of rows that start at row 0 of their split. */
        public ContentDigest() {
            this(0);
        }

        /** Digests of rows that start at row {@code firstRow} of their split (a shard's first row). */
        public ContentDigest(long firstRow) {
            this.nextRow = firstRow;
        }

        public void update(int[] labels, float[] features, int count, int dim) {
            int rowBytes = 4 + 4 * dim;
            if (buffer.capacity() < 8 + rowBytes) {
                buffer = java.nio.ByteBuffer.allocate(8 + rowBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            for (int i = 0; i < count; i++) {
                buffer.clear();
                buffer.putLong(nextRow++);
                buffer.putInt(labels[i]);
                buffer.asFloatBuffer().put(features, i * dim, dim);
                digest.update(buffer.array(), 8, rowBytes);
                rowDigest.update(buffer.array(), 0, 8 + rowBytes);
                RowHashes.add(rowHashSum, rowDigest.digest());
            }
            rows += count;
        }

        public int rows() {
            return rows;
        }

        public String hex() {
            return dev.frozen.data.ContentHashes.hex(digest.digest());
        }

        /** The file's {@code row_hash_sum} (see {@link RowHashes}): the same for the same rows however they are split into files. */
        public String rowHashSum() {
            return dev.frozen.data.ContentHashes.hex(rowHashSum);
        }
    }

    /** Streams a whole file and returns its row count and {@link ContentDigest}. */
    public static ContentDigest digest(Path file) {
        return digest(file, 0);
    }

    /** {@link #digest(Path)} for a file whose first row is row {@code firstRow} of its split. */
    public static ContentDigest digest(Path file, long firstRow) {
        ContentDigest d = new ContentDigest(firstRow);
        forEachBatch(file, (labels, features, dim) -> d.update(labels, features, labels.length, dim));
        return d;
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DataError("cannot stat " + file + ": " + e.getMessage(), e);
        }
    }
}
