#!/usr/bin/env bash
# scripts/sweep-multi-gamma.sh: the ablation sweep of docs/multi-gamma.md#ablations, tasks x seeds x ablations, one table.
#
#   scripts/sweep-multi-gamma.sh "pendulum cartpole-swingup" "1 2 3" "A0-baseline A1-joint" [key=value...]
#
# Each run is `./mbrl train configs/ablations/<A>.yaml task=<T> seed=<S> exp_name=<A>
# work_dir=<OUT> multi_gamma.gammas=[<primary>, <aux_gammas of the ablation>] <key=value...>`, where the
# primary discount is the task's heuristic discount clip(1 - 5/episode_length, 0.95, 0.995) with the
# episode length in agent steps (env steps / action_repeat; docs/tdmpc2.md#discount-heuristic; docs/multi-gamma.md#config requires
# gammas[0] to equal it). An override written <task>:key=value applies to that task only
# (cartpole-swingup:action_repeat=4). Runs are ordered seed by seed, so a sweep cut short still has
# every task and ablation for its first seeds. SWEEP_JOBS=N runs N at a time, each with
# -Dmbrl.cpu.threads=nproc/N and its console output in <OUT>/logs/; by default one at a time (each
# already uses every core). Afterwards <OUT>/table.csv and <OUT>/table.md hold, per run, the
# final eval return and the area under the eval curve (trapezoid over env steps, divided by the last
# step: the mean return over training), and per task and ablation the mean and std over seeds;
# <OUT>/<task>.png draws each ablation's eval curves (mean ± std over seeds, every run thin).
# OUT defaults to results/multi_gamma; SWEEP_DRY_RUN=1 prints the commands without running them;
# SWEEP_TABLE_ONLY=1 skips the runs and rebuilds the table and PNGs from the runs already in OUT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ $# -lt 3 ]; then
    sed -n '2,19p' "$0" >&2
    exit 2
fi
tasks=$1 seeds=$2 ablations=$3
shift 3
out=${OUT:-results/multi_gamma}
mkdir -p "$out"

# Env steps per episode of each task (before action repeat).
env_episode_length() {
    case "$1" in
        pendulum) echo 200 ;;
        cartpole-swingup) echo 1000 ;;
        *) echo "sweep: unknown task '$1' (known: pendulum, cartpole-swingup); add its episode length here" >&2
           exit 2 ;;
    esac
}

# The overrides for one task: plain key=value ones, and <task>:key=value ones with the prefix cut.
task_overrides() {
    local task=$1 arg
    shift
    for arg in "$@"; do
        case "$arg" in
            *:*=*) [ "${arg%%:*}" = "$task" ] && echo "${arg#*:}" ;;
            *) echo "$arg" ;;
        esac
    done
    return 0
}

# action_repeat from the task's overrides (the last one wins), else 1 as in configs/default.yaml.
action_repeat() {
    local repeat=1 arg
    for arg in "$@"; do
        case "$arg" in action_repeat=*) repeat=${arg#action_repeat=} ;; esac
    done
    echo "$repeat"
}

primary_discount() {
    local len=$(( $(env_episode_length "$1") / $2 ))
    awk -v len="$len" 'BEGIN { g = 1 - 5 / len; if (g < 0.95) g = 0.95; if (g > 0.995) g = 0.995; printf "%.6g", g }'
}

# Every task and ablation is checked before the first run starts.
for task in $tasks; do env_episode_length "$task" >/dev/null; done
for ablation in $ablations; do
    [ -f "configs/ablations/$ablation.yaml" ] || {
        echo "sweep: no ablation config configs/ablations/$ablation.yaml (have: $(ls configs/ablations | sed 's/\.yaml$//' | tr '\n' ' '))" >&2
        exit 2
    }
done

jobs=${SWEEP_JOBS:-1}
threads=$(( $(nproc) / jobs ))
[ "$threads" -ge 1 ] || threads=1
table_only=${SWEEP_TABLE_ONLY:-0}
[ "${SWEEP_DRY_RUN:-0}" = 1 ] || [ "$table_only" = 1 ] || ./mbrl config >/dev/null # build the jar once
mkdir -p "$out/logs"
running=0
for seed in $seeds; do
    for task in $tasks; do
        mapfile -t overrides < <(task_overrides "$task" "$@")
        primary=$(primary_discount "$task" "$(action_repeat "${overrides[@]}")")
        for ablation in $ablations; do
            file=configs/ablations/$ablation.yaml
            [ -f "$file" ] || { echo "sweep: no ablation config $file" >&2; exit 2; }
            aux=$(sed -n 's/^# aux_gammas: \[\(.*\)\]$/\1/p' "$file" | tr -d ' ')
            gammas="[$primary${aux:+,$aux}]"
            cmd=(./mbrl train "$file" "task=$task" "seed=$seed" "exp_name=$ablation" "work_dir=$out"
                 "multi_gamma.gammas=$gammas" "${overrides[@]}")
            [ "$table_only" = 1 ] && continue
            echo "sweep: ${cmd[*]}"
            [ "${SWEEP_DRY_RUN:-0}" = 1 ] && continue
            if [ "$jobs" -le 1 ]; then
                "${cmd[@]}"
                continue
            fi
            if [ "$running" -ge "$jobs" ]; then
                wait -n || echo "sweep: a run failed (see $out/logs/)" >&2
                running=$((running - 1))
            fi
            MBRL_JAVA_OPTS="${MBRL_JAVA_OPTS:-} -Dmbrl.cpu.threads=$threads" "${cmd[@]}" \
                > "$out/logs/$task-$ablation-seed$seed.log" 2>&1 &
            running=$((running + 1))
        done
    done
done
while [ "$running" -gt 0 ]; do
    wait -n || echo "sweep: a run failed (see $out/logs/)" >&2
    running=$((running - 1))
done

[ "${SWEEP_DRY_RUN:-0}" = 1 ] && exit 0
{
    echo "task,ablation,seed,final_return,auc_mean_return,last_env_step"
    for task in $tasks; do
        for ablation in $ablations; do
            for seed in $seeds; do
                csv="$out/$task/$ablation/seed$seed/eval.csv"
                [ -f "$csv" ] || { echo "sweep: missing $csv" >&2; continue; }
                awk -F, -v t="$task" -v a="$ablation" -v s="$seed" 'NR > 1 {
                        if (n > 0) area += (($1 - px) * ($2 + py)) / 2; px = $1; py = $2; n++ }
                    END { printf "%s,%s,%s,%.2f,%.2f,%d\n", t, a, s, py, (px > 0 ? area / px : py), px }' "$csv"
            done
        done
    done
} > "$out/table.csv"
awk -F, 'NR > 1 { k = $1 " " $2; n[k]++; f[k] += $4; ff[k] += $4 * $4; a[k] += $5; aa[k] += $5 * $5 }
    END { print "| task | ablation | seeds | final return (mean ± std) | AUC mean return (mean ± std) |"
          print "|---|---|---|---|---|"
          for (k in n) { split(k, p, " "); m = f[k] / n[k]; am = a[k] / n[k]
              printf "| %s | %s | %d | %.1f ± %.1f | %.1f ± %.1f |\n", p[1], p[2], n[k], m,
                  sqrt(ff[k] / n[k] - m * m), am, sqrt(aa[k] / n[k] - am * am) } }' "$out/table.csv" > "$out/table.md"
cat "$out/table.md"
for task in $tasks; do
    mapfile -t csvs < <(ls "$out/$task"/*/seed*/eval.csv 2>/dev/null)
    [ "${#csvs[@]}" -eq 0 ] || ./mbrl plot "$out/$task.png" --title "$task" "${csvs[@]}"
done
