#!/usr/bin/env python3
"""bench/report.py -- run the benchmark suite and write docs/benchmarks.md with PNG plots.

    python3 bench/report.py [--build-dir build/release] [--min-time 0.05] [--repetitions 3]
                            [--no-build] [--render-only] [--out docs/benchmarks.md] [--filter REGEX]

Builds the bench_* targets (unless --no-build), runs every problem binary once with Google
Benchmark's JSON output (repetitions interleaved at random, so that every mode of a problem
sees the same machine load), runs bench_memory for the peak-memory table, and writes the
page. Only ratios of times measured in the same run are reported: the machine is shared and
absolute times are noise. Each time is the minimum over the repetitions (the least disturbed
run). Plots are drawn by gnuplot (Debian: gnuplot-nox); without it the page has no images.
Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBLEMS = ["question", "rosenbrock", "mlp", "transcendental"]
TD_MODES = ["automatic", "per_direction", "shared_primal", "laplacian"]
TAPE_MODES = ["tape", "tape_lap"]
# the templated driver that computes the same outputs as each tape mode
TAPE_DRIVER = {"tape": "automatic", "tape_lap": "laplacian"}
ALL_MODES = TD_MODES + TAPE_MODES + ["analytic", "copy", "copy_lap", "scalar_jet", "full_hessian", "automatic_colmajor", "copy_colmajor"]
TITLES = {
    ("product", 3): "product prod(x_i^2 - 3x_i + 1), n = 3",
    ("logsumsq", 3): "log sum x^2, n = 3",
    ("logsumsq", 64): "log sum x^2, n = 64",
    ("rosenbrock", 1024): "Rosenbrock, n = 1024",
    ("mlp", 32): "tanh MLP 32-64-64-1, n = 32",
    ("trans", 256): "transcendental mix, n = 256",
}
MAIN = list(TITLES)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def machine():
    info = {}
    try:
        for line in sh(["lscpu"]).splitlines():
            k, _, v = line.partition(":")
            info[k.strip()] = v.strip()
    except Exception:
        pass
    flags = info.get("Flags", "")
    isa = [f for f in ("avx512f", "avx2", "fma") if f in flags.split()]
    gcc = ""
    try:
        gcc = sh(["g++", "--version"]).splitlines()[0]
    except Exception:
        pass
    commit = ""
    try:
        commit = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
    except Exception:
        pass
    return {
        "cpu": info.get("Model name", platform.processor()),
        "cpus": info.get("CPU(s)", str(os.cpu_count())),
        "caches": ", ".join(f"{k} {info[k]}" for k in ("L1d cache", "L2 cache", "L3 cache") if k in info),
        "isa": " ".join(isa),
        "kernel": platform.release(),
        "compiler": gcc,
        "commit": commit,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return ["?"] * 3


def run_suite(bindir, args):
    results = {}  # (problem, n, mode, threads) -> ns per point (min over repetitions)
    for prob in PROBLEMS:
        exe = os.path.join(bindir, f"bench_{prob}")
        out = os.path.join(args.tmp, f"{prob}.json")
        cmd = [exe, f"--benchmark_min_time={args.min_time}", f"--benchmark_repetitions={args.repetitions}",
               "--benchmark_enable_random_interleaving=true", "--benchmark_format=json",
               f"--benchmark_out={out}", "--benchmark_out_format=json"]
        if args.filter:
            cmd.append(f"--benchmark_filter={args.filter}")
        print("running", " ".join(cmd), file=sys.stderr, flush=True)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        data = json.load(open(out))
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
        for b in data["benchmarks"]:
            if b.get("run_type") != "iteration":
                continue
            m = re.match(r"([a-z_]+)/n:(\d+)/([a-z_]+)/t:(\d+)", b["name"])
            if not m:
                continue
            key = (m.group(1), int(m.group(2)), m.group(3), int(m.group(4)))
            ns = b["real_time"] * scale[b["time_unit"]] / b["k"]
            results[key] = min(ns, results.get(key, float("inf")))
    return results


def run_tape_isa(bindir, args):
    """bench_tape: the interpreter on each instruction set this CPU runs against the templated
    driver, k = 4096 points, 1 thread. Returns {(problem, n, outputs, variant): ns per point}."""
    exe = os.path.join(bindir, "bench_tape")
    out = os.path.join(args.tmp, "tape.json")
    cmd = [exe, f"--benchmark_min_time={args.min_time}", f"--benchmark_repetitions={args.repetitions}",
           "--benchmark_enable_random_interleaving=true", "--benchmark_format=json",
           f"--benchmark_out={out}", "--benchmark_out_format=json"]
    print("running", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    res = {}
    for b in json.load(open(out))["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        m = re.match(r"([a-z_]+)/n:(\d+)/(diag|lap)/(driver|tape/[a-z0-9]+)$", b["name"])
        if not m:
            continue
        key = "/".join((m.group(1), m.group(2), m.group(3), m.group(4).replace("tape/", "")))
        ns = 1e9 / b["items_per_second"]
        res[key] = min(ns, res.get(key, float("inf")))
    return res


def run_memory(bindir):
    rows = []
    exe = os.path.join(bindir, "bench_memory")
    for mode in ("diagonal", "laplacian"):
        for threads in (1, 2):
            print("running", exe, mode, threads, file=sys.stderr, flush=True)
            out = subprocess.run([exe, mode, str(threads)], check=True, text=True, capture_output=True).stdout
            rows.append(json.loads(out))
    return rows


def fmt(x, digits=3):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits - 1}f}" if x >= 1 else f"{x:.{digits}f}"


def ratio(r, a, b):
    return r[a] / r[b] if a in r and b in r else None


def gnuplot(script):
    if not shutil.which("gnuplot"):
        return False
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    return True


def plots(r, imgdir):
    made = []
    os.makedirs(imgdir, exist_ok=True)
    # time per point against n, one panel per problem family with a sweep
    for prob, title in (("logsumsq", "log sum x^2"), ("trans", "transcendental mix")):
        ns = sorted({k[1] for k in r if k[0] == prob})
        modes = ["automatic", "per_direction", "laplacian", "tape", "tape_lap", "analytic", "copy"]
        dat = os.path.join(imgdir, f"{prob}_n.dat")
        with open(dat, "w") as f:
            f.write("# n " + " ".join(modes) + "\n")
            for n in ns:
                f.write(f"{n} " + " ".join(str(r.get((prob, n, m, 1), "NaN")) for m in modes) + "\n")
        png = os.path.join(imgdir, f"{prob}_time_per_point.png")
        plot = ", ".join(f"'{dat}' using 1:{i + 2} with linespoints title '{m}'" for i, m in enumerate(modes))
        ok = gnuplot(f"""set terminal pngcairo size 800,500 font ',10'
set output '{png}'
set termoption noenhanced
set title '{title}: time per point against n (1 thread, same run)'
set logscale xy
set xlabel 'n (dimension)'
set ylabel 'ns per point'
set key left top
set grid
plot {plot}
""")
        if ok:
            made.append((f"{title}: time per point against n", os.path.basename(png)))
    # thread scaling: speedup of 2 threads over 1
    rows = []
    for (prob, n) in MAIN:
        for m in ("automatic", "laplacian", "tape", "analytic"):
            s = ratio(r, (prob, n, m, 1), (prob, n, m, 2))
            if s:
                rows.append((f"{prob} n={n} {m}", s))
    dat = os.path.join(imgdir, "threads.dat")
    with open(dat, "w") as f:
        for i, (lbl, s) in enumerate(rows):
            f.write(f"{i} {s} \"{lbl}\"\n")
    png = os.path.join(imgdir, "thread_scaling.png")
    ok = gnuplot(f"""set terminal pngcairo size 900,500 font ',9'
set output '{png}'
set termoption noenhanced
set rmargin 10
set bmargin 10
set title 'speedup of 2 threads over 1 (same run; 2 cores shared with other work)'
set style fill solid 0.6
set boxwidth 0.7
set yrange [0:2.2]
set ylabel 'time(1 thread) / time(2 threads)'
set xtics rotate by -45 left
set grid y
set arrow from graph 0, first 1.8 to graph 1, first 1.8 nohead dashtype 2 lc rgb 'red'
plot '{dat}' using 1:2:xtic(3) with boxes notitle
""")
    if ok:
        made.append(("thread scaling", os.path.basename(png)))
    return made


def targets(r, mem):
    def a(p, n, m, t=1):
        return (p, n, m, t)
    rows = []
    for p in ("product", "logsumsq"):
        v = ratio(r, a(p, 3, "automatic"), a(p, 3, "copy"))
        rows.append((f"n = 3 {p}: automatic / plain copy", "≤ 1.3", v, v is not None and v <= 1.3))
    for p in ("product", "logsumsq"):
        v = ratio(r, a(p, 3, "automatic_colmajor"), a(p, 3, "copy_colmajor"))
        rows.append((f"n = 3 {p}, column-major in/out: automatic / plain copy", "(≤ 1.3)", v, None))
    v = ratio(r, a("mlp", 32, "automatic"), a("mlp", 32, "analytic"))
    rows.append(("MLP: automatic / analytic SIMD", "≤ 1.5", v, v is not None and v <= 1.5))
    for p, n in (("trans", 256), ("mlp", 32)):
        v = ratio(r, a(p, n, "per_direction"), a(p, n, "shared_primal"))
        rows.append((f"{p}: per-direction / shared-primal", "≥ 2", v, v is not None and v >= 2))
    for p, n in (("rosenbrock", 1024), ("trans", 256)):
        v = ratio(r, a(p, n, "automatic"), a(p, n, "analytic"))
        rows.append((f"{p} (partially separable): automatic / analytic", "report", v, None))
    v = ratio(r, a("logsumsq", 64, "full_hessian"), a("logsumsq", 64, "automatic"))
    rows.append(("n = 64 log sum x^2: full Hessian (nested) / automatic", "≥ 10", v, v is not None and v >= 10))
    for (p, n) in MAIN:
        if n >= 64:
            v = ratio(r, a(p, n, "automatic", 1), a(p, n, "automatic", 2))
            rows.append((f"{p} n={n}: automatic 1 thread / 2 threads", "≥ 1.8", v, v is not None and v >= 1.8))
    # issue 6: the tape interpreter (recorded f, dependency sparsity) in the same binaries
    for p, n in (("mlp", 32), ("trans", 256)):
        v = ratio(r, a(p, n, "tape"), a(p, n, "automatic"))
        rows.append((f"{p} n={n}: tape / automatic (interpreter vs templated driver)", "≤ 2", v,
                     v is not None and v <= 2))
    for p, n in (("rosenbrock", 1024), ("trans", 256), ("logsumsq", 64)):
        v = ratio(r, a(p, n, "tape"), a(p, n, "analytic"))
        rows.append((f"{p} n={n}: tape / analytic SIMD", "≤ 3", v, v is not None and v <= 3))
    for m in mem:
        budget = 1.5 * m["io_bytes"] + 64 * 2**20
        v = m["peak_rss_bytes"] / budget
        rows.append((f"n = 100,000, k = 64: peak RSS / (1.5 (in+out) + 64 MiB), {m['mode']}, {m['threads']} thread(s)",
                     "≤ 1", v, v <= 1))
    return rows


def write_page(r, mem, isa, mach, load, imgs, args, elapsed):
    L = []
    w = L.append
    w("# Benchmarks")
    w("")
    w("Generated by `python3 bench/report.py` (see the end of this page); do not edit by hand.")
    w("Every number is a **ratio of two times measured in the same run** of one binary, with")
    w("the repetitions of all modes interleaved at random; each time is the minimum over")
    w(f"{args.repetitions} repetitions. The machine is shared, so absolute times are not quoted")
    w("in the text (the per-point times in the detail tables are there only to read the ratios).")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {mach['cpu']}, {mach['cpus']} logical CPUs; {mach['caches']}; ISA: {mach['isa']}")
    w(f"- Compiler: {mach['compiler']}, Release, `-march=native` for bench/ (TAYLORDIAG_BENCH_NATIVE)")
    w(f"- Kernel {mach['kernel']}; commit {mach['commit']}; {mach['date']}")
    w(f"- Load average before / after the run: {' '.join(load[0])} / {' '.join(load[1])}; suite run time {elapsed:.0f} s")
    w("")
    w("## Targets")
    w("")
    w("Single thread unless stated.")
    w("")
    w("| target | goal | measured | met |")
    w("|---|---|---|---|")
    for name, goal, v, met in targets(r, mem):
        m = "–" if met is None else ("yes" if met else "**no**")
        w(f"| {name} | {goal} | {fmt(v)} | {m} |")
    w("")
    w("## Ratios per problem (1 thread)")
    w("")
    w("`automatic`, `per_direction`, `shared_primal`: value, gradient and Hessian diagonal;")
    w("`laplacian`: value and Laplacian by collapsed jets. Baselines: `analytic` hand-written")
    w("derivatives vectorised with xsimd; `copy` reads the inputs and writes the bytes of the")
    w("diagonal outputs (`copy_lap`: the Laplacian outputs); `scalar_jet` one `Jet<double,2>`")
    w("pass per direction without SIMD; `full_hessian` nested forward mode (dual of duals, one")
    w("pass per Hessian entry), run only for n ≤ 64. `tape`: the same f recorded once by")
    w("`tape::record` and run by the interpreter (`tape::evaluate`: value, gradient, diagonal;")
    w("run-time ISA, dependency sparsity); `tape_lap`: `tape::laplacian`. \"driver / tape\" is")
    w("automatic / tape and laplacian / tape_lap (above 1: the interpreter is faster). The tape")
    w("modes, analytic and copy run on the same k points; the templated modes on fewer")
    w("(`k_jet`, bench/*.cpp).")
    w("")
    w("| problem | mode | / analytic | / copy | per-dir / shared | full Hessian / mode | driver / tape | 1 thr / 2 thr |")
    w("|---|---|---|---|---|---|---|---|")
    for (p, n) in MAIN:
        for m in TD_MODES + ["scalar_jet"] + TAPE_MODES:
            key = (p, n, m, 1)
            if key not in r:
                continue
            cp = "copy_lap" if m in ("laplacian", "tape_lap") else "copy"
            pd = ratio(r, (p, n, "per_direction", 1), (p, n, "shared_primal", 1)) if m == "shared_primal" else None
            fh = ratio(r, (p, n, "full_hessian", 1), key) if m != "scalar_jet" else None
            dt = ratio(r, (p, n, TAPE_DRIVER[m], 1), key) if m in TAPE_DRIVER else None
            th = ratio(r, key, (p, n, m, 2))
            w(f"| {TITLES[(p, n)]} | {m} | {fmt(ratio(r, key, (p, n, 'analytic', 1)))} | "
              f"{fmt(ratio(r, key, (p, n, cp, 1)))} | {fmt(pd)} | {fmt(fh)} | {fmt(dt)} | {fmt(th)} |")
    w("")
    w("Baselines among themselves: analytic / copy, and 1 thread / 2 threads:")
    w("")
    w("| problem | analytic / copy | analytic 1 thr / 2 thr | copy 1 thr / 2 thr |")
    w("|---|---|---|---|")
    for (p, n) in MAIN:
        w(f"| {TITLES[(p, n)]} | {fmt(ratio(r, (p, n, 'analytic', 1), (p, n, 'copy', 1)))} | "
          f"{fmt(ratio(r, (p, n, 'analytic', 1), (p, n, 'analytic', 2)))} | "
          f"{fmt(ratio(r, (p, n, 'copy', 1), (p, n, 'copy', 2)))} |")
    w("")
    w("## Plots")
    w("")
    if not imgs:
        w("(gnuplot was not found: `apt-get install -y gnuplot-nox` and run the report again.)")
    for title, png in imgs:
        w(f"![{title}](benchmarks/{png})")
        w("")
    notes = os.path.join(ROOT, "bench", "report_notes.md")
    if os.path.exists(notes):
        w("## Analysis: what limits each target")
        w("")
        w(open(notes).read().rstrip())
        w("")
    if isa:
        w("## Tape interpreter per instruction set")
        w("")
        w("`bench_tape`: the recorded f on each instruction set the interpreter was built for and")
        w("this CPU runs (forced with `force_tape_architecture`), against the templated driver")
        w("(`taylordiag::evaluate`, `-march=native`) on the same k = 4096 points, 1 thread; `diag`:")
        w("value, gradient, diagonal (driver: automatic), `lap`: value and Laplacian (driver:")
        w("collapsed jets). Entries are driver time / tape time: above 1 the interpreter is faster.")
        w("")
        archs = [a for a in ("avx512", "avx2", "sse2") if any(k.endswith("/" + a) for k in isa)]
        w("| problem | n | outputs | " + " | ".join(f"driver / tape {a}" for a in archs) + " |")
        w("|---|---|---|" + "---|" * len(archs))
        cases = sorted({tuple(k.split("/")[:3]) for k in isa}, key=lambda c: (c[0], int(c[1]), c[2]))
        for prob, n, kind in cases:
            base = "/".join((prob, n, kind))
            drv = isa.get(base + "/driver")
            cells = [fmt(drv / isa[f"{base}/{a}"]) if drv and f"{base}/{a}" in isa else "–" for a in archs]
            w(f"| {prob} | {n} | {kind} | " + " | ".join(cells) + " |")
        w("")
    w("## Peak memory")
    w("")
    w("`bench_memory`: one driver call at n = 100,000, k = 64, peak resident set (getrusage")
    w("`ru_maxrss`) of the whole process against the bytes of inputs + outputs (diagonal: x,")
    w("value, gradient, diagonal; Laplacian: x, value, Laplacian). Its f reads three")
    w("coordinates: the drivers' memory does not depend on f, while a dense f at this n costs")
    w("n²/D jet operations per point.")
    w("")
    w("| outputs | threads | in + out (MiB) | peak RSS (MiB) | peak / (in + out) | budget 1.5 (in+out) + 64 MiB | call time (s) |")
    w("|---|---|---|---|---|---|---|")
    for m in mem:
        io = m["io_bytes"] / 2**20
        pk = m["peak_rss_bytes"] / 2**20
        w(f"| {m['mode']} | {m['threads']} | {io:.1f} | {pk:.1f} | {pk / io:.2f} | {1.5 * io + 64:.1f} | {m['seconds']:.2f} |")
    w("")
    w("## Per-point times of this run (ns; for reading the ratios only)")
    w("")
    w("| problem | n | mode | threads | ns / point |")
    w("|---|---|---|---|---|")
    for key in sorted(r, key=lambda k: (k[0], k[1], ALL_MODES.index(k[2]) if k[2] in ALL_MODES else 99, k[3])):
        w(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {fmt(r[key], 4)} |")
    w("")
    w("## Reproduce")
    w("")
    w("    cmake --preset release")
    w("    python3 bench/report.py --build-dir build/release     # builds bench_*, runs, writes this page")
    w("")
    w(f"Options used: `--min-time {args.min_time} --repetitions {args.repetitions}`. The problems, the")
    w("baselines and the point counts are in `bench/*.cpp` and `bench/common.hpp`; each binary")
    w("checks every mode against its analytic derivatives before timing anything.")
    w("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--min-time", default="0.05")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--no-tape-isa", action="store_true", help="skip bench_tape (interpreter per instruction set)")
    ap.add_argument("--render-only", action="store_true", help="rewrite the page from the last run's results.json")
    ap.add_argument("--filter", default="")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    args = ap.parse_args()
    bindir = os.path.join(args.build_dir, "bench")
    if not args.no_build and not args.render_only:
        targets_ = [f"bench_{p}" for p in PROBLEMS] + ["bench_memory", "bench_tape"]
        subprocess.run(["cmake", "--build", args.build_dir, "--target", *targets_, "-j2"], check=True)
    args.tmp = os.path.join(args.build_dir, "bench-report")
    os.makedirs(args.tmp, exist_ok=True)
    saved = os.path.join(args.tmp, "results.json")
    if args.render_only:  # re-render the page from the last run's numbers
        d = json.load(open(saved))
        r = {tuple(int(x) if x.isdigit() else x for x in k.split("/")): v for k, v in d["times"].items()}
        mem, mach, load0, load1, elapsed = d["memory"], d["machine"], d["load"][0], d["load"][1], d["elapsed"]
        isa = d.get("tape_isa", {})
        args.repetitions, args.min_time = d["repetitions"], d["min_time"]
    else:
        mach = machine()
        t0 = datetime.datetime.now()
        load0 = loadavg()
        r = run_suite(bindir, args)
        mem = [] if args.no_memory else run_memory(bindir)
        isa = {} if args.no_tape_isa else run_tape_isa(bindir, args)
        load1 = loadavg()
        elapsed = (datetime.datetime.now() - t0).total_seconds()
        with open(saved, "w") as f:
            json.dump({"times": {"/".join(map(str, k)): v for k, v in r.items()}, "memory": mem, "tape_isa": isa, "machine": mach,
                       "load": [load0, load1], "elapsed": elapsed, "repetitions": args.repetitions,
                       "min_time": args.min_time}, f, indent=1)
    imgdir = os.path.join(os.path.dirname(os.path.abspath(args.out)), "benchmarks")
    imgs = plots(r, imgdir)
    for f in os.listdir(imgdir):
        if f.endswith(".dat"):
            os.remove(os.path.join(imgdir, f))
    page = write_page(r, mem, isa, mach, (load0, load1), imgs, args, elapsed)
    with open(args.out, "w") as f:
        f.write(page)
    print(f"wrote {args.out} ({elapsed:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
