package dev.frozen.features;

import dev.frozen.data.ImageDataset;
import dev.frozen.data.LabeledImage;
import dev.frozen.data.RgbImage;
import dev.frozen.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic random images in memory; records which rows were read and can fail at a chosen row. */
public final class InMemoryDataset implements ImageDataset {
    private final int side;
    private final int trainRows;
    private final int testRows;
    private final long seed;
    public final List<Integer> readStarts = new ArrayList<>();
    public int failAtTrainRow = -1;

    public InMemoryDataset(int side, int trainRows, int testRows, long seed) {
        this.side = side;
        this.trainRows = trainRows;
        this.testRows = testRows;
        this.seed = seed;
    }

    @Override public String kind() { return "folder"; }
    @Override public String displayName() { return "mem"; }
    @Override public List<String> classNames() { return List.of("a", "b", "c"); }
    @Override public int size(Split split) { return split == Split.TRAIN ? trainRows : testRows; }
    @Override public String fingerprint() { return "mem-" + side + "-" + trainRows + "-" + testRows + "-" + seed; }
    @Override public String location() { return "memory"; }

    public LabeledImage image(Split split, int row) {
        Random r = new Random(seed * 1_000_003 + row * 2L + (split == Split.TEST ? 1 : 0));
        byte[] px = new byte[side * side * 3];
        r.nextBytes(px);
        return new LabeledImage(new RgbImage(side, side, px), row % 3, "mem:" + row);
    }

    @Override
    public List<LabeledImage> read(Split split, int from, int count) {
        if (split == Split.TRAIN) {
            readStarts.add(from);
        }
        List<LabeledImage> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            if (split == Split.TRAIN && i == failAtTrainRow) {
                throw new dev.frozen.DataError("simulated failure at row " + i);
            }
            out.add(image(split, i));
        }
        return out;
    }
}
