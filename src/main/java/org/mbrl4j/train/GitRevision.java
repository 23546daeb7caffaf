package org.mbrl4j.train;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The git revision of the mbrl4j checkout this code runs from ({@code git rev-parse HEAD} in the
 * directory above {@code target/}), recorded in checkpoints. "unknown" when git, the checkout or the
 * answer is missing: a missing revision never stops a run.
 */
final class GitRevision {
    private GitRevision() {}

    static final String UNKNOWN = "unknown";
    private static final long TIMEOUT_SECONDS = 5;
    private static String cached;

    static synchronized String current() {
        if (cached == null) {
            cached = lookup();
        }
        return cached;
    }

    private static String lookup() {
        try {
            var source = GitRevision.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return UNKNOWN;
            }
            // target/classes or target/mbrl4j.jar → the checkout two levels up
            Path checkout = Path.of(source.getLocation().toURI()).toAbsolutePath().getParent().getParent();
            if (checkout == null || !Files.isDirectory(checkout)) {
                return UNKNOWN;
            }
            Process p = new ProcessBuilder("git", "-C", checkout.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return UNKNOWN;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : UNKNOWN;
        } catch (IOException | URISyntaxException | SecurityException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
