"""Reference FNO forward passes in NumPy, written like the original PyTorch code (fourier_1d.py / fourier_2d.py:
rfft(n) -> einsum on the corner modes -> irfft(n) with s=input size; nn.Linear lifting on [a, grid]; 1x1 skip
convolution; exact GELU; right-end zero padding; projection fc1 -> GELU -> fc2).
Writes fno_reference.npz: for each case c in {fno1d, fno2d}: c.x, c.y, c.config (JSON) and c.<param> for every
parameter under the PyTorch state_dict name, complex weights as (..., 2) = view_as_real.
Run: python3 make_fno_fixture.py  (NumPy only)."""
import json, math
import numpy as np

erf = np.vectorize(math.erf)
def gelu(x): return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))

def spectral(x, ws, modes):
    d = len(modes); axes = tuple(range(2, 2 + d)); n = x.shape[2:]
    xf = np.fft.rfftn(x, axes=axes)
    out = np.zeros((x.shape[0], ws[0].shape[1]) + xf.shape[2:], dtype=complex)
    if d == 1:
        m1, = modes
        out[:, :, :m1] = np.einsum("bix,iox->box", xf[:, :, :m1], ws[0])
    else:
        m1, m2 = modes
        out[:, :, :m1, :m2] = np.einsum("bixy,ioxy->boxy", xf[:, :, :m1, :m2], ws[0])
        out[:, :, -m1:, :m2] = np.einsum("bixy,ioxy->boxy", xf[:, :, -m1:, :m2], ws[1])
    return np.fft.irfftn(out, s=n, axes=axes)

def chan(x, w, b):  # 1x1 convolution, channels-first
    return np.einsum("oi,bi...->bo...", w, x) + b.reshape((1, -1) + (1,) * (x.ndim - 2))

def forward(p, cfg, x):
    d = len(cfg["modes"]); n = x.shape[2:]
    grids = np.meshgrid(*[np.linspace(0, 1, s) for s in n], indexing="ij")
    g = np.stack([np.broadcast_to(gr, n) for gr in grids])[None].repeat(x.shape[0], 0)
    h = chan(np.concatenate([x, g], axis=1), p["fc0.weight"], p["fc0.bias"])
    pad = [int(round(cfg["padding"] * s)) for s in n]
    h = np.pad(h, [(0, 0), (0, 0)] + [(0, q) for q in pad])
    L = cfg["layers"]
    for l in range(L):
        ws = [p["conv%d.weights%d" % (l, b + 1)] for b in range(2 ** (d - 1))]
        ws = [w[..., 0] + 1j * w[..., 1] for w in ws]
        h = spectral(h, ws, cfg["modes"]) + chan(h, p["w%d.weight" % l], p["w%d.bias" % l])
        if l < L - 1: h = gelu(h)
    h = h[(slice(None), slice(None)) + tuple(slice(0, s) for s in n)]
    h = gelu(chan(h, p["fc1.weight"], p["fc1.bias"]))
    return chan(h, p["fc2.weight"], p["fc2.bias"])

def params(rng, cfg):
    d = len(cfg["modes"]); w = cfg["width"]; P = cfg["projection_width"]; p = {}
    def lin(name, i, o):
        p[name + ".weight"] = rng.uniform(-1, 1, (o, i)) / math.sqrt(i); p[name + ".bias"] = rng.uniform(-1, 1, o) / math.sqrt(i)
    lin("fc0", cfg["in_channels"] + d, w)
    for l in range(cfg["layers"]):
        for b in range(2 ** (d - 1)):
            p["conv%d.weights%d" % (l, b + 1)] = rng.uniform(0, 1, (w, w) + tuple(cfg["modes"]) + (2,)) / (w * w) * 40
    for l in range(cfg["layers"]): lin("w%d" % l, w, w)
    lin("fc1", w, P); lin("fc2", P, cfg["out_channels"])
    return p

rng = np.random.default_rng(20240)
out = {}
cases = {
    "fno1d": ({"model": "fno", "in_channels": 1, "out_channels": 1, "width": 5, "modes": [4], "layers": 3,
               "padding": 0.0, "activation": "gelu", "projection_width": 7, "grid": True, "transform": "auto"}, (3, 1, 20)),
    "fno2d": ({"model": "fno", "in_channels": 2, "out_channels": 1, "width": 4, "modes": [3, 3], "layers": 2,
               "padding": 0.25, "activation": "gelu", "projection_width": 6, "grid": True, "transform": "auto"}, (2, 2, 9, 8)),
}
for name, (cfg, shape) in cases.items():
    p = params(rng, cfg)
    x = rng.standard_normal(shape)
    y = forward(p, cfg, x)
    out[name + ".x"] = x; out[name + ".y"] = y; out[name + ".config"] = np.array(json.dumps(cfg))
    for k, v in p.items(): out[name + "." + k] = v
np.savez("fno_reference.npz", **out)
