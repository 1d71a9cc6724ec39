"""Coefficients of the polynomial B̃(u) ≈ B(u) = Σ_{j≥0} u^j/(2j+3) = (atanh(√u)/√u − 1)/u used by the
WebAssembly log-ratio kernels (assembly/log-ratio.ts), with its error bound, computed with mpmath.

The kernels reduce p/q to r = p·2^-k/q with k = round((bits(p) − bits(q))/2^52) (the exponent
difference plus the difference of the mantissa fields: a piecewise-linear log2 whose error is at
most max_f log2(1+f) − f = 0.0861), so |log2 r| ≤ 0.5 + 0.0861 and s = (r − 1)/(r + 1) satisfies
|s| ≤ tanh(0.5861·ln2/2) ≈ 0.2004: u = s² ≤ 0.0402. Then log(p/q) = k·ln2 + 2s·(1 + u·B(u)).

Usage: python3 scripts/gen_log_poly.py [degree]   (prints the coefficients and the error)
"""

import sys

import mpmath as mp

mp.mp.dps = 50

deg = int(sys.argv[1]) if len(sys.argv) > 1 else 7
fmax = 1 / mp.log(2) - 1
lin_err = mp.log(1 + fmax, 2) - fmax  # worst error of the piecewise-linear log2
smax = mp.tanh((mp.mpf("0.5") + lin_err) * mp.log(2) / 2)
U = smax**2 * mp.mpf("1.0025")  # a margin for the rounding of s


def B(u):
    if u == 0:
        return mp.mpf(1) / 3
    r = mp.sqrt(u)
    return (mp.atanh(r) / r - 1) / u


# Chebyshev fit of B with relative weighting (B lies in [1/3, 0.35]; the fit is near-minimax).
poly, err = mp.chebyfit(B, [0, U], deg + 1, error=True)
coeffs = [float(c) for c in reversed(poly)]  # lowest degree first, rounded to double

worst = mp.mpf(0)
for i in range(4001):
    u = U * i / 4000
    approx = mp.mpf(0)
    for c in reversed(coeffs):
        approx = approx * u + mp.mpf(c)
    worst = max(worst, abs(approx - B(u)) / B(u))

print(f"# degree {deg} on [0, {mp.nstr(U, 6)}] (|s| ≤ {mp.nstr(smax, 6)}); worst relative error of B̃: {mp.nstr(worst, 3)}")
for j, c in enumerate(coeffs):
    print(f"  {c!r}, {c!r}, // B(u) coefficient {j}")
