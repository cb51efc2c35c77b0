package dev.frozen.backbone;

import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The native objects one oneDNN plan owns (buffers, memory objects over them, primitive descriptors), freed together
 * by {@link #free()}. Both engines' plans extend it: the forward one in this package, the training one in
 * {@code training}.
 */
public class PlanMemory {
    private final dnnl_engine engine;
    private final List<dnnl_memory> memories = new ArrayList<>();
    private final List<Pointer> buffers = new ArrayList<>();
    private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

    public PlanMemory(dnnl_engine engine) {
        this.engine = engine;
    }

    /** {@code buffer}, now freed with the plan. */
    public final <P extends Pointer> P own(P buffer) {
        buffers.add(buffer);
        return buffer;
    }

    /**
     * {@code bytes} of native memory starting on an {@link OneDnn#ALIGN}-byte boundary: oneDNN's AVX-512 kernels use
     * aligned loads and stores on some arguments, and JavaCPP's allocations are only 16-byte aligned.
     */
    public final BytePointer aligned(long bytes) {
        BytePointer b = own(new BytePointer(bytes + OneDnn.ALIGN));
        b.position((OneDnn.ALIGN - b.address() % OneDnn.ALIGN) % OneDnn.ALIGN);
        return b;
    }

    /** A memory object over {@code data} (which must live as long as the plan), destroyed with the plan. */
    public final dnnl_memory memory(dnnl_memory_desc_t md, Pointer data) {
        dnnl_memory m = OneDnn.memory(engine, md, data);
        memories.add(m);
        return m;
    }

    /** {@code pd}, now destroyed with the plan. */
    public final dnnl_primitive_desc keep(dnnl_primitive_desc pd) {
        descriptors.add(pd);
        return pd;
    }

    /** Destroys what the plan owns; a subclass destroys its primitives first, then calls this. */
    public void free() {
        descriptors.forEach(pd -> dnnl_primitive_desc_destroy(pd));
        memories.forEach(m -> dnnl_memory_destroy(m));
        buffers.forEach(Pointer::close);
    }
}
