package dev.frozen.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The roofline's convolution is set up through backbone's oneDNN helpers and runs (its speed is bench's business). */
class ConvRooflineTest {
    @Test
    void aSmallConvolutionRunsAndNamesItsKernel() {
        ConvRoofline.Result r = ConvRoofline.measure(8, 8, 4, 2, 1);
        assertTrue(r.gflops() > 0 && Double.isFinite(r.gflops()), "GFLOP/s " + r.gflops());
        assertFalse(r.kernel().isBlank(), "oneDNN names the kernel it chose");
    }
}
