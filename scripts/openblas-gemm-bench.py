#!/usr/bin/python3
"""GFLOP/s of float32 matmul through OpenBLAS (numpy, or torch with --torch) on the TD-MPC2 GEMM shapes.

The yardstick for mbrl4j's CPU GEMM (src/jmh/.../bench/GemmBench.java, the same shapes and layouts):
  NT  c = a . b^T   a (M, Fi), b (F, Fi)  a linear layer's forward  x . w^T
  NN  c = a . b     a (M, Fi), b (Fi, F)  its input gradient        dy . w
  TN  c = a^T . b   a (Fi, M), b (Fi, F)  its weight gradient       dy^T . x
Shapes are M x Fi x F (docs/dims.md#op-dims); GFLOP/s = 2 M Fi F / t. Each shape is timed in rounds of about
0.2 s of calls into a preallocated output; the line gives the median and the best round. Time is the
process's CPU time (time.process_time), not wall time, so that on a loaded machine the figures steer; with
one thread the two agree on a quiet machine.

Set-up (Debian 12): apt-get install python3-numpy libopenblas0-openmp (python3-torch for --torch), and check
that libblas.so.3 points at OpenBLAS: update-alternatives --display libblas.so.3-x86_64-linux-gnu.
Run with Debian's python and one thread, OpenMP not spinning:
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/openblas-gemm-bench.py
The last line is one JSON object with every figure.
"""
import argparse
import json
import os
import statistics
import time

# GemmBench's @Param shape list, in its order.
SHAPES = ["512x512x512", "512x518x512", "256x518x512", "256x101x512", "256x512x101", "24x518x512", "1x512x512",
          "3216x512x512", "256x1024x1024", "512x65x1024"]
TRANS = ["NT", "NN", "TN"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--torch", action="store_true", help="time torch.matmul instead of numpy.matmul")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--round-seconds", type=float, default=0.2)
    p.add_argument("--shapes", default=",".join(SHAPES))
    p.add_argument("--trans", default=",".join(TRANS))
    args = p.parse_args()
    if args.torch:
        import torch
        torch.set_num_threads(1)
        lib = "torch " + torch.__version__
        rand = lambda *s: torch.rand(*s, dtype=torch.float32) * 2 - 1
        matmul = lambda x, y, out: torch.matmul(x, y, out=out)
        empty = lambda *s: torch.empty(*s, dtype=torch.float32)
    else:
        import numpy as np
        lib = "numpy " + np.__version__
        rng = np.random.default_rng(1)
        rand = lambda *s: rng.uniform(-1, 1, s).astype(np.float32)
        matmul = lambda x, y, out: np.matmul(x, y, out=out)
        empty = lambda *s: np.empty(s, dtype=np.float32)
    print(f"{lib}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, load average {os.getloadavg()}")
    results = []
    for shape in args.shapes.split(","):
        m, k, n = (int(v) for v in shape.split("x"))
        for trans in args.trans.split(","):
            a = rand(m, k) if trans[0] == "N" else rand(k, m)
            b = rand(k, n) if trans[1] == "N" else rand(n, k)
            op_a = a if trans[0] == "N" else a.T
            op_b = b if trans[1] == "N" else b.T
            c = empty(m, n)
            flops = 2.0 * m * k * n
            reps = max(1, int(args.round_seconds * 100e9 / flops))
            for _ in range(3):
                matmul(op_a, op_b, c)
            times = []
            for _ in range(args.rounds):
                t0 = time.process_time()
                for _ in range(reps):
                    matmul(op_a, op_b, c)
                times.append((time.process_time() - t0) / reps)
            med = statistics.median(times)
            best = min(times)
            row = {"shape": shape, "trans": trans, "us_median": med * 1e6, "us_best": best * 1e6,
                   "gflops_median": flops / med / 1e9, "gflops_best": flops / best / 1e9}
            results.append(row)
            print(f"{shape} {trans}: median {med * 1e6:.1f} us ({row['gflops_median']:.0f} GFLOP/s), "
                  f"best {best * 1e6:.1f} us ({row['gflops_best']:.0f} GFLOP/s)", flush=True)
    print(json.dumps({"library": lib, "load_average_end": os.getloadavg(), "results": results}))


if __name__ == "__main__":
    main()
