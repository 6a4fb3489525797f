package org.neuralop4j.operators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading and writing of model configurations as JSON objects: unknown keys and wrong types are errors
 * naming the model and the key, so a typo never silently becomes a default.
 */
public final class ConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String model;
    private final JsonNode node;

    private ConfigJson(String model, JsonNode node) {
        this.model = model;
        this.node = node;
    }

    /** @return a new JSON object with {@code "model": model} */
    public static ObjectNode newObject(String model) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", model);
        return o;
    }

    /** Writes an int array under {@code key}. */
    public static void putInts(ObjectNode o, String key, int[] values) {
        ArrayNode a = o.putArray(key);
        for (int v : values) a.add(v);
    }

    /**
     * Parses {@code json} as the configuration of {@code model}.
     * @param keys the allowed keys (besides {@code "model"})
     * @throws IllegalArgumentException for invalid JSON, another model's config, or an unknown key
     */
    public static ConfigJson parse(String model, String json, Set<String> keys) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(model + " config is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException(model + " config must be a JSON object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("model") && !keys.contains(k))
                throw new IllegalArgumentException(model + " config has unknown key '" + k + "' (known: " + new TreeSet<>(keys) + ")");
        }
        if (n.has("model") && !model.equals(n.get("model").asText()))
            throw new IllegalArgumentException("config is for model '" + n.get("model").asText() + "', not '" + model + "'");
        return new ConfigJson(model, n);
    }

    /** @return whether the key is present */
    public boolean has(String key) { return node.has(key); }

    /** @return the integer at {@code key}, or {@code dflt} when absent */
    public int getInt(String key, int dflt) {
        if (!node.has(key)) return dflt;
        JsonNode v = node.get(key);
        if (!v.canConvertToExactIntegral()) throw new IllegalArgumentException(model + " config '" + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    /** @return the number at {@code key}, or {@code dflt} when absent */
    public double getDouble(String key, double dflt) {
        if (!node.has(key)) return dflt;
        JsonNode v = node.get(key);
        if (!v.isNumber()) throw new IllegalArgumentException(model + " config '" + key + "' must be a number, got " + v);
        return v.asDouble();
    }

    /** @return the boolean at {@code key}, or {@code dflt} when absent */
    public boolean getBoolean(String key, boolean dflt) {
        if (!node.has(key)) return dflt;
        JsonNode v = node.get(key);
        if (!v.isBoolean()) throw new IllegalArgumentException(model + " config '" + key + "' must be true or false, got " + v);
        return v.asBoolean();
    }

    /** @return the string at {@code key}, or {@code dflt} when absent */
    public String getString(String key, String dflt) {
        if (!node.has(key)) return dflt;
        JsonNode v = node.get(key);
        if (!v.isTextual()) throw new IllegalArgumentException(model + " config '" + key + "' must be a string, got " + v);
        return v.asText();
    }

    /** @return the integer array at {@code key} (required) */
    public int[] getInts(String key) {
        if (!node.has(key)) throw new IllegalArgumentException(model + " config needs '" + key + "' (an array of integers)");
        JsonNode a = node.get(key);
        if (!a.isArray()) throw new IllegalArgumentException(model + " config '" + key + "' must be an array of integers, got " + a);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToExactIntegral()) throw new IllegalArgumentException(model + " config '" + key + "' must hold integers, got " + a);
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
