#!/usr/bin/env bash
# Usage: collect.sh RUN_ROOT
# Copies the TD-MPC2 Control-Suite runs under RUN_ROOT/dmc-<task>/tdmpc2-cpu/seed<N>/ (train.csv, eval.csv,
# config.yaml) into <task>/seed<N>/ here, draws each task's curves beside the official TD-MPC2 result at
# 100k env steps (docs: ../shared/reference/tdmpc2-facts.md, results/tdmpc2/<task>.csv, mean of 3 seeds, 5M
# model) and writes table.md. Unfinished runs are copied as they stand, with their latest checkpoint and
# replay buffer (about 3-4 MB) for run.sh to resume, and marked so in the table.
#   collect.sh /work/runs/i13/runs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${1:?usage: collect.sh RUN_ROOT}"
cd "$repo"
for run in "$root"/dmc-*/tdmpc2-cpu/seed*; do
    [ -f "$run/eval.csv" ] || continue
    task="$(basename "$(dirname "$(dirname "$run")")")"; task="${task#dmc-}"
    dest="$here/$task/$(basename "$run")"
    "$repo/scripts/keep-run.sh" "$run" "$dest"
done
{
    echo "| task | seed | eval returns (5 episodes) at env steps 0, 10k, 20k, ... | last | env steps | CPU min | wall min | finished |"
    echo "|---|---|---|---|---|---|---|---|"
    for d in "$here"/*/seed*; do
        task="$(basename "$(dirname "$d")")"; seed="${d##*seed}"
        evals="$(awk -F, 'NR > 1 { printf "%s%.1f", (NR > 2 ? ", " : ""), $2 }' "$d/eval.csv")"
        last="$(awk -F, 'NR > 1 { v = $2 } END { printf "%.2f", v }' "$d/eval.csv")"
        read -r envsteps cpu wall < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            { e = $c["env_step"]; cpu = $c["cpu_s"]; wall = $c["elapsed_s"] }
            END { printf "%s %.1f %.1f\n", e, cpu / 60, wall / 60 }' "$d/train.csv")
        echo "| $task | $seed | $evals | **$last** | $envsteps | $cpu | $wall | $("$repo/scripts/keep-run.sh" --state "$d") |"
    done
} > "$here/table.md"
for task_dir in "$here"/*/; do
    task="$(basename "$task_dir")"
    csvs="$(ls "$task_dir"seed*/eval.csv 2>/dev/null | paste -sd, || true)"
    [ -n "$csvs" ] || continue
    ./mbrl plot "$here/$task.png" --group "mbrl4j TD-MPC2, cpu preset, 1 thread=$csvs" \
        --group "official TD-MPC2 5M at 100k env steps (3 seeds)=$here/official-$task.csv" \
        --title "dmc-$task: eval return (5 episodes) against env steps"
done
cat "$here/table.md"
