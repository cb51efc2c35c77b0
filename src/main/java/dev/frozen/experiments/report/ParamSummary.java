package dev.frozen.experiments.report;

import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import java.util.Map;
import java.util.Objects;

/**
 * Short, human-readable key hyperparameters of a run for tables, e.g. {@code C=1} or
 * {@code hidden=1000 drop=0.3 ep=10}; defaults that rarely change (tolerances, lr, batch) are shown only when
 * they differ from the default.
 */
public final class ParamSummary {
    private ParamSummary() {}

    public static String of(String head, Map<String, Object> p) {
        HeadKind kind = HeadKinds.find(head);
        if (kind != null) {
            return kind.summary(p);
        }
        StringBuilder s = new StringBuilder(); // a head this version does not know: every param
        p.forEach((k, v) -> s.append(s.isEmpty() ? "" : " ").append(k).append('=').append(Objects.toString(v)));
        return s.toString();
    }
}
