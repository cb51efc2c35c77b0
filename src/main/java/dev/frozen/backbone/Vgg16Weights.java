package dev.frozen.backbone;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Parameters for all 13 VGG16 convolutions, keyed by Keras layer name; complete and shape-checked. */
public final class Vgg16Weights {
    private final Map<String, ConvWeights> layers;

    public Vgg16Weights(Map<String, ConvWeights> layers) {
        for (Vgg16.Conv c : Vgg16.CONVS) {
            ConvWeights w = layers.get(c.name());
            if (w == null || w.in() != c.in() || w.out() != c.out()) {
                throw new IllegalArgumentException("weights for " + c.name() + " missing or mis-shaped");
            }
        }
        this.layers = Map.copyOf(layers);
    }

    public ConvWeights get(String layer) {
        return layers.get(layer);
    }

    /**
     * He-normal initialisation (std sqrt(2 / fan_in), zero bias), deterministic for a seed. For smoke runs:
     * the features are meaningless.
     */
    public static Vgg16Weights random(long seed) {
        Map<String, ConvWeights> layers = new LinkedHashMap<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (Vgg16.Conv c : Vgg16.CONVS) {
            SplittableRandom r = root.split();
            float[] kernel = new float[9 * c.in() * c.out()];
            double std = Math.sqrt(2.0 / (9.0 * c.in()));
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = (float) (gaussian(r) * std);
            }
            layers.put(c.name(), new ConvWeights(c.name(), c.in(), c.out(), kernel, new float[c.out()]));
        }
        return new Vgg16Weights(layers);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller on SplittableRandom, so the stream is fixed across JDK versions.
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
