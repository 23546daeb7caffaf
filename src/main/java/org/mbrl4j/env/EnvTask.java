package org.mbrl4j.env;

/**
 * One task an {@link EnvProvider} makes.
 *
 * @param name the registry name, as written in {@code task=...} (unique across providers)
 * @param description one line for listings: what the task is and where it comes from
 */
public record EnvTask(String name, String description) {
    public EnvTask {
        if (name == null || name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("EnvTask: name must be non-blank without surrounding spaces, got '"
                    + name + "'");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("EnvTask " + name + ": description must be non-blank");
        }
    }
}
