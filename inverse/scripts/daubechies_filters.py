#!/usr/bin/python3
"""Prints the Daubechies orthonormal low-pass filters db1 (Haar) .. db8 hard-coded in Wavelet.java.

Spectral factorisation (Daubechies, "Ten lectures on wavelets", 1992, ch. 6): |m0(w)|^2 = cos^{2K}(w/2) P(sin^2(w/2)),
P(y) = sum_{k<K} C(K-1+k, k) y^k; choosing every root of P inside the unit circle (minimum phase) gives dbK.
The script prints, for each filter, the orthonormality residual max_k |sum_n h[n] h[n+2k] - delta_k| (about 1e-15)
and the largest vanishing-moment residual |sum_n (-1)^n n^j h[n]|, j < K. Only numpy is needed.
"""
import numpy as np
from math import comb, sqrt


def daubechies(K):
    p = [comb(K - 1 + k, k) for k in range(K)]        # P(y), low order first
    h = np.poly1d([1.0])
    for _ in range(K):
        h = h * np.poly1d([0.5, 0.5])
    for y in (np.roots(p[::-1]) if K > 1 else []):
        # sin^2(w/2) = (2 - z - 1/z)/4 = y  <=>  z^2 - (2 - 4y) z + 1 = 0 ; keep the root inside the unit circle
        zs = np.roots([1, -(2 - 4 * y), 1])
        h = h * np.poly1d([1, -zs[np.argmin(abs(zs))]])
    c = np.real(h.coeffs)
    return c * sqrt(2) / c.sum()


if __name__ == "__main__":
    for K in range(1, 9):
        h = daubechies(K)
        L = 2 * K
        ortho = max(abs(np.dot(h[:L - 2 * k], h[2 * k:]) - (k == 0)) for k in range(K))
        n = np.arange(L)
        moments = max([abs(np.dot((-1.0) ** n * n.astype(float) ** j, h)) for j in range(K)])
        print(f"db{K}: orthonormality residual {ortho:.1e}, moment residual {moments:.1e}")
        print("    {" + ", ".join(repr(float(v)) for v in h) + "},")
