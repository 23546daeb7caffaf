#!/usr/bin/env bash
# duplicate-messages.sh: how many error messages the CPU backend and the CUDA launchers both spell out.
#
# Usage: scripts/duplicate-messages.sh [-v] [repo-root]
#   -v         also list the duplicated messages
#   repo-root  the checkout to scan (default: this script's repository)
#
# A message is the text of one `new <Something>Exception(...)` in the main sources of
# src/main/java/org/mbrl4j/backend/cpu and .../backend/cuda: its string literals in order, joined
# by "…" where the code concatenates a value (e.g. `op + ": lo = " + lo + " must be <= hi"` gives
# `: lo = …`-style templates). Messages without a literal are skipped. The count is the number of
# distinct messages that occur in both directories (and the throw sites that spell them, in both
# directories together); rules written once (backend/*Contract.java,
# tensor/Shapes.java) are not counted, which is the point.
set -euo pipefail

verbose=0
if [[ "${1:-}" == "-v" ]]; then
    verbose=1
    shift
fi
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
backend="$root/src/main/java/org/mbrl4j/backend"
for d in cpu cuda; do
    if [[ ! -d "$backend/$d" ]]; then
        echo "duplicate-messages.sh: $backend/$d not found (pass the repository root)" >&2
        exit 2
    fi
done

# Prints one message template per line for the .java files given as arguments.
messages() {
    perl -0777 -ne '
        while (/new\s+\w*Exception\s*\(/g) {
            my ($pos, $depth, $text) = (pos(), 1, "");
            # Walk to the matching ")" while copying string literals (escapes kept verbatim).
            while ($depth > 0 && $pos < length($_)) {
                my $c = substr($_, $pos, 1);
                if ($c eq "\"") {
                    my $end = $pos + 1;
                    $end++ while $end < length($_) && !(substr($_, $end, 1) eq "\"" && substr($_, $end - 1, 1) ne "\\");
                    $text .= "\x01" . substr($_, $pos + 1, $end - $pos - 1);
                    $pos = $end + 1;
                    next;
                }
                $depth++ if $c eq "(";
                $depth-- if $c eq ")";
                $pos++;
            }
            next if $text eq "";
            $text =~ s/^\x01//;
            $text =~ s/\x01/…/g;
            print "$text\n";
        }
    ' "$@"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
messages "$backend"/cpu/*.java | sort > "$tmp/cpu.sites"
messages "$backend"/cuda/*.java | sort > "$tmp/cuda.sites"
sort -u "$tmp/cpu.sites" > "$tmp/cpu"
sort -u "$tmp/cuda.sites" > "$tmp/cuda"
comm -12 "$tmp/cpu" "$tmp/cuda" > "$tmp/both"
sites=0
if [[ -s "$tmp/both" ]]; then
    sites=$(cat "$tmp/cpu.sites" "$tmp/cuda.sites" | grep -cxFf "$tmp/both" || true)
fi

echo "cpu messages: $(wc -l < "$tmp/cpu"), cuda messages: $(wc -l < "$tmp/cuda"), identical in both: $(wc -l < "$tmp/both") (written at $sites throw sites)"
if [[ $verbose -eq 1 ]]; then
    sed 's/^/  /' "$tmp/both"
fi
