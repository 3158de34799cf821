package org.paylens.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The line of every key path in a YAML text, so that an error can point at the line to fix. */
final class YamlLineIndex {
    private final Map<String, Integer> lineByPath;

    private YamlLineIndex(Map<String, Integer> lineByPath) {
        this.lineByPath = lineByPath;
    }

    static YamlLineIndex of(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        // Each frame is the path of an open object or array; arrays count their elements to name them.
        Deque<String> paths = new ArrayDeque<>();
        Deque<int[]> arrayIndex = new ArrayDeque<>();
        String pendingPath = "";
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                String parent = paths.isEmpty() ? "" : paths.peek();
                boolean inArray = !arrayIndex.isEmpty() && arrayIndex.peek()[0] >= 0;
                switch (token) {
                    case FIELD_NAME -> {
                        pendingPath = join(parent, parser.currentName());
                        lines.putIfAbsent(pendingPath, parser.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = inArray ? join(parent, String.valueOf(arrayIndex.peek()[0]++)) : pendingPath;
                        if (inArray) {
                            lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
                        }
                        paths.push(path);
                        arrayIndex.push(new int[]{token == JsonToken.START_ARRAY ? 0 : -1});
                    }
                    case END_OBJECT, END_ARRAY -> {
                        paths.pop();
                        arrayIndex.pop();
                    }
                    default -> {
                        if (inArray) {
                            String path = join(parent, String.valueOf(arrayIndex.peek()[0]++));
                            lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only a guide for messages; a text the parser rejects is reported by the loader itself.
        }
        return new YamlLineIndex(lines);
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The line of the key path, or of its nearest ancestor present in the text; 0 when none is. */
    int lineOf(String keyPath) {
        String path = keyPath;
        while (path != null && !path.isEmpty()) {
            Integer line = lineByPath.get(path);
            if (line != null) {
                return line;
            }
            int dot = path.lastIndexOf('.');
            path = dot < 0 ? null : path.substring(0, dot);
        }
        return 0;
    }
}
