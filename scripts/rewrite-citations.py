#!/usr/bin/env python3
"""Rewrite citations of the outside texts (spec 000, spec 002, tdmpc2-facts ...) to docs/ anchors.

    scripts/rewrite-citations.py [--dry-run] [--table docs/CITATIONS.md] [PATH ...]

Reads the replacement table from docs/CITATIONS.md (rows "| `form` | `replacement` |"), then
rewrites every text file under PATH (default: src/main/java src/test/java src/jmh/java kernels
configs scripts README.md, relative to the repository root). Rules, as CITATIONS.md states them:
longest form first, case-insensitive, section forms do not match a longer section number, the
replacement takes the case of the first letter it replaces unless it starts with "docs/", and a
bare section ("§13" after "tdmpc2-facts §2.7, ") is resolved against the last source named in the
previous 8 lines of the same file. Running it twice changes nothing the second time.

--dry-run prints each changed line (old and new) without writing. Either way it ends with the
number of citations rewritten and lists every citation it could not map (file:line and text).
Exit status: 0, or 1 with --strict when something could not be mapped. Python 3 stdlib only.
"""
import argparse
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ROOTS = ["src/main/java", "src/test/java", "src/jmh/java", "kernels", "configs", "scripts", "README.md"]
SKIP_DIRS = {".git", "target", "build", "node_modules"}
# Recorded fixtures must stay byte for byte as they are.
SKIP_PATH_PARTS = [os.path.join("resources", "golden")]
CONTEXT_LINES = 8

SOURCE = r"spec 00\d|tdmpc2-facts|reference facts"
LOCATOR = r"§\d+(?:\.\d+)*(?:-\d+(?:\.\d+)*)?"
SUFFIX = r"(?: (?:step|steps|Phase) \d+(?:[-–]\d+)?)?"
NO_LONGER_NUMBER = r"(?![0-9]|\.[0-9])"
SECTION_FORM = re.compile(r"^(" + SOURCE + r") (" + LOCATOR + SUFFIX + r")$", re.IGNORECASE)
CODE_SPAN = re.compile(r"``\s?(.+?)\s?``|`([^`]+)`")


def canonical_source(name):
    name = name.lower()
    return "tdmpc2-facts" if name == "reference facts" else name


def parse_table(path):
    """(form, replacement) rows of every table in CITATIONS.md, in file order."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("|") or line.startswith("|---"):
                continue
            spans = [a or b for a, b in CODE_SPAN.findall(line)]
            if len(spans) >= 2:
                rows.append((spans[0], spans[1]))
    if not rows:
        sys.exit(f"rewrite-citations: no rows found in {path}")
    return rows


class Rewriter:
    def __init__(self, rows):
        self.literal = {}
        self.sections = {}
        self.bare_sources = {}
        for form, repl in rows:
            if re.fullmatch(SOURCE, form, re.IGNORECASE):
                # a source name alone: tried after the named forms, so a named section is never read as it
                self.bare_sources[canonical_source(form)] = repl
                continue
            self.literal[form.lower()] = (form, repl)
            m = SECTION_FORM.match(form)
            if m:
                self.sections[(canonical_source(m.group(1)), m.group(2))] = repl
        forms = sorted((f for f, _ in self.literal.values()), key=len, reverse=True)
        alternatives = []
        for form in forms:
            pattern = re.escape(form)
            if form[0].isalnum():
                pattern = r"(?<![\w-])" + pattern
            if form[-1].isdigit():
                pattern += NO_LONGER_NUMBER
            elif form[-1].isalnum():
                pattern += r"(?![\w])"
            alternatives.append(pattern)
        self.master = re.compile(
            "(?P<literal>" + "|".join(alternatives) + ")"
            + r"|(?P<named>(?<![\w-])(?:" + SOURCE + r") " + LOCATOR + SUFFIX + NO_LONGER_NUMBER + ")"
            + r"|(?P<source>(?<![\w-])(?:" + SOURCE + r")(?![\w]))"
            + r"|(?P<bare>" + LOCATOR + SUFFIX + NO_LONGER_NUMBER + ")",
            re.IGNORECASE)
        self.source_in = re.compile(r"(?<![\w-])(" + SOURCE + r")(?![\w])", re.IGNORECASE)

    @staticmethod
    def with_case(matched, repl):
        if repl.startswith("docs/") or not repl[:1].isalpha() or not matched[:1].isalpha():
            return repl
        return (repl[0].upper() if matched[0].isupper() else repl[0].lower()) + repl[1:]

    def section(self, source, locator):
        """The replacement of (source, locator), trying the locator without its step/Phase suffix."""
        repl = self.sections.get((source, locator))
        if repl is not None:
            return repl
        m = re.match(LOCATOR, locator)
        base = m.group(0)
        if base != locator:
            repl = self.sections.get((source, base))
            if repl is not None:
                return repl + locator[len(base):]
        return None

    def rewrite_file(self, text, where):
        """(new text, number rewritten, [unmapped (line, text)])."""
        lines = text.splitlines(keepends=True)
        context = None  # (source, line index)
        count = 0
        unmapped = []
        out = []
        for i, line in enumerate(lines):
            def replace(m):
                nonlocal context, count
                s = m.group(0)
                if m.group("literal") is not None:
                    form, repl = self.literal[s.lower()]
                    named = self.source_in.search(form)
                    if named:
                        context = (canonical_source(named.group(1)), i)
                    count += 1
                    return self.with_case(s, repl)
                if m.group("named") is not None:
                    src = canonical_source(re.match(SOURCE, s, re.IGNORECASE).group(0))
                    loc = s[s.index("§"):]
                    context = (src, i)
                    repl = self.section(src, loc)
                    if repl is None:
                        unmapped.append((i + 1, s))
                        return s
                    count += 1
                    return repl
                if m.group("source") is not None:
                    context = (canonical_source(s), i)
                    repl = self.bare_sources.get(context[0])
                    if repl is None:
                        unmapped.append((i + 1, s))
                        return s
                    count += 1
                    return self.with_case(s, repl)
                # bare section: only with a source named in the previous lines
                if context is None or i - context[1] > CONTEXT_LINES:
                    return s
                repl = self.section(context[0], s)
                if repl is None:
                    unmapped.append((i + 1, context[0] + " " + s))
                    return s
                count += 1
                return repl
            out.append(self.master.sub(replace, line))
        return "".join(out), count, unmapped


def files_under(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(names):
                yield os.path.join(root, name)


def skipped(path, table):
    norm = os.path.normpath(os.path.abspath(path))
    if norm == os.path.abspath(__file__) or norm == os.path.abspath(table):
        return True
    return any(part in norm for part in SKIP_PATH_PARTS)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or folders (default: the repository's source roots)")
    ap.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    ap.add_argument("--table", default=os.path.join(REPO, "docs", "CITATIONS.md"), help="the replacement table")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a citation cannot be mapped")
    args = ap.parse_args(argv)
    rewriter = Rewriter(parse_table(args.table))
    paths = args.paths or [os.path.join(REPO, r) for r in DEFAULT_ROOTS if os.path.exists(os.path.join(REPO, r))]
    total, changed_files, all_unmapped = 0, 0, []
    for path in files_under(paths):
        if skipped(path, args.table):
            continue
        try:
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        new, count, unmapped = rewriter.rewrite_file(text, path)
        all_unmapped += [(path, line, s) for line, s in unmapped]
        if new == text:
            continue
        total += count
        changed_files += 1
        if args.dry_run:
            for n, (old_line, new_line) in enumerate(zip(text.splitlines(), new.splitlines()), 1):
                if old_line != new_line:
                    print(f"{path}:{n}:\n  - {old_line.strip()}\n  + {new_line.strip()}")
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(new)
    verb = "would rewrite" if args.dry_run else "rewrote"
    print(f"rewrite-citations: {verb} {total} citations in {changed_files} files; "
          f"{len(all_unmapped)} could not be mapped")
    for path, line, s in all_unmapped:
        print(f"  unmapped: {path}:{line}: {s}")
    return 1 if args.strict and all_unmapped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
