/**
 * {@code frozen bench}'s measurements: extraction throughput per size and engine, the conv-op roofline, the heads,
 * fine-tuning and ONNX timings, and the PyTorch and scikit-learn peers run on the same data in the same run.
 *
 * <p>May import every package but {@code cli}; only {@code cli} imports it. It runs frozen's verbs through the
 * {@link dev.frozen.bench.FrozenCli} that {@code cli} hands it, and talks to oneDNN through {@code backbone}'s helpers.
 */
package dev.frozen.bench;
