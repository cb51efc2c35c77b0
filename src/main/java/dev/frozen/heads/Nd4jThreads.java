package dev.frozen.heads;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets ND4J's thread counts for the length of a training run and restores the previous ones on {@link #close()}:
 * a head's small ops run faster on one thread, convolutions on all of them.
 */
final class Nd4jThreads implements AutoCloseable {
    private final int max;
    private final int master;
    private final int blas;

    private Nd4jThreads(int threads) {
        max = Nd4j.getEnvironment().maxThreads();
        master = Nd4j.getEnvironment().maxMasterThreads();
        blas = Nd4j.factory().blas().getMaxThreads();
        set(threads, threads, threads);
    }

    /** ND4J on {@code threads} threads until closed. */
    static Nd4jThreads use(int threads) {
        return new Nd4jThreads(threads);
    }

    /** Threads for training a dense head: all of ND4J's with convolution blocks (big ops), else {@link #trainingThreads()}. */
    static int forDense(boolean convolutions) {
        return convolutions && !threadsFromEnvironment() ? Nd4j.getEnvironment().maxThreads() : trainingThreads();
    }

    /**
     * Threads for ND4J while training a head: {@code FROZEN_DENSE_THREADS}, else 1. A head's ops are small, and
     * libnd4j's thread hand-offs then cost more than they save: on a shared 2-core machine one step of a tiny
     * network took 49 ms with 2 threads and 3.5 ms with 1, and the default head's step 27 ms with 1 thread
     * against 43-158 ms with 2.
     */
    static int trainingThreads() {
        String env = System.getenv("FROZEN_DENSE_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException e) {
                throw new dev.frozen.UsageError("FROZEN_DENSE_THREADS must be a whole number >= 1 (got " + env + ")");
            }
        }
        return 1;
    }

    private static boolean threadsFromEnvironment() {
        String env = System.getenv("FROZEN_DENSE_THREADS");
        return env != null && !env.isBlank();
    }

    private static void set(int max, int master, int blas) {
        Nd4j.getEnvironment().setMaxThreads(max);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(max);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    @Override
    public void close() {
        set(max, master, blas);
    }
}
