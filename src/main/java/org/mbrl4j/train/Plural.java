package org.mbrl4j.train;

/** "1 episode", "3 episodes": counts in console messages. */
public final class Plural {
    private Plural() {}

    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
