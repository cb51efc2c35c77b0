package dev.frozen.features;

import dev.frozen.data.ImageDataset;
import dev.frozen.data.LabeledImage;
import dev.frozen.data.RgbImage;
import dev.frozen.data.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * Augmentation at extraction, the only place it can be honest: a flipped activation map is not the activation of a
 * flipped image. An augmented entry's train split holds the N original images first, then one horizontally flipped
 * copy of each, in the same order: train row {@code r} is a copy of original row {@code r % N}. The test split is
 * never augmented. The manifest's {@code augment} names the kind ({@code hflip}); null means none.
 */
public enum Augment implements dev.frozen.Choices.Named {
    NONE(0),
    HFLIP(1);

    private final int copies;

    Augment(int copies) {
        this.copies = copies;
    }

    /** Augmented copies per original training image. */
    public int copies() {
        return copies;
    }

    /** {@code none} or {@code hflip}; anything else is a usage error naming them. */
    public static Augment parse(String value) {
        for (Augment a : values()) {
            if (a.id().equals(value)) {
                return a;
            }
        }
        throw new dev.frozen.InvalidOption("augment", ": expected none or hflip, found '" + value + "'");
    }

    /** The kind a manifest records (null or a missing field: none). */
    public static Augment of(Manifest m) {
        return m.augment() == null ? NONE : parse(m.augment());
    }

    /**
     * For each train row of an entry with {@code rows} train rows, the original row it was made from (itself for an
     * original). Originals come first; their count is {@code rows / (1 + copies)}.
     */
    public int[] originals(int rows) {
        int n = originalCount(rows);
        int[] of = new int[rows];
        for (int r = 0; r < rows; r++) {
            of[r] = r % Math.max(1, n);
        }
        return of;
    }

    /** How many original images {@code rows} train rows hold; a DataError when they are not whole sets of versions. */
    public int originalCount(int rows) {
        if (rows % (1 + copies) != 0) {
            throw new dev.frozen.DataError("an entry augmented with " + id() + " holds " + (1 + copies)
                    + " versions of each training image, but its " + rows + " train rows are not a multiple of that");
        }
        return rows / (1 + copies);
    }

    /**
     * The dataset as extraction sees it: the train split followed by its copies; the test split unchanged. A dataset
     * already seen this way is returned as it is, so a request can be derived from another without doubling copies.
     */
    public ImageDataset wrap(ImageDataset ds) {
        if (this == NONE || ds instanceof Augmented a && a.augment == this) {
            return ds;
        }
        return new Augmented(ds, this);
    }

    /** The image mirrored left to right. */
    static RgbImage hflip(RgbImage img) {
        byte[] out = new byte[img.pixels().length];
        int w = img.width();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(img.pixels(), (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
            }
        }
        return new RgbImage(w, img.height(), out);
    }

    private record Augmented(ImageDataset inner, Augment augment) implements ImageDataset {
        @Override
        public String kind() {
            return inner.kind();
        }

        @Override
        public String displayName() {
            return inner.displayName();
        }

        @Override
        public List<String> classNames() {
            return inner.classNames();
        }

        @Override
        public int size(Split split) {
            return split == Split.TRAIN ? inner.size(split) * (1 + augment.copies) : inner.size(split);
        }

        @Override
        public String fingerprint() {
            return inner.fingerprint(); // the same images; the cache key adds the augmentation
        }

        @Override
        public String location() {
            return inner.location();
        }

        @Override
        public List<LabeledImage> read(Split split, int from, int count) {
            if (split != Split.TRAIN) {
                return inner.read(split, from, count);
            }
            int n = inner.size(Split.TRAIN);
            List<LabeledImage> out = new ArrayList<>(count);
            int row = from;
            while (row < from + count) {
                // One read per run of consecutive originals, so batches stay as cheap as without augmentation.
                int original = row % n;
                int take = Math.min(from + count - row, n - original);
                for (LabeledImage img : inner.read(split, original, take)) {
                    out.add(row >= n ? new LabeledImage(hflip(img.image()), img.label(), img.source() + " (hflip)") : img);
                    row++;
                }
            }
            return out;
        }
    }
}
