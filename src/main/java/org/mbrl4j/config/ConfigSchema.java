package org.mbrl4j.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every config key, derived from the records so keys, types and records cannot drift apart: a key is
 * the snake_case name of a group record's component (the naming Jackson binds with), prefixed with
 * its block name for the nested groups ({@code multi_gamma.enabled}). The groups are the components of
 * {@link Tdmpc2Config}, in order.
 */
public final class ConfigSchema {
    private ConfigSchema() {}

    /** How a key's YAML value is read. */
    public enum Kind { INT, DOUBLE, BOOLEAN, STRING, CHOICE, DOUBLE_LIST }

    /** One group record: flat keys when {@code block} is null, else nested under {@code block:}. */
    public record Group(String block, RecordComponent component) {
        public Class<?> type() {
            return component.getType();
        }
    }

    /** One key: its YAML name, the group and component it binds to, and how its value is read. */
    public record Key(String name, Group group, RecordComponent component, Kind kind, boolean nullable) {
        /** The component's JSON property name inside its group (the key without the block prefix). */
        public String property() {
            return name.substring(name.lastIndexOf('.') + 1);
        }

        /** The enum type of a {@link Kind#CHOICE} key. */
        @SuppressWarnings("unchecked")
        public Class<? extends Enum<?>> choiceType() {
            return (Class<? extends Enum<?>>) component.getType();
        }

        /** This key's value in {@code config}. */
        public Object valueIn(Tdmpc2Config config) {
            return read(component, read(group.component(), config));
        }
    }

    private static final Set<Class<?>> BLOCK_GROUPS = Set.of(MultiGammaConfig.class);
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private static final List<Group> GROUPS = buildGroups();
    private static final Map<String, Key> KEYS = buildKeys();

    public static List<Group> groups() {
        return GROUPS;
    }

    /** All keys in declaration order (the order of the resolved table). */
    public static List<Key> keys() {
        return List.copyOf(KEYS.values());
    }

    public static Optional<Key> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** Names of nested blocks ({@code multi_gamma}). */
    public static boolean isBlock(String name) {
        return GROUPS.stream().anyMatch(g -> name.equals(g.block()));
    }

    static String snake(String camel) {
        return SNAKE.translate(camel);
    }

    private static List<Group> buildGroups() {
        var groups = new ArrayList<Group>();
        for (RecordComponent c : Tdmpc2Config.class.getRecordComponents()) {
            groups.add(new Group(BLOCK_GROUPS.contains(c.getType()) ? snake(c.getName()) : null, c));
        }
        return List.copyOf(groups);
    }

    private static Map<String, Key> buildKeys() {
        var keys = new LinkedHashMap<String, Key>();
        for (Group g : GROUPS) {
            for (RecordComponent c : g.type().getRecordComponents()) {
                String name = (g.block() == null ? "" : g.block() + ".") + snake(c.getName());
                Key previous = keys.put(name, new Key(name, g, c, kindOf(c), c.isAnnotationPresent(Nullable.class)));
                if (previous != null) {
                    throw new IllegalStateException("config key '" + name + "' is declared twice");
                }
            }
        }
        return keys;
    }

    private static Kind kindOf(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == int.class) return Kind.INT;
        if (t == double.class) return Kind.DOUBLE;
        if (t == boolean.class) return Kind.BOOLEAN;
        if (t == String.class) return Kind.STRING;
        if (t.isEnum() && Choice.class.isAssignableFrom(t)) return Kind.CHOICE;
        Type g = c.getGenericType();
        if (t == List.class && g instanceof ParameterizedType p && p.getActualTypeArguments()[0] == Double.class) {
            return Kind.DOUBLE_LIST;
        }
        throw new IllegalStateException("config component " + c + " has an unsupported type " + g);
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
