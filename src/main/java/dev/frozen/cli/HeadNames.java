package dev.frozen.cli;

import dev.frozen.heads.HeadKinds;
import java.util.Iterator;

/** The head kinds' ids for picocli's {@code ${COMPLETION-CANDIDATES}} in help, from the one registry. */
final class HeadNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return HeadKinds.ids().iterator();
    }
}
