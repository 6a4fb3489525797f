package org.neuralop4j.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neuralop4j.core.FormatException;

/** The per-epoch metrics of a run, with CSV and JSON forms (the JSON form round-trips exactly). */
public final class TrainingHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<EpochMetrics> epochs = new ArrayList<>();

    /** Appends an epoch. */
    public void add(EpochMetrics m) { epochs.add(m); }

    /** @return the epochs in order (unmodifiable view) */
    public List<EpochMetrics> epochs() { return Collections.unmodifiableList(epochs); }

    /** @return the number of epochs recorded */
    public int size() { return epochs.size(); }

    /** @return the last epoch, or {@code null} when empty */
    public EpochMetrics last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

    /**
     * CSV with header {@code epoch,train_loss,<metric>...,lr,seconds}; metric columns follow the first epoch's
     * validation metrics, prefixed {@code val_}. Numbers use {@link Double#toString} (exact round-trip).
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch,train_loss");
        List<String> names = epochs.isEmpty() ? List.of() : new ArrayList<>(epochs.get(0).validation().keySet());
        for (String n : names) sb.append(",val_").append(n);
        sb.append(",lr,seconds\n");
        for (EpochMetrics m : epochs) {
            sb.append(m.epoch()).append(',').append(m.trainLoss());
            for (String n : names) {
                Double v = m.validation().get(n);
                sb.append(',').append(v == null ? "" : v.toString());
            }
            sb.append(',').append(m.learningRate()).append(',').append(String.format(Locale.ROOT, "%.6f", m.seconds())).append('\n');
        }
        return sb.toString();
    }

    /** JSON array of {@code {"epoch", "train_loss", "validation": {...}, "lr", "seconds"}} objects. */
    public String toJson() {
        ArrayNode arr = JSON.createArrayNode();
        for (EpochMetrics m : epochs) {
            ObjectNode o = arr.addObject();
            o.put("epoch", m.epoch());
            o.put("train_loss", m.trainLoss());
            ObjectNode v = o.putObject("validation");
            for (Map.Entry<String, Double> e : m.validation().entrySet()) v.put(e.getKey(), e.getValue());
            o.put("lr", m.learningRate());
            o.put("seconds", m.seconds());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise training history", e);
        }
    }

    /**
     * Parses {@link #toJson()} output.
     * @param source the file the text came from, for error messages (may be {@code null})
     * @throws FormatException when the text is not such a history
     */
    public static TrainingHistory fromJson(String json, java.nio.file.Path source) throws FormatException {
        TrainingHistory h = new TrainingHistory();
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isArray()) throw new FormatException(source, "training history JSON must be an array");
            for (JsonNode o : root) {
                LinkedHashMap<String, Double> val = new LinkedHashMap<>();
                JsonNode v = o.get("validation");
                if (v != null) for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    val.put(e.getKey(), e.getValue().asDouble());
                }
                h.add(new EpochMetrics(required(o, "epoch", source).asInt(), required(o, "train_loss", source).asDouble(), val,
                        required(o, "lr", source).asDouble(), required(o, "seconds", source).asDouble()));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FormatException(source, "training history is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return h;
    }

    private static JsonNode required(JsonNode o, String field, java.nio.file.Path source) throws FormatException {
        JsonNode n = o.get(field);
        if (n == null) throw new FormatException(source, "training history entry lacks '" + field + "': " + o);
        return n;
    }
}
