package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import dev.frozen.data.RgbImage;
import org.junit.jupiter.api.Test;

/** Known answers derived by hand from src = (dst + 0.5) * in/out - 0.5, clamped, and from np.resize. */
class PreprocessingTest {
    private static final float B = 103.939f;
    private static final float G = 116.779f;
    private static final float R = 123.68f;

    /** An image whose R channel is {@code red} (row-major), with G = 10 and B = 20 everywhere. */
    private static RgbImage redOnly(int w, int h, int... red) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[3 * i] = (byte) red[i];
            px[3 * i + 1] = 10;
            px[3 * i + 2] = 20;
        }
        return new RgbImage(w, h, px);
    }

    /** Channel 2 of the output (R after the BGR swap) plus the red mean, i.e. the resized red values. */
    private static float[] red(float[] out, int offset, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = out[offset + 3 * i + 2] + R;
        }
        return r;
    }

    @Test
    void caffeUpsamples2x2To4x4WithHalfPixelCentres() {
        // Per axis, scale 0.5: dst 0..3 -> src -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1),
        // so [a, b] -> [a, 0.75a + 0.25b, 0.25a + 0.75b, b].
        // Rows: [0, 100] -> [0, 25, 75, 100]; [200, 40] -> [200, 160, 80, 40]; then the same blend down the columns.
        float[] out = new float[48];
        Preprocessing.CAFFE.apply(redOnly(2, 2, 0, 100, 200, 40), 4, out, 0);
        float[] expected = {
            0, 25, 75, 100,
            50, 58.75f, 76.25f, 85,
            150, 126.25f, 78.75f, 55,
            200, 160, 80, 40,
        };
        assertArrayEquals(expected, red(out, 0, 16), 1e-4f);
        for (int i = 0; i < 16; i++) {
            assertEquals(20 - B, out[3 * i], 1e-4f, "channel 0 is blue minus its mean");
            assertEquals(10 - G, out[3 * i + 1], 1e-4f, "channel 1 is green minus its mean");
        }
    }

    @Test
    void caffeDownsamples4x4To2x2ByPointSamplingBetweenPixels() {
        // Scale 2: dst 0 -> src 0.5, dst 1 -> src 2.5; each output is the mean of a 2x2 block.
        // Red = 40y + 10x: blocks (0,10,40,50)=25, (20,30,60,70)=45, (80,90,120,130)=105, (100,110,140,150)=125.
        int[] red = new int[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                red[4 * y + x] = 40 * y + 10 * x;
            }
        }
        float[] out = new float[12];
        Preprocessing.CAFFE.apply(redOnly(4, 4, red), 2, out, 0);
        assertArrayEquals(new float[] {25, 45, 105, 125}, red(out, 0, 4), 1e-4f);
    }

    @Test
    void caffeDownsamples3x3To2x2WithUnevenWeights() {
        // Scale 1.5: dst 0 -> src 0.25 = 0.75*p0 + 0.25*p1; dst 1 -> src 1.75 = 0.25*p1 + 0.75*p2.
        // Columns 0, 40, 80 (same in every row) -> 10, 70.
        float[] out = new float[12];
        Preprocessing.CAFFE.apply(redOnly(3, 3, 0, 40, 80, 0, 40, 80, 0, 40, 80), 2, out, 0);
        assertArrayEquals(new float[] {10, 70, 10, 70}, red(out, 0, 4), 1e-4f);
    }

    @Test
    void caffeAtTheSameSizeOnlySwapsToBgrAndSubtractsMeans() {
        float[] out = new float[12];
        Preprocessing.CAFFE.apply(new RgbImage(2, 2, new byte[] {(byte) 255, 0, 7, 1, 2, 3, 4, 5, 6, 8, 9, 10}), 2, out, 0);
        assertArrayEquals(new float[] {
            7 - B, 0 - G, 255 - R,
            3 - B, 2 - G, 1 - R,
            6 - B, 5 - G, 4 - R,
            10 - B, 9 - G, 8 - R,
        }, out, 1e-4f);
    }

    @Test
    void caffeResizesEachAxisOnItsOwn() {
        // 2 wide x 1 high -> 2x2: columns keep their values (scale 1), the single row is repeated
        // (scale 0.5: src rows -0.25 and 0.75 both clamp to row 0).
        float[] out = new float[12];
        Preprocessing.CAFFE.apply(redOnly(2, 1, 30, 90), 2, out, 0);
        assertArrayEquals(new float[] {30, 90, 30, 90}, red(out, 0, 4), 1e-4f);
    }

    @Test
    void caffeWritesAtTheOffsetAndNowhereElse() {
        float[] out = new float[2 + 12 + 2];
        java.util.Arrays.fill(out, -1);
        Preprocessing.CAFFE.apply(redOnly(2, 2, 1, 2, 3, 4), 2, out, 2);
        assertEquals(-1, out[0]);
        assertEquals(-1, out[1]);
        assertEquals(-1, out[14]);
        assertEquals(-1, out[15]);
        assertArrayEquals(new float[] {1, 2, 3, 4}, red(out, 2, 4), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.CAFFE.apply(redOnly(2, 2, 1, 2, 3, 4), 2, new float[13], 2));
    }

    @Test
    void articleRepeatsTheRawBytesCyclicallyLikeNpResize() {
        // np.resize(img2x2, (3, 3, 3)): the 12 HWC bytes, then again, then the first 3; divided by 255, RGB kept.
        byte[] px = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        float[] out = new float[27];
        Preprocessing.ARTICLE.apply(new RgbImage(2, 2, px), 3, out, 0);
        int[] expected = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
                10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 10, 20, 30};
        for (int i = 0; i < 27; i++) {
            assertEquals(expected[i] / 255f, out[i], 0f, "value " + i);
        }
    }

    @Test
    void articleTruncatesWhenShrinking() {
        // 4x4x3 = 48 bytes into 2x2x3 = 12 values: the first 12 bytes, i.e. row 0, not a downscale.
        byte[] px = new byte[48];
        for (int i = 0; i < 48; i++) {
            px[i] = (byte) (200 + i);
        }
        float[] out = new float[12];
        Preprocessing.ARTICLE.apply(new RgbImage(4, 4, px), 2, out, 0);
        for (int i = 0; i < 12; i++) {
            assertEquals(((200 + i) & 0xFF) / 255f, out[i], 0f);
        }
    }

    @Test
    void parseAcceptsIdsAndListsThemOnError() {
        assertEquals(Preprocessing.CAFFE, Preprocessing.parse("caffe"));
        assertEquals(Preprocessing.ARTICLE, Preprocessing.parse("article"));
        assertEquals("caffe", Preprocessing.CAFFE.id());
        UsageError e = assertThrows(UsageError.class, () -> Preprocessing.parse("torch"));
        assertTrue(e.getMessage().contains("caffe") && e.getMessage().contains("article") && e.getMessage().contains("torch"),
                e.getMessage());
    }
}
