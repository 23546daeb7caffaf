package org.mbrl4j.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The texts the code cites live in docs/ (issue 16, item 7): every {@code docs/<file>.md#<anchor>} in
 * the sources, the kernels, the configs, the scripts and the README names a file that exists and an
 * anchor it offers (a heading's GitHub slug or an explicit {@code <a id>}); every replacement listed
 * in docs/CITATIONS.md resolves; and the links between the docs resolve.
 */
class CitationTest {
    private static final Path DOCS = Path.of("docs");
    private static final Path TABLE = DOCS.resolve("CITATIONS.md");
    /** Where citations live; docs/ itself is checked through its links. */
    private static final List<Path> ROOTS = List.of(Path.of("src", "main", "java"), Path.of("src", "test", "java"),
            Path.of("src", "jmh", "java"), Path.of("kernels"), Path.of("configs"), Path.of("scripts"),
            Path.of("README.md"));
    private static final Set<String> SKIPPED_DIRS = Set.of("build", "target", ".git");

    /** A reference into docs/ from anywhere in the repository. */
    private static final Pattern DOCS_REF = Pattern.compile("(?<![\\w/.-])docs/([\\w/-]+\\.md)(?:#([\\w-]+))?");
    /** A Markdown link inside docs/: [text](file.md#anchor), (file.md) or (#anchor). */
    private static final Pattern DOCS_LINK = Pattern.compile("\\]\\((?![a-z]+:)([\\w/.-]+\\.md)?(?:#([\\w-]+))?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("``\\s?(.+?)\\s?``|`([^`]+)`");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyDocsReferenceInTheSourcesResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        int refs = 0;
        for (Path root : ROOTS) {
            for (Path file : textFiles(root)) {
                List<String> lines = readLines(file);
                if (lines == null) {
                    continue;
                }
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = DOCS_REF.matcher(lines.get(i));
                    while (m.find()) {
                        refs++;
                        check(DOCS.resolve(m.group(1)), m.group(2), file + ":" + (i + 1) + ": " + m.group(), problems);
                    }
                }
            }
        }
        assertNoProblems(problems, refs + " references into docs/ checked");
    }

    @Test
    void everyReplacementInTheCitationTableResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(TABLE);
        int rows = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> spans = codeSpans(line);
            if (spans.size() < 2) {
                continue;
            }
            rows++;
            Matcher m = DOCS_REF.matcher(spans.get(1));
            if (!m.find()) {
                problems.add(TABLE + ":" + (i + 1) + ": replacement '" + spans.get(1) + "' names no docs/<file>.md");
                continue;
            }
            do {
                check(DOCS.resolve(m.group(1)), m.group(2), TABLE + ":" + (i + 1) + ": " + m.group(), problems);
            } while (m.find());
        }
        assertTrue(rows > 0, TABLE + " has no table rows of the form | `citation` | `replacement` |");
        assertNoProblems(problems, rows + " rows checked");
    }

    @Test
    void linksBetweenTheDocsResolve() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : textFiles(DOCS)) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = DOCS_LINK.matcher(lines.get(i));
                while (m.find()) {
                    Path target = m.group(1) == null ? file : file.resolveSibling(m.group(1)).normalize();
                    check(target, m.group(2), file + ":" + (i + 1) + ": " + m.group(), problems);
                }
            }
        }
        assertNoProblems(problems, "");
    }

    @Test
    void anchorsFollowGitHubSlugs() {
        assertEquals("plan-algorithm", MarkdownAnchors.slug("plan() algorithm"));
        assertEquals("rollout_latents", MarkdownAnchors.slug("`rollout_latents`"));
        assertEquals("values-of-head-0", MarkdownAnchors.slug("Values of head 0"));
        assertEquals("where-the-code-differs-today", MarkdownAnchors.slug("Where the code differs today"));
        assertEquals("see-dims", MarkdownAnchors.slug("See [dims](dims.md)"));
        Set<String> a = MarkdownAnchors.of(List.of("# Title", "## Notes", "```", "## not a heading", "```",
                "### Notes", "<a id=\"explicit-id\"></a>", "#not-a-heading"));
        assertEquals(List.of("title", "notes", "notes-1", "explicit-id"), List.copyOf(a));
        assertFalse(a.contains("not-a-heading"));
    }

    /** Adds a problem when {@code target} does not exist or lacks {@code anchor} (null: the file alone). */
    private void check(Path target, String anchor, String where, List<String> problems) {
        if (!Files.isRegularFile(target)) {
            problems.add(where + ": no file " + target);
            return;
        }
        if (anchor == null) {
            return;
        }
        Set<String> known = anchors.computeIfAbsent(target.normalize(), p -> {
            try {
                return MarkdownAnchors.of(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!known.contains(anchor)) {
            problems.add(where + ": " + target + " has no anchor '#" + anchor + "' (it has: "
                    + String.join(", ", known) + ")");
        }
    }

    private static void assertNoProblems(List<String> problems, String summary) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " unresolved reference(s) into docs/ (" + summary + "); add the heading or"
                    + " fix the reference, see docs/CITATIONS.md:\n  " + String.join("\n  ", problems));
        }
    }

    private static List<String> codeSpans(String line) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(line);
        while (m.find()) {
            spans.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return spans;
    }

    private static List<Path> textFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        }
    }

    /** The file's lines, or null for a file that is not UTF-8 text. */
    private static List<String> readLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (MalformedInputException e) {
            return null;
        }
    }
}
