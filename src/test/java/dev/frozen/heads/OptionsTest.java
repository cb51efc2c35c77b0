package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.frozen.UsageError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void messagesNameOptionRangeAndValue() {
        assertEquals("C must be > 0 (got 0.0)",
                assertThrows(UsageError.class, () -> SvmOptions.of(Map.of("C", "0", "tol", "1e-4", "max_iter", "10"))).getMessage());
        assertEquals("dropout must be in [0, 1) (got 1.0)",
                assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "1.0", "lr", "1e-3", "epochs", "1", "batch", "1"))).getMessage());
        assertEquals("lambda must be >= 0 (got -1.0)",
                assertThrows(UsageError.class, () -> LogRegOptions.of(Map.of("lambda", "-1", "tol", "1e-4", "max_iter", "10"))).getMessage());
        assertEquals("epochs must be >= 1 (got 0)",
                assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "1e-3", "epochs", "0", "batch", "1"))).getMessage());
        assertEquals("val_fraction must be in [0, 1) (got 1.5)",
                assertThrows(UsageError.class, () -> new HeadSpec(LogRegOptions.defaults(), 1.5, 1)).getMessage());
    }

    @Test
    void otherInvalidValues() {
        assertThrows(UsageError.class, () -> SvmOptions.of(Map.of("C", "1", "kernel", "rbf", "gamma", "-1.0", "tol", "1e-4", "max_iter", "10")));
        assertThrows(UsageError.class, () -> SvmOptions.of(Map.of("C", "1", "kernel", "linear", "gamma", "0.5", "tol", "1e-4", "max_iter", "10")));
        assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "0", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "1")));
        assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "0", "epochs", "1", "batch", "1")));
        assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "-0.1", "lr", "1e-3", "epochs", "1", "batch", "1")));
        assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "0")));
        assertThrows(UsageError.class, () -> SvmOptions.Kernel.parse("poly"));
        assertThrows(UsageError.class, () -> HeadKinds.parse("forest"));
    }

    @Test
    void defaultsMatchTheReferences() {
        DenseOptions d = DenseOptions.defaults();
        assertEquals(List.of(1000), d.hidden());
        assertEquals(0.3, d.dropout());
        assertEquals(1e-3, d.lr());
        assertEquals(10, d.epochs());
        assertEquals(256, d.batch());
        SvmOptions s = SvmOptions.defaults();
        assertEquals(0.001, s.c(), "linear C tuned for CIFAR-sized features (docs/heads.md)");
        assertEquals(1e-4, s.tol());
        assertEquals(1000, s.maxIter());
        assertEquals(1.0, SvmOptions.of(java.util.Map.of("kernel", "rbf")).c(), "rbf keeps SVC's C=1");
        assertEquals(0.001, SvmOptions.of(java.util.Map.of()).c());
        LogRegOptions l = LogRegOptions.defaults();
        assertEquals(100.0, l.lambda());
        assertEquals(500, l.maxIter());
    }
}
