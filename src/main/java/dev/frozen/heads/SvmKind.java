package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code svm} kind: liblinear's linear machines and Smile's rbf kernel machine. */
final class SvmKind extends HeadKind {
    static final SvmKind KIND = new SvmKind();

    private SvmKind() {
        super("svm", SvmOptions.DECLARED, SvmOptions::new, SvmKind::loadSaved);
    }

    @Override
    Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log, Head warm) {
        return SvmTrainer.train((SvmOptions) o, train, seed, log, warm instanceof LinearHead l ? l : null);
    }

    /** The rbf kernel's C path is shorter and higher: its default C is 1, not 0.001. */
    @Override
    Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        List<String> kernel = given.get("kernel");
        boolean rbf = kernel != null && kernel.stream().anyMatch(k -> k.strip().equalsIgnoreCase("rbf"));
        Map<String, List<String>> grid = super.searchGrid(given);
        if (rbf && grid.containsKey("C")) {
            grid.put("C", List.of("0.1", "1", "10"));
        }
        return grid;
    }

    /** A kernel machine when the saved model says so (older files without a model type: by its fields), else linear. */
    private static Head loadSaved(Path dir, HeadFile file) {
        String type = file.modelType();
        boolean kernel = type != null ? type.equals(KernelSvmHead.MODEL_TYPE) : file.model().has("machines");
        return kernel ? KernelSvmHead.load(file) : LinearHead.load(file);
    }
}
