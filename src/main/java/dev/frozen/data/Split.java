package dev.frozen.data;

/** The two splits every dataset has; {@link #fileStem()} names the split's Arrow file. */
public enum Split {
    TRAIN("train"),
    TEST("test");

    private final String fileStem;

    Split(String fileStem) {
        this.fileStem = fileStem;
    }

    public String fileStem() {
        return fileStem;
    }
}
