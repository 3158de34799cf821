package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.paylens.spark.HadoopLocations;
import org.paylens.spark.SparkSettings;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Loads a scenario (a built-in name or a YAML file), applies {@code --set key.path=value} overrides and checks it
 * strictly. Every problem comes back as a {@link ScenarioException} whose one-line message names the file and
 * line (or the override), the key path, the bad value and what is allowed.
 */
public final class ScenarioLoader {
    public static final String DEFAULT_SCENARIO = "baseline-2019";
    /** Built-in scenarios, packaged under {@code /scenarios/NAME.yaml}; the order is the listing order. */
    public static final List<String> BUILT_IN = List.of("tiny", "baseline-2019", "today-2024", "breach-2019", "consortium-2019",
            "bench");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private ScenarioLoader() {
    }

    /**
     * Where a scenario's text came from, for messages and for run.json, and the Hadoop settings with which a file
     * it extends is opened when that file is given as a URI.
     */
    public record Source(String origin, String text, Supplier<Configuration> hadoop) {
        public Source(String origin, String text) {
            this(origin, text, ENVIRONMENT);
        }
    }

    /** Spark's Hadoop settings as spark-submit (or -Dspark.hadoop.* options) gave them. */
    private static final Supplier<Configuration> ENVIRONMENT = () -> SparkSettings.fromEnvironment().hadoopConfiguration();

    /** Loads a built-in scenario by name, or a YAML file by path or URI. */
    public static Scenario load(String nameOrFile, List<String> overrides) {
        return parse(read(nameOrFile), overrides);
    }

    public static Source read(String nameOrFile) {
        return read(nameOrFile, ENVIRONMENT);
    }

    /**
     * Reads a built-in scenario, a local file, or a file on any Hadoop file system given as a URI (file://,
     * hdfs://, s3a://…), opened with the given Hadoop settings.
     */
    public static Source read(String nameOrFile, Supplier<Configuration> hadoop) {
        String ref = nameOrFile == null || nameOrFile.isBlank() ? DEFAULT_SCENARIO : nameOrFile.strip();
        if (BUILT_IN.contains(ref)) {
            return new Source("scenarios/" + ref + ".yaml", builtInText(ref), hadoop);
        }
        if (HadoopLocations.isUri(ref)) {
            return readUri(ref, hadoop);
        }
        Path file = Path.of(ref);
        if (Files.isRegularFile(file)) {
            try {
                return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8), hadoop);
            } catch (IOException e) {
                throw new ScenarioException(file + ": cannot read scenario file: " + e.getMessage(), null);
            }
        }
        boolean looksLikeFile = ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml") || ref.endsWith(".json");
        throw new ScenarioException(looksLikeFile
                ? "scenario file not found: " + ref
                : "no built-in scenario named '" + ref + "'; built-in: " + String.join(", ", BUILT_IN)
                + " (or give the path of a .yaml file)", null);
    }

    private static final String MISSING_FILE_SYSTEM = " (the file system's jars, e.g. hadoop-aws for s3a://, must be on "
            + "the class path: spark-submit --packages or --jars)";

    private static Source readUri(String ref, Supplier<Configuration> hadoop) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(URI.create(ref));
            FileSystem fs = path.getFileSystem(hadoop.get());
            try (InputStream in = fs.open(path)) {
                return new Source(ref, new String(in.readAllBytes(), StandardCharsets.UTF_8), hadoop);
            }
        } catch (FileNotFoundException e) {
            throw new ScenarioException("scenario file not found: " + ref, null);
        } catch (UnsupportedFileSystemException e) {
            throw new ScenarioException(ref + ": cannot read scenario file: " + e.getMessage() + MISSING_FILE_SYSTEM, null);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ClassNotFoundException) { // a scheme Hadoop knows, whose jar is absent
                throw new ScenarioException(ref + ": cannot read scenario file: " + e.getCause().getMessage()
                        + MISSING_FILE_SYSTEM, null);
            }
            throw new ScenarioException(ref + ": cannot read scenario file: " + e.getMessage(), null);
        } catch (IOException e) {
            throw new ScenarioException(ref + ": cannot read scenario file: " + e.getMessage(), null);
        }
    }

    public static String builtInText(String name) {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in scenario " + name, e);
        }
    }

    public static Scenario parse(Source source, List<String> overrides) {
        List<Layer> layers = new ArrayList<>();
        ObjectNode root = resolve(source, layers);
        List<Override> applied = new ArrayList<>();
        for (String text : overrides == null ? List.<String>of() : overrides) {
            Override override = Override.parse(text);
            override.applyTo(root);
            applied.add(override);
        }
        if (!root.has("name") || layers.size() > 1 && !layers.get(0).tree().has("name")) {
            root.put("name", defaultName(source.origin()));
        }
        Scenario scenario;
        try {
            scenario = YAML.treeToValue(root, Scenario.class);
        } catch (JsonProcessingException e) {
            Problem problem = describe(e, root);
            throw error(layers, applied, problem);
        } catch (IllegalArgumentException e) {
            throw error(layers, applied, new Problem(null, e.getMessage()));
        }
        List<Problem> problems = ScenarioValidator.check(scenario);
        if (!problems.isEmpty()) {
            ScenarioException first = error(layers, applied, problems.get(0));
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem"
                    + (problems.size() > 2 ? "s" : "") + ")" : "";
            throw new ScenarioException(first.getMessage() + more, first.keyPath());
        }
        return scenario;
    }

    /** The scenario with more overrides applied, checked again. */
    public static Scenario withOverrides(Scenario scenario, List<String> overrides) {
        return parse(new Source("scenario '" + scenario.name() + "'", toJson(scenario)), overrides);
    }

    /** The fully resolved scenario as JSON (also valid YAML, so it loads back with {@link #parse}). */
    public static String toJson(Scenario scenario) {
        try {
            return JSON.writeValueAsString(scenario);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write scenario as JSON", e);
        }
    }

    public static JsonNode toTree(Scenario scenario) {
        return JSON.valueToTree(scenario);
    }

    private static String defaultName(String origin) {
        String file = Path.of(origin).getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** One file of a scenario: the file itself, then each file it extends. */
    private record Layer(String origin, ObjectNode tree, YamlLineIndex lines) {
    }

    private static final int MAX_EXTENDS_DEPTH = 8;

    /**
     * Reads a scenario file and, when it says {@code extends: NAME|FILE}, the scenario it extends, merged under it:
     * mappings merge key by key, anything else (a value, a list) replaces, and {@code key: null} removes a key.
     */
    private static ObjectNode resolve(Source source, List<Layer> layers) {
        if (layers.size() > MAX_EXTENDS_DEPTH) {
            throw new ScenarioException(source.origin() + ": 'extends' goes deeper than " + MAX_EXTENDS_DEPTH
                    + " files; is there a cycle?", "extends");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(source.text());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ScenarioException(where(source.origin(), line) + "not valid YAML: " + e.getOriginalMessage(), null);
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new ScenarioException(source.origin() + ": a scenario file must be a mapping of keys (seed, period, population, …)", null);
        }
        YamlLineIndex lines = YamlLineIndex.of(source.text());
        layers.add(new Layer(source.origin(), node.deepCopy(), lines));
        JsonNode parent = node.remove("extends");
        if (parent == null) {
            return node;
        }
        if (!parent.isTextual() || parent.asText().isBlank()) {
            throw new ScenarioException(where(source.origin(), lines.lineOf("extends"))
                    + "extends: expected the name of a built-in scenario or the path of a scenario file", "extends");
        }
        Source base;
        try {
            base = read(relativeTo(source.origin(), parent.asText()), source.hadoop());
        } catch (ScenarioException e) {
            throw new ScenarioException(where(source.origin(), lines.lineOf("extends")) + "extends: " + e.getMessage(), "extends");
        }
        ObjectNode merged = resolve(base, layers);
        merge(merged, node);
        return merged;
    }

    /** A relative file named in 'extends' is found beside the file that names it. */
    private static String relativeTo(String origin, String reference) {
        if (BUILT_IN.contains(reference) || HadoopLocations.isUri(reference) || Path.of(reference).isAbsolute()) {
            return reference;
        }
        if (HadoopLocations.isUri(origin)) {
            try {
                return URI.create(origin).resolve(reference).toString();
            } catch (IllegalArgumentException e) {
                throw new ScenarioException("'" + reference + "' is not a valid path beside " + origin, "extends");
            }
        }
        Path sibling = Path.of(origin).resolveSibling(reference);
        return Files.isRegularFile(sibling) ? sibling.toString() : reference;
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        over.fields().forEachRemaining(entry -> {
            JsonNode current = base.get(entry.getKey());
            if (entry.getValue().isNull()) {
                base.remove(entry.getKey());
            } else if (current instanceof ObjectNode currentObject && entry.getValue() instanceof ObjectNode overObject) {
                merge(currentObject, overObject);
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static ScenarioException error(List<Layer> layers, List<Override> overrides, Problem problem) {
        String keyPath = problem.keyPath();
        for (int i = overrides.size() - 1; i >= 0; i--) {
            Override override = overrides.get(i);
            if (keyPath != null && (keyPath.equals(override.keyPath()) || keyPath.startsWith(override.keyPath() + "."))) {
                return new ScenarioException("--set " + override.text() + ": " + keyPath + ": " + problem.message(), keyPath);
            }
        }
        // Blame the first file (the extending one before what it extends) that has the key, or the nearest ancestor.
        Layer blamed = layers.get(0);
        int line = 0;
        if (keyPath != null) {
            for (Layer layer : layers) {
                if (!layer.tree().at("/" + keyPath.replace(".", "/")).isMissingNode()) {
                    blamed = layer;
                    break;
                }
            }
            line = blamed.lines().lineOf(keyPath);
        }
        String location = where(blamed.origin(), line);
        return new ScenarioException(location + (keyPath == null ? "" : keyPath + ": ") + problem.message(), keyPath);
    }

    private static String where(String origin, int line) {
        return origin + (line > 0 ? ":" + line : "") + ": ";
    }

    private static Problem describe(JsonProcessingException e, JsonNode root) {
        String path = e instanceof JsonMappingException m ? keyPath(m.getPath()) : null;
        if (e instanceof UnrecognizedPropertyException u) {
            String allowed = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new Problem(path, "unknown key '" + u.getPropertyName() + "'" + (allowed.isEmpty() ? "" : "; allowed here: " + allowed));
        }
        if (e instanceof InvalidFormatException f) {
            return new Problem(path, "'" + f.getValue() + "' is not " + expected(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            JsonNode value = path == null ? null : root.at("/" + path.replace(".", "/"));
            String shown = value == null || value.isMissingNode() ? null
                    : value.isValueNode() ? "'" + value.asText() + "'" : value.isArray() ? "a list" : "a mapping";
            return new Problem(path, (shown == null ? "wrong type" : shown + " is not") + " " + expected(m.getTargetType()));
        }
        return new Problem(path, e.getOriginalMessage());
    }

    private static String keyPath(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }

    static String expected(Class<?> type) {
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date written YYYY-MM-DD";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys";
        }
        return type.getSimpleName();
    }

    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    /** One {@code key.path=value} from the command line; the value is read as YAML, so 2000 is a number. */
    private record Override(String text, String keyPath, JsonNode value) {
        static Override parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new ScenarioException("--set " + text + ": expected key.path=value, e.g. --set population.consumers=5000", null);
            }
            String keyPath = text.substring(0, eq).strip();
            String raw = text.substring(eq + 1);
            if (!keyPath.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
                throw new ScenarioException("--set " + text + ": '" + keyPath + "' is not a key path like population.consumers", keyPath);
            }
            JsonNode value;
            try {
                value = raw.isBlank() ? JsonNodeFactory.instance.textNode(raw) : YAML.readTree(raw);
            } catch (JsonProcessingException e) {
                value = JsonNodeFactory.instance.textNode(raw);
            }
            return new Override(text, keyPath, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }

        void applyTo(ObjectNode root) {
            String[] keys = keyPath.split("\\.");
            JsonNode node = root;
            for (int i = 0; i < keys.length - 1; i++) {
                JsonNode child = childOf(node, keys[i], i);
                if (child == null || child.isNull()) {
                    child = node instanceof ObjectNode object ? object.putObject(keys[i]) : null;
                }
                if (child == null || !child.isContainerNode()) {
                    String prefix = String.join(".", Arrays.copyOf(keys, i + 1));
                    throw new ScenarioException("--set " + text + ": " + prefix + " is a single value, so it has no key '"
                            + keys[i + 1] + "'", keyPath);
                }
                node = child;
            }
            String last = keys[keys.length - 1];
            if (node instanceof ObjectNode object) {
                object.set(last, value);
            } else if (node instanceof ArrayNode array) {
                array.set(index(array, last, keys.length - 1), value);
            }
        }

        /** A key of a mapping, or a 0-based position in a list (calibration.1.target). */
        private JsonNode childOf(JsonNode node, String key, int depth) {
            if (node instanceof ArrayNode array) {
                return array.get(index(array, key, depth));
            }
            return node.get(key);
        }

        private int index(ArrayNode array, String key, int depth) {
            String list = String.join(".", Arrays.copyOf(keyPath.split("\\."), depth));
            try {
                int index = Integer.parseInt(key);
                if (index >= 0 && index < array.size()) {
                    return index;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ScenarioException("--set " + text + ": " + list + " is a list of " + array.size()
                    + " entries; give a position from 0 to " + (array.size() - 1) + " instead of '" + key + "'", keyPath);
        }
    }
}
