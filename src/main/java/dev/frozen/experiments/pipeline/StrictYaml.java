package dev.frozen.experiments.pipeline;

import dev.frozen.UsageError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML file into a node tree for validation, stricter than YAML itself: a key repeated in any mapping, at
 * any depth, is an error (YAML parsers silently keep the last), and every syntax error, including a tab used for
 * indentation, is reported as {@code file:line: not valid YAML: what was wrong}.
 */
final class StrictYaml {
    private StrictYaml() {}

    /** The root node of {@code file}; an empty file gives null. */
    static Node compose(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new UsageError(file + ": expected a UTF-8 text file, found bytes that are not UTF-8");
        } catch (IOException e) {
            throw new UsageError("expected a readable pipeline file at " + file + ", found " + dev.frozen.Plain.describe(e));
        }
        Node root;
        try (Reader reader = new java.io.StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            throw new UsageError(file + ":" + line + ": not valid YAML: " + problem(e, text, line));
        } catch (YAMLException | IOException e) {
            throw new UsageError(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root != null) {
            checkDuplicates(file, root);
        }
        return root;
    }

    private static String problem(MarkedYAMLException e, String text, int line) {
        String lineText = line >= 1 ? text.lines().skip(line - 1).findFirst().orElse("") : "";
        String problem = firstLine(e.getProblem());
        if (problem.contains("\\t") || problem.contains("'\t'") || lineText.matches("^ *\t.*")) {
            return "a tab character; YAML indents with spaces only";
        }
        String context = e.getContext() == null ? "" : firstLine(e.getContext());
        return (context.isEmpty() ? "" : context + ": ") + problem;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    /** Walks every mapping; anchors and aliases may share nodes, so each node is visited once. */
    private static void checkDuplicates(Path file, Node root) {
        Deque<Node> todo = new ArrayDeque<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (seen.put(node, Boolean.TRUE) != null) {
                continue;
            }
            if (node instanceof MappingNode m) {
                Map<String, Integer> keys = new HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        int line = k.getStartMark().getLine() + 1;
                        Integer first = keys.putIfAbsent(k.getValue(), line);
                        if (first != null) {
                            throw new UsageError(file + ":" + line + ": " + k.getValue() + ": duplicate key (first given on line "
                                    + first + "); give each key once");
                        }
                    }
                    todo.push(t.getKeyNode());
                    todo.push(t.getValueNode());
                }
            } else if (node instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
    }
}
