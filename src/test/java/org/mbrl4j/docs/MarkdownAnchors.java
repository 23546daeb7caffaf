package org.mbrl4j.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors a Markdown file offers, as GitHub computes them: one per ATX heading (outside fenced
 * code), slugged from the heading's text, plus every explicit {@code <a id="...">} or
 * {@code <a name="...">}. A repeated slug gets {@code -1}, {@code -2}, ... in order.
 */
final class MarkdownAnchors {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern EXPLICIT = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
    /** What GitHub's slugger drops: everything but letters, marks, digits, connector punctuation, spaces and '-'. */
    private static final Pattern DROPPED = Pattern.compile("[^\\p{L}\\p{M}\\p{Nd}\\p{Pc} -]");

    private MarkdownAnchors() {}

    /** The anchors of {@code file}, in document order. */
    static Set<String> of(Path file) throws IOException {
        return of(Files.readAllLines(file));
    }

    static Set<String> of(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher explicit = EXPLICIT.matcher(line);
            while (explicit.find()) {
                anchors.add(explicit.group(1));
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's slug of a heading's Markdown text: "## `plan()` algorithm" gives "plan-algorithm". */
    static String slug(String markdown) {
        String text = LINK.matcher(markdown).replaceAll("$1");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = text.replace("`", "").replace("*", "");
        text = DROPPED.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
        return text.replace(' ', '-');
    }
}
