import re, sys, statistics, glob, os
d = sys.argv[1]
def read(f):
    r = {}
    for line in open(f):
        m = re.match(r"(\S+) (NT|NN|TN)( kept)?: median ([\d.]+) us", line)
        if m: r[(m.group(1), m.group(2))] = float(m.group(4))
    return r
def runs(prefix):
    return {int(re.search(r"-(\d+)\.txt$", f).group(1)): read(f) for f in glob.glob(os.path.join(d, prefix + "-*.txt"))}
new, skx, old, dft = runs("mbrl-new"), runs("openblas-skylakex"), runs("mbrl-old"), runs("openblas-default")
keys = list(next(iter(new.values())).keys())
print("| M × K × N | layout | mbrl4j µs, rounds 1-4 | OpenBLAS SkylakeX µs, rounds 1-4 | ratio per round | median ratio | new / old (rounds 1, 2) | OpenBLAS default µs (3, 4) |")
print("|---|---|---|---|---|---|---|---|")
worst = 0
for k in keys:
    rs = sorted(new)
    ratios = [new[r][k] / skx[r][k] for r in rs]
    med = statistics.median(ratios)
    worst = max(worst, med)
    no = " ".join(f"{new[r][k] / old[r][k]:.2f}" for r in sorted(old))
    df = ", ".join(f"{dft[r][k]:.1f}" for r in sorted(dft))
    print(f"| {k[0].replace('x', ' × ')} | {k[1]} | {', '.join(f'{new[r][k]:.1f}' for r in rs)} | {', '.join(f'{skx[r][k]:.1f}' for r in rs)} | {' '.join(f'{x:.2f}' for x in ratios)} | **{med:.3f}** | {no} | {df} |")
