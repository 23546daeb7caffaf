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
 * its block name for the nested groups ({@code multi_gamma.enabled}). The groups are found by walking
 * {@link MbrlConfig} in declaration order: a record of plain values is a group; a record of records is
 * an algorithm block, whose groups are flat for TD-MPC2 (reference-compatible key names) and nested
 * under the block's name for any other algorithm ({@code planet.*}).
 */
public final class ConfigSchema {
    private ConfigSchema() {}

    /** How a key's YAML value is read. */
    public enum Kind { INT, DOUBLE, BOOLEAN, STRING, CHOICE, DOUBLE_LIST }

    /**
     * One group record: flat keys when {@code block} is null, else nested under {@code block:} (a dotted
     * name for a block inside a block); {@code path} leads from {@link MbrlConfig} to the group.
     */
    public record Group(String block, List<RecordComponent> path) {
        public Group {
            path = List.copyOf(path);
        }

        public Class<?> type() {
            return path.getLast().getType();
        }

        /** The component names from {@link MbrlConfig} to this group, dotted ({@code tdmpc2.multiGamma}). */
        public String pathName() {
            String name = "";
            for (RecordComponent c : path) {
                name = pathName(name, c);
            }
            return name;
        }

        static String pathName(String parent, RecordComponent c) {
            return parent.isEmpty() ? c.getName() : parent + "." + c.getName();
        }

        /** This group's record in {@code config}. */
        Object valueIn(MbrlConfig config) {
            Object v = config;
            for (RecordComponent c : path) {
                v = read(c, v);
            }
            return v;
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
        public Object valueIn(MbrlConfig config) {
            return read(component, group.valueIn(config));
        }
    }

    /** Groups whose keys are nested under their component's name. */
    private static final Set<Class<?>> BLOCK_GROUPS = Set.of(MultiGammaConfig.class);
    /** Algorithm blocks whose groups stay flat in YAML (the reference's key names). */
    private static final Set<Class<?>> FLAT_ALGORITHM_BLOCKS = Set.of(Tdmpc2Config.class);
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

    /** Names of nested blocks ({@code multi_gamma}), and of the blocks that enclose a nested block. */
    public static boolean isBlock(String name) {
        return GROUPS.stream().anyMatch(g -> g.block() != null
                && (g.block().equals(name) || g.block().startsWith(name + ".")));
    }

    static String snake(String camel) {
        return SNAKE.translate(camel);
    }

    private static List<Group> buildGroups() {
        var groups = new ArrayList<Group>();
        collect(MbrlConfig.class, List.of(), null, groups);
        return List.copyOf(groups);
    }

    private static void collect(Class<?> record, List<RecordComponent> path, String prefix, List<Group> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            var p = new ArrayList<>(path);
            p.add(c);
            Class<?> t = c.getType();
            if (isGroup(t)) {
                out.add(new Group(BLOCK_GROUPS.contains(t) ? join(prefix, snake(c.getName())) : prefix, p));
            } else if (t.isRecord()) {
                collect(t, p, FLAT_ALGORITHM_BLOCKS.contains(t) ? prefix : join(prefix, snake(c.getName())), out);
            } else {
                throw new IllegalStateException("config component " + c + " of " + record.getSimpleName()
                        + " is neither a group of keys nor a block of groups");
            }
        }
    }

    /** A record of plain values (no record components): its components are keys. */
    private static boolean isGroup(Class<?> type) {
        return type.isRecord() && java.util.Arrays.stream(type.getRecordComponents())
                .noneMatch(c -> c.getType().isRecord());
    }

    private static String join(String prefix, String name) {
        return prefix == null ? name : prefix + "." + name;
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
