package dev.frozen.data;

/** A decoded image as 8-bit RGB, row-major HWC: {@code pixels.length == width * height * 3}. */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height * 3) {
            throw new IllegalArgumentException("RgbImage needs width*height*3 bytes, got " + width + "x" + height
                    + " and " + pixels.length + " bytes");
        }
    }

    /** Unsigned value of channel {@code c} (0=R, 1=G, 2=B) at row {@code y}, column {@code x}. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
