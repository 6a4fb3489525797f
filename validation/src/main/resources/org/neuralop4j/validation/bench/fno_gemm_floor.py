#!/usr/bin/env python3
"""Time, with OpenBLAS through NumPy, only the matrix products of one FNO training step.

The steps are the ones `./neuralop4j bench fno` times, batch 20: FNO-1D (s = 1024, width 64, 16 modes) and FNO-2D
(s = 85, width 32, 12 modes per axis), 4 Fourier layers, projection width 128, the truncated DFTs done as
products with cosine/sine matrices axis by axis, as `DftModeTransform` does. Forward and backward products are
listed with the shapes this library uses (the complex mode mixing as one real product of twice the width per
mode; along a complex axis one product per line block with the cosines and sines of frequencies 0..m, 2m + 1
basis vectors for the 2m kept frequencies +-f). Nothing else of the step
is run: no activation, no DFT-matrix set-up, no optimizer. So the time printed is a floor for any implementation
of this algorithm built on OpenBLAS-class GEMMs, to set against the whole step of `bench fno` and the PyTorch
reference of the same sitting.

`./neuralop4j bench fno --references DIR` runs it in the same sitting as the other references. By hand:
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 fno_gemm_floor.py [--only fno1d|fno2d]   (prints one JSON object)
"""
import argparse
import json
import time

import numpy as np

BATCH, LAYERS, PROJ = 20, 4, 128
WIDTH = {1: 64, 2: 32}   # by number of spatial dimensions
GRID = {1: 1024, 2: 85}
MODES = {1: 16, 2: 12}


def dft_products(width, n, m, dims):
    """Products of the truncated DFTs of one layer: to the modes, back to space, and both again in the backward
    pass (the adjoints have the same shapes)."""
    lines = BATCH * width * n ** (dims - 1)
    last = [(lines, n, 2 * m, 1), (lines, 2 * m, n, 1)]
    if dims == 1:
        return 2 * last
    blocks = BATCH * width  # the first axis: 2m + 1 cosines and sines for the 2m kept frequencies, m planar pairs
    first = [(2 * m + 1, n, 2 * m, blocks), (n, 2 * m + 1, 2 * m, blocks)]
    return 2 * (last + first)


def step_products(dims):
    """(m, k, n, count): count products of (m x k) by (k x n)."""
    width, n, m = WIDTH[dims], GRID[dims], MODES[dims]
    points = n ** dims
    kept = m * (2 * m) ** (dims - 1)
    inputs = 1 + dims  # the input function and the grid coordinates
    p = [(width, inputs, points, BATCH), (width, points, inputs, BATCH)]  # lifting: forward, weight gradient
    for _ in range(LAYERS):
        p += dft_products(width, n, m, dims)
        p += [(BATCH, 2 * width, 2 * width, kept)]                                      # mode mixing
        p += [(2 * width, BATCH, 2 * width, kept), (BATCH, 2 * width, 2 * width, kept)]  # mixing: dW, dX
        p += [(width, width, points, BATCH)]                                            # 1x1 skip path
        p += [(width, points, width, BATCH), (width, width, points, BATCH)]              # 1x1: dW, dX
    p += [(PROJ, width, points, BATCH), (PROJ, points, width, BATCH), (width, PROJ, points, BATCH)]  # projection 1
    p += [(1, PROJ, points, BATCH), (1, points, PROJ, BATCH), (PROJ, 1, points, BATCH)]              # projection 2
    return p


def measure(dims):
    rng = np.random.default_rng(0)
    products = step_products(dims)
    work = []
    for m, k, n, count in products:
        work.append((rng.standard_normal((m, k)), rng.standard_normal((k, n)), np.empty((m, n)), count))

    def step():
        for a, b, out, count in work:
            for _ in range(count):
                np.matmul(a, b, out=out)

    for _ in range(3):
        step()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    flop = sum(2.0 * m * k * n * c for m, k, n, c in products)
    median = times[len(times) // 2]
    return {"gemm_gflop_per_step": round(flop / 1e9, 3), "median_ms": round(1e3 * median, 1),
            "min_ms": round(1e3 * times[0], 1), "gflop_per_s_at_median": round(flop / median / 1e9, 1)}


def main():
    parser = argparse.ArgumentParser(description="OpenBLAS time of only the matrix products of an FNO training step")
    parser.add_argument("--only", choices=["fno1d", "fno2d"])
    only = parser.parse_args().only
    print(json.dumps({name: measure(dims) for name, dims in (("fno1d", 1), ("fno2d", 2)) if only in (None, name)}))


if __name__ == "__main__":
    main()
