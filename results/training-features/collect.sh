#!/usr/bin/env bash
# Usage: collect.sh RUN_ROOT
# Copies the issue-13 Pendulum-v1 runs found under RUN_ROOT/pendulum/{utd1,utd2,snp,offline}/seed<N>/ (train.csv,
# eval.csv, config.yaml) into pendulum/ here, evaluates each offline run's final checkpoint over 10 episodes
# (once: eval-10-episodes.txt), draws the curves (against env steps, process CPU seconds and wall-clock seconds) and writes
# table.md. Runs that have not finished are copied as they stand, with their latest checkpoint and replay buffer
# (about 3 MB) for run.sh to resume, and marked so in the table.
#   collect.sh /work/runs/i13/runs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${1:?usage: collect.sh RUN_ROOT}"
cd "$repo"
for run in "$root"/pendulum/{utd1,utd2,snp,offline}/seed*; do
    [ -f "$run/eval.csv" ] || continue
    rel="pendulum/$(basename "$(dirname "$run")")/$(basename "$run")"
    "$repo/scripts/keep-run.sh" "$run" "$here/$rel"
    final="$run/checkpoints/final.safetensors"
    if [[ "$rel" == */offline/* && -f "$final" && ! -f "$here/$rel/eval-10-episodes.txt" ]]; then
        MBRL_JAVA_OPTS=-Dmbrl.cpu.threads=1 ./mbrl eval "$final" episodes=10 2>&1 | grep -v '^WARNING' \
            > "$here/$rel/eval-10-episodes.txt"
    fi
done
csvs() { ls "$here"/pendulum/"$1"/seed*/eval.csv 2>/dev/null | paste -sd, || true; }
group() { local c; c="$(csvs "$1")"; [ -n "$c" ] && printf -- '--group\n%s=%s\n' "$2" "$c" || true; }
mapfile -t online < <(group utd1 "utd 1"; group utd2 "utd 2"; group snp "utd 1, shrink-and-perturb every 5000 (0.8, 0.2)")
if [ ${#online[@]} -gt 0 ]; then
    ./mbrl plot "$here/online-vs-env-steps.png" "${online[@]}" --title "Pendulum-v1, TD-MPC2 cpu preset: eval return (5 episodes)"
    ./mbrl plot "$here/online-vs-cpu-seconds.png" --x cpu_s "${online[@]}" --title "Pendulum-v1: eval return against process CPU time"
    ./mbrl plot "$here/online-vs-wall-seconds.png" --x elapsed_s "${online[@]}" \
        --title "Pendulum-v1: eval return against wall-clock time (2 cores shared by 2-3 processes)"
fi
mapfile -t offline < <(group offline "offline, on the replay of the same seed's utd 1 run")
if [ ${#offline[@]} -gt 0 ]; then
    ./mbrl plot "$here/offline-vs-iterations.png" "${offline[@]}" --title "Pendulum-v1, offline TD-MPC2: eval return against gradient iterations"
fi
# Shrink-and-perturb against none, seen in the training episodes: each train.csv row holds the return of the last
# training episode finished by then (every 500 steps here). A snp run and the utd1 run of the same seed are the same
# run up to the first reset (step 5000), so the gap after each reset is the reset's own effect.
# train-returns/<experiment>-seed<N>.csv (step,episode_reward), train-returns-snp-vs-utd1.png and resets.md.
train_returns() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "step,episode_reward"; next }
        { print $c["step"] "," $c["episode_reward"] }' "$1"
}
if compgen -G "$here/pendulum/snp/seed*/train.csv" > /dev/null; then
    mkdir -p "$here/train-returns"
    for d in "$here"/pendulum/{utd1,snp}/seed*; do
        train_returns "$d/train.csv" > "$here/train-returns/$(basename "$(dirname "$d")")-$(basename "$d").csv"
    done
    ./mbrl plot "$here/train-returns-snp-vs-utd1.png" \
        --group "utd 1=$(ls "$here"/train-returns/utd1-seed*.csv | paste -sd,)" \
        --group "shrink-and-perturb every 5000=$(ls "$here"/train-returns/snp-seed*.csv | paste -sd,)" \
        --title "Pendulum-v1: training episode return (train.csv), resets at 5000, 10000, 15000"
    {
        echo "Training episode return (the last one finished by each train.csv row) around each reset: shrink-and-perturb"
        echo "(snp) against the utd1 run of the same seed, identical up to step 5000. A reset runs after the updates of"
        echo "its step; the row at that step shows the episode before it."
        echo
        echo "| seed | reset at | snp at s, s+500, ..., s+2000 | utd1 at s, s+500, ..., s+2000 | snp - utd1, mean over s+500..s+2000 |"
        echo "|---|---|---|---|---|"
        for d in "$here"/pendulum/snp/seed*; do
            seed="${d##*seed}"; base="$here/train-returns/utd1-seed$seed.csv"
            [ -f "$base" ] || continue
            awk -F, -v seed="$seed" '
                FNR == 1 { file++; next }
                file == 1 { snp[$1] = $2; next }
                { utd[$1] = $2 }
                END {
                    for (s = 5000; s <= 15000; s += 5000) {
                        if (!((s + 2000) in snp)) continue
                        a = ""; b = ""; gap = 0
                        for (t = s; t <= s + 2000; t += 500) {
                            a = a sprintf("%s%.1f", t > s ? ", " : "", snp[t])
                            b = b sprintf("%s%.1f", t > s ? ", " : "", utd[t])
                            if (t > s) gap += (snp[t] - utd[t]) / 4
                        }
                        printf "| %s | %d | %s | %s | %.1f |\n", seed, s, a, b, gap
                    }
                }' "$here/train-returns/snp-seed$seed.csv" "$base"
        done
    } > "$here/resets.md"
fi
# table.md: per run, the evaluations, the final one, CPU and wall minutes, updates; then per experiment the mean
# (± sample std over the finished seeds)
{
    echo "| experiment | seed | eval returns (5 episodes) at steps 0, 2000, ..., last | last | CPU min | wall min | updates | finished |"
    echo "|---|---|---|---|---|---|---|---|"
    for d in "$here"/pendulum/*/seed*; do
        exp="$(basename "$(dirname "$d")")"; seed="${d##*seed}"
        evals="$(awk -F, 'NR > 1 { printf "%s%.1f", (NR > 2 ? ", " : ""), $2 }' "$d/eval.csv")"
        last="$(awk -F, 'NR > 1 { v = $2 } END { printf "%.2f", v }' "$d/eval.csv")"
        read -r cpu wall updates < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            { cpu = $c["cpu_s"]; wall = $c["elapsed_s"]; up = $c["updates"] }
            END { printf "%.1f %.1f %s\n", cpu / 60, wall / 60, up }' "$d/train.csv")
        echo "| $exp | $seed | $evals | **$last** | $cpu | $wall | $updates | $("$repo/scripts/keep-run.sh" --state "$d") |"
    done
    # per experiment over its finished runs: mean ± sample std of the evaluations at 2,000, 4,000 and the last, and CPU
    echo
    echo "| experiment | finished seeds | eval at 2,000 | eval at 4,000 | last eval (20,000) | CPU min |"
    echo "|---|---|---|---|---|---|"
    for e in utd1 utd2 snp offline; do
        runs=("$here"/pendulum/"$e"/seed*/finished)
        [ -f "${runs[0]}" ] || continue
        seeds="$(for f in "${runs[@]}"; do d="${f%/finished}"; echo "${d##*seed}"; done | paste -sd' ')"
        for f in "${runs[@]}"; do
            d="${f%/finished}"
            awk -F, 'NR == 1 { next } $1 == 2000 { a = $2 } $1 == 4000 { b = $2 } { last = $2 }
                END { printf "%s %s %s ", a, b, last }' "$d/eval.csv"
            awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { cpu = $c["cpu_s"] } END { print cpu / 60 }' \
                "$d/train.csv"
        done | awk -v e="$e" -v seeds="$seeds" '
            { for (i = 1; i <= 4; i++) { s[i] += $i; q[i] += $i * $i } n++ }
            END {
                printf "| %s | %s |", e, seeds
                for (i = 1; i <= 4; i++) {
                    m = s[i] / n; v = n > 1 ? (q[i] - n * m * m) / (n - 1) : 0; sd = v > 0 ? sqrt(v) : 0
                    printf (i < 4 ? " %.1f ± %.1f |" : " %.1f |"), m, sd
                }
                printf "\n"
            }'
    done
} > "$here/table.md"
cat "$here/table.md"
