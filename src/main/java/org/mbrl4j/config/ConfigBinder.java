package org.mbrl4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the layered raw values into the group records with Jackson, collecting every problem: a value
 * of the wrong type is reported and replaced by its default, so the rules of the other keys are still
 * checked; each record's compact constructor reports its broken rules. Problems on values set by the
 * user name the file or the command line.
 */
final class ConfigBinder {
    private final Map<String, JsonNode> defaults;
    private final Map<String, Source> sources;
    private final String fileName;
    private final List<ConfigException.Problem> problems;

    ConfigBinder(Map<String, JsonNode> defaults, Map<String, Source> sources, String fileName,
                 List<ConfigException.Problem> problems) {
        this.defaults = defaults;
        this.sources = sources;
        this.fileName = fileName;
        this.problems = problems;
    }

    /** The config, or null when any group broke a rule (the problems say which). */
    MbrlConfig bind(Map<String, ConfigLayers.Layered> values) {
        Map<String, Object> groups = new HashMap<>();
        boolean complete = true;
        for (ConfigSchema.Group group : ConfigSchema.groups()) {
            ObjectNode properties = JsonNodeFactory.instance.objectNode();
            for (ConfigSchema.Key key : ConfigSchema.keys()) {
                if (key.group().equals(group)) {
                    properties.set(key.property(), read(key, values.get(key.name()).node()));
                }
            }
            Object bound = bindGroup(group, properties);
            complete &= bound != null;
            groups.put(group.pathName(), bound);
        }
        return complete ? (MbrlConfig) assemble(MbrlConfig.class, "", groups) : null;
    }

    /**
     * Builds {@code type} (the root or an algorithm block) from its bound groups (by
     * {@link ConfigSchema.Group#pathName()}) and sub-blocks.
     */
    private Object assemble(Class<?> type, String path, Map<String, Object> groups) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String p = ConfigSchema.Group.pathName(path, components[i]);
            args[i] = groups.containsKey(p) ? groups.get(p) : assemble(components[i].getType(), p, groups);
            if (args[i] == null) {
                return null;
            }
        }
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException rules) {
                rules.problems().forEach(p -> problems.add(annotate(p)));
                return null;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private JsonNode read(ConfigSchema.Key key, JsonNode raw) {
        ValueReader.Result read = ValueReader.read(key, raw);
        if (read.ok()) {
            return read.value();
        }
        problems.add(annotate(new ConfigException.Problem(key.name(),
                key.name() + "=" + ValueReader.describe(raw) + ": " + read.error())));
        return ValueReader.read(key, defaults.get(key.name())).value();
    }

    private Object bindGroup(ConfigSchema.Group group, ObjectNode properties) {
        try {
            return Yaml.MAPPER.treeToValue(properties, group.type());
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException rules) {
                rules.problems().forEach(p -> problems.add(annotate(p)));
                return null;
            }
            throw new IllegalStateException("cannot build " + group.type().getSimpleName() + " from " + properties, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot build " + group.type().getSimpleName() + " from " + properties, e);
        }
    }

    /** Adds where a user-set value came from, so the message says which file or argument to fix. */
    private ConfigException.Problem annotate(ConfigException.Problem p) {
        Source source = p.key() == null ? null : sources.get(p.key());
        return switch (source) {
            case FILE -> new ConfigException.Problem(p.key(), p.message() + ConfigLayers.where(fileName));
            case OVERRIDE -> new ConfigException.Problem(p.key(), p.message() + ConfigLayers.where(ConfigLayers.COMMAND_LINE));
            case null, default -> p;
        };
    }
}
