#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""flash2 next to PyTorch's CPU scaled-dot-product attention, in one run.

Issue #17 asks for the comparison side by side: same shapes, same thread
count, interleaved, best of several repeats. Each cell (N, d, mask, threads)
alternates flash2 (`attn-kernels bench --repeat R`, whose time excludes
process start and its own warm-up run) with R PyTorch calls on tensors made
(and warmed up) once per cell, `--rounds` times, swapping which goes first
each round so neither side always runs on a warmer cache. The best time of
each side over all rounds is kept. ratio = PyTorch time / flash2 time (above 1:
flash2 is faster).

PyTorch 1.13 (Debian's python3-torch) has the function as
torch.nn.functional._scaled_dot_product_attention; 2.x names it
scaled_dot_product_attention. Both are used with is_causal for the mask.

Usage: bench/kernels/vs-pytorch.py [--bin _build-kernels/src/kernels/attn-kernels]
           [--ns 2048 4096 8192] [--ds 64 128] [--threads 1 2] [--rounds 5] [--repeat 3]
           [--out vs-pytorch.jsonl]
"""

import argparse
import json
import os
import subprocess
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("vs-pytorch.py: PyTorch is missing (apt-get install python3-torch)")


def torch_sdpa():
    fn = getattr(F, "scaled_dot_product_attention", None)
    if fn is not None:
        return lambda q, k, v, causal: fn(q, k, v, is_causal=causal)
    fn = getattr(F, "_scaled_dot_product_attention", None)
    if fn is None:
        sys.exit("vs-pytorch.py: this PyTorch has no scaled_dot_product_attention")
    return lambda q, k, v, causal: fn(q, k, v, is_causal=causal)[0]


def flops(n, d, causal):
    """The bench's convention: 4·N²·d per head, halved when causal."""
    f = 4.0 * n * n * d
    return f / 2 if causal else f


def run_flash(binary, n, d, threads, causal, repeat):
    cmd = [binary, "bench", "--algo", "flash2", "--n", str(n), "--d", str(d),
           "--heads", "1", "--threads", str(threads), "--repeat", str(repeat), "--json"]
    if causal:
        cmd.append("--causal")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def blas_thread_setter():
    """OpenBLAS's openblas_set_num_threads, as loaded by PyTorch, or None.

    Debian's PyTorch is built against the generic BLAS (BLAS_INFO=generic),
    so torch.set_num_threads() does not reach OpenBLAS: without this, the
    matrix products of a "1 thread" PyTorch cell ran on every core (measured
    on 2026-12-03: process CPU time twice the wall time for q @ k^T)."""
    import ctypes
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line or "lapack" in line}
    for path in sorted(paths):
        try:
            return ctypes.CDLL(path).openblas_set_num_threads
        except (OSError, AttributeError):
            continue
    return None


def set_threads(set_blas, t):
    torch.set_num_threads(t)
    if set_blas is not None:
        set_blas(t)


def run_torch(sdpa, q, k, v, causal, repeat):
    """Best wall time of @repeat calls, and the process's CPU time over
    their total wall time: about the thread count when the cores are quiet."""
    best, wall, cpu = float("inf"), 0.0, 0.0
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        sdpa(q, k, v, causal)
        dt = time.perf_counter() - t0
        wall, cpu = wall + dt, cpu + time.process_time() - c0
        best = min(best, dt)
    return best, cpu / wall


def sgemm_peak(binary, threads):
    runs = [float(subprocess.run([binary, "sgemm-peak", "--threads", str(threads)],
                                 check=True, capture_output=True, text=True).stdout)
            for _ in range(3)]
    return max(runs)


def lscpu_summary():
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return "lscpu not available"
    keep = ("Model name", "CPU family", "Model:", "CPU(s):", "L1d", "L2", "L3")
    lines = [l.strip() for l in text.splitlines() if l.strip().startswith(keep)]
    flags = text.split("Flags:", 1)[-1].split()
    isa = [f for f in ("avx2", "fma", "avx512f") if f in flags]
    return "; ".join(" ".join(l.split()) for l in lines) + "; ISA: " + " ".join(isa)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="_build-kernels/src/kernels/attn-kernels")
    ap.add_argument("--ns", type=int, nargs="+", default=[2048, 4096, 8192])
    ap.add_argument("--ds", type=int, nargs="+", default=[64, 128])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per side and round")
    ap.add_argument("--out", default="vs-pytorch.jsonl")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"vs-pytorch.py: {args.bin} is not built "
                 "(meson compile -C _build-kernels attn-kernels)")

    sdpa = torch_sdpa()
    torch.zeros(2, 2) @ torch.zeros(2, 2)   # loads PyTorch's BLAS
    set_blas = blas_thread_setter()
    print(f"# {lscpu_summary()}", file=sys.stderr)
    print("# PyTorch's OpenBLAS threads: " +
          ("set with each cell's count" if set_blas else "NOT controllable: its 1-thread cells may use more cores"),
          file=sys.stderr)
    print(f"# PyTorch {torch.__version__}; load average at start "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])}", file=sys.stderr)
    rows = []
    with open(args.out, "w") as out:
        for t in args.threads:
            set_threads(set_blas, t)
            peak = sgemm_peak(args.bin, t)
            print(f"# sgemm peak, {t} thread(s): {peak:.1f} GFLOP/s", file=sys.stderr)
            for n in args.ns:
                for d in args.ds:
                    for causal in (False, True):
                        gen = torch.Generator().manual_seed(n * 1000 + d)
                        q, k, v = (torch.randn(1, 1, n, d, generator=gen) for _ in range(3))
                        run_torch(sdpa, q, k, v, causal, 1)  # warm-up
                        best_f, best_t, info, cores = float("inf"), float("inf"), None, 0.0
                        for r in range(args.rounds):
                            order = ("flash", "torch") if r % 2 == 0 else ("torch", "flash")
                            for side in order:
                                if side == "flash":
                                    info = run_flash(args.bin, n, d, t, causal, args.repeat)
                                    best_f = min(best_f, info["time_s"])
                                else:
                                    took, cores = run_torch(sdpa, q, k, v, causal, args.repeat)
                                    best_t = min(best_t, took)
                        row = {"n": n, "d": d, "causal": causal, "threads": t,
                               "flash2_s": best_f, "torch_s": best_t,
                               "flash2_gflops": flops(n, d, causal) / best_f / 1e9,
                               "torch_gflops": flops(n, d, causal) / best_t / 1e9,
                               "ratio": best_t / best_f, "sgemm_peak_gflops": peak,
                               "torch_cpu_per_wall": round(cores, 2),
                               "inner": info.get("inner"),
                               "block_q_used": info.get("block_q_used"),
                               "block_k_used": info.get("block_k_used")}
                        rows.append(row)
                        out.write(json.dumps(row) + "\n")
                        out.flush()
                        print(f"#  N={n} d={d} causal={int(causal)} T={t}: ratio {row['ratio']:.2f}",
                              file=sys.stderr)
                        del q, k, v
    print(f"# load average at end {' '.join(open('/proc/loadavg').read().split()[:3])}",
          file=sys.stderr)

    print("| N | d | mask | threads | flash2 GFLOP/s | % sgemm | PyTorch GFLOP/s | PyTorch cores busy "
          "| PyTorch time / flash2 time |")
    print("|---:|---:|:---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']} | {r['d']} | {'causal' if r['causal'] else '—'} | {r['threads']} "
              f"| {r['flash2_gflops']:.1f} | {100 * r['flash2_gflops'] / r['sgemm_peak_gflops']:.0f} "
              f"| {r['torch_gflops']:.1f} | {r['torch_cpu_per_wall']:.2f} | {r['ratio']:.2f} |")
    by = {(r["n"], r["d"], r["causal"], r["threads"]): r for r in rows}
    scale = [by[(n, d, c, 1)]["flash2_s"] / by[(n, d, c, 2)]["flash2_s"]
             for (n, d, c, t) in by if t == 1 and n >= 4096 and (n, d, c, 2) in by]
    if scale:
        print(f"\nflash2, 2 threads over 1 thread at N >= 4096: "
              f"{min(scale):.2f}× to {max(scale):.2f}×")


if __name__ == "__main__":
    main()
