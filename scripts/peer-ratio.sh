#!/usr/bin/env bash
# Side-by-side speed against the PyTorch peer (../shared/peers/torch_tdmpc2_bench.py): PAIRS alternating
# pairs, each the peer's plan() and update() followed by mbrl4j's JMH Tdmpc2AgentBench act and update at the
# same preset and dims, both with THREADS threads. Presets: cpu (the peer's `small`) with Pendulum dims (obs 3,
# action 1) and 5M with walker dims (obs 24, action 6). mbrl4j runs with cpu_fast_math false and true.
# Writes every raw result under OUT and prints the per-pair ratios mbrl4j/peer with their medians.
#
# usage: PEER=/path/torch_tdmpc2_bench.py OUT=dir [PAIRS=4] [THREADS=2] [PRESETS="cpu 5"] scripts/peer-ratio.sh
# Needs Debian's python3-torch and libopenblas0-openmp (apt-get install -y python3-torch libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
peer="${PEER:?set PEER to torch_tdmpc2_bench.py}"
out="${OUT:?set OUT to a results directory}"
pairs="${PAIRS:-4}"
threads="${THREADS:-2}"
presets="${PRESETS:-cpu 5}"
mkdir -p "$out"
{ echo "date: $(date -u +%FT%TZ)"; echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "cpuid: family $(lscpu | sed -n 's/^CPU family: *//p'), model $(lscpu | sed -n 's/^Model: *//p')"; echo "nproc: $(nproc)"
  echo "commit: $(git rev-parse --short HEAD)"; echo "threads: $threads"; } > "$out/machine.txt"
for pair in $(seq 1 "$pairs"); do
    for preset in $presets; do
        if [ "$preset" = cpu ]; then pp=small; dims=(--obs-dim 3 --action-dim 1); env=pendulum; iters=40; r=1s
        else pp=5M; dims=(--obs-dim 24 --action-dim 6); env=walker-dims; iters=10; r=3s; fi
        echo "pair $pair preset $preset: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
        OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$peer" --preset "$pp" "${dims[@]}" --threads "$threads" \
            --iters "$iters" --warmup 3 | tail -n 1 > "$out/peer-$preset-$pair.json"
        MBRL_JAVA_OPTS="-Dmbrl.cpu.threads=$threads" ./mbrl bench Tdmpc2AgentBench -p modelSize="$preset" -p env="$env" \
            -p fastMath=false,true -jvmArgsPrepend "-Dmbrl.cpu.threads=$threads" -f 1 -wi 3 -i 5 -w "$r" -r "$r" \
            -rf json -rff "$out/mbrl-$preset-$pair.json" > "$out/mbrl-$preset-$pair.log" 2>&1
    done
done
/usr/bin/python3 - "$out" "$pairs" "$presets" <<'PY' | tee "$out/ratios.md"
import json, statistics, sys
out, pairs, presets = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
print("| preset | phase | fast math | peer ms (median) | mbrl4j ms (median) | ratios per pair | median ratio |")
print("|---|---|---|---|---|---|---|")
for preset in presets:
    for phase, bench in (("plan", "act"), ("update", "update")):
        for fm in ("false", "true"):
            peer_ms, ours, ratios = [], [], []
            for p in range(1, pairs + 1):
                pj = json.load(open(f"{out}/peer-{preset}-{p}.json"))
                pm = pj[phase]["median_us"] / 1000
                mj = [r for r in json.load(open(f"{out}/mbrl-{preset}-{p}.json"))
                      if r["benchmark"].endswith("." + bench) and r["params"]["fastMath"] == fm]
                mm = mj[0]["primaryMetric"]["score"]
                peer_ms.append(pm); ours.append(mm); ratios.append(mm / pm)
            print(f"| {preset} | {phase} | {fm} | {statistics.median(peer_ms):.2f} | {statistics.median(ours):.2f} | "
                  + ", ".join(f"{r:.3f}" for r in ratios) + f" | **{statistics.median(ratios):.3f}** |")
PY
