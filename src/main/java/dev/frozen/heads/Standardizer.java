package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-feature centring and scaling, z = (x - mean) / scale, fitted on training rows only. A feature with zero
 * variance gets scale 1, so it maps to 0 rather than NaN. Arrays have one entry per feature.
 */
public record Standardizer(@JsonProperty("mean") double[] mean, @JsonProperty("scale") double[] scale) {
    public Standardizer {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means but " + scale.length + " scales");
        }
    }

    /** Population mean and standard deviation per column, like scikit-learn's StandardScaler. */
    public static Standardizer fit(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        // Welford's update: stable for features with a large offset relative to their spread.
        for (float[] row : rows) {
            n++;
            for (int j = 0; j < d; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = n == 0 ? 0 : Math.sqrt(m2[j] / n);
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    public int dim() {
        return mean.length;
    }

    public double[][] apply(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[mean.length];
            standardise(rows[i], out[i]);
        }
        return out;
    }

    /** As {@link #apply}, rounded to float once at the end, so both give the same values up to that rounding. */
    public float[][] applyFloat(float[][] rows) {
        float[][] out = new float[rows.length][];
        double[] z = new double[mean.length];
        for (int i = 0; i < rows.length; i++) {
            standardise(rows[i], z);
            float[] f = new float[z.length];
            for (int j = 0; j < z.length; j++) {
                f[j] = (float) z[j];
            }
            out[i] = f;
        }
        return out;
    }

    private void standardise(float[] row, double[] z) {
        checkDim(row);
        for (int j = 0; j < z.length; j++) {
            z[j] = (row[j] - mean[j]) / scale[j];
        }
    }

    private void checkDim(float[] row) {
        if (row.length != mean.length) {
            throw new dev.frozen.DataError("feature rows have " + row.length + " values but the model expects " + mean.length);
        }
    }
}
