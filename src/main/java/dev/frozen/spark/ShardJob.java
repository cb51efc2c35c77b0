package dev.frozen.spark;

import dev.frozen.FrozenHome;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.Datasets;
import dev.frozen.data.ImageDataset;
import dev.frozen.features.Extraction;
import dev.frozen.features.ExtractionSettings;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Everything an executor needs to compute shards, as plain values (this is what Spark serializes to executors):
 * where the dataset and weights are, the settings, the work folder, and the manifest JSON every shard embeds.
 * {@code home} is the driver's {@link FrozenHome} folder, where an executor unpacks a CIFAR-10 archive (so on a
 * cluster it must be a path every node can create; pass an unpacked folder to avoid that). {@code hook} runs on
 * every shard after each batch ({@link ShardHook#NONE} in real use).
 */
public record ShardJob(String datasetKind, String datasetLocation, String weights, ExtractionSettings settings,
        String engine, String partialDir, String manifestJson, int dim, String home, ShardHook hook)
        implements Serializable {

    /** The key of the per-JVM frozen base: jobs that agree on it share one loaded base. */
    String baseKey() {
        return weights + "|" + settings.layer() + "|" + engine + "|" + settings.precision().id();
    }

    /** An extraction request over the dataset as this JVM sees it (opened cheaply: its fingerprint is never asked for). */
    Extraction.Request request(ImageDataset dataset) {
        WeightsSpec spec = weightsSpec();
        Extraction.Weights w = new Extraction.Weights(spec.id(), "not-used-on-executors", spec.isRandom(), spec::load,
                spec::sha256, null);
        return new Extraction.Request(dataset, w, settings, Path.of(partialDir).getParent(), false,
                FrozenBase.Engine.parse(engine));
    }

    WeightsSpec weightsSpec() {
        return WeightsSpec.parse(weights, new FrozenHome(Path.of(home)));
    }

    ImageDataset openDataset() {
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        FrozenHome frozenHome = new FrozenHome(Path.of(home));
        return dev.frozen.data.DataFiles.isUri(datasetLocation)
                ? Datasets.open(datasetKind, HadoopFiles.at(datasetLocation), quiet, false, frozenHome)
                : Datasets.open(datasetKind, Path.of(datasetLocation), quiet, false, frozenHome);
    }
}
