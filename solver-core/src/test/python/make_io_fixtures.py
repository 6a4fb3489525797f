#!/usr/bin/python3
"""Writes the small NumPy fixtures the io tests read (solver-core/src/test/resources/io/).

Run from anywhere with Debian's python3 + numpy (apt-get install -y python3-numpy):
    /usr/bin/python3 solver-core/src/test/python/make_io_fixtures.py
Every array is deterministic (arange-based or a fixed seed), and expected.json records, for each .npy file, its
descriptor, shape and C-order values so the Java tests compare against what NumPy itself reports.
Files named write_*.npy are the exact bytes numpy.save produces; the Java writer must reproduce them byte for byte.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io")
os.makedirs(OUT, exist_ok=True)
expected = {}


def values(a):
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind in "US":
        return [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in flat.tolist()]
    if a.dtype.kind == "b":
        return [int(x) for x in flat.tolist()]
    if a.dtype.kind == "f":
        return [float(x) for x in flat.astype(np.float64).tolist()]
    return [int(x) for x in flat.tolist()]


def save(name, a, version=None, record=True):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, a)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
    if record:
        expected[name] = {"descr": a.dtype.str, "shape": list(a.shape), "values": values(a)}


# --- one file per dtype (little-endian, C order)
save("f8.npy", (np.arange(12, dtype="<f8").reshape(3, 4) - 5.5) / 3.0)
save("f4.npy", (np.arange(6, dtype="<f4").reshape(2, 3) - 2.0) * np.float32(0.1))
save("f2.npy", np.array([-2.0, 0.5, 65504.0, 6e-8, 1.0009765625, -0.0], dtype="<f2"))
save("i8.npy", np.array([-(2 ** 62), -1, 0, 1, 2 ** 53 + 1], dtype="<i8"))
save("i4.npy", (np.arange(6, dtype="<i4") - 3).reshape(3, 2) * 1000003)
save("i2.npy", np.array([-32768, -1, 0, 32767], dtype="<i2"))
save("i1.npy", np.array([-128, -1, 0, 127], dtype="i1"))
save("u8.npy", np.array([0, 1, 2 ** 63 - 1], dtype="<u8"))
save("u4.npy", np.array([0, 4294967295], dtype="<u4"))
save("u2.npy", np.array([0, 65535], dtype="<u2"))
save("u1.npy", np.arange(0, 256, 51, dtype="u1").reshape(2, 3))
save("b1.npy", np.array([[True, False, True], [False, False, True]]))
# --- byte orders, memory orders, ranks, versions
save("f8_big.npy", ((np.arange(6, dtype=">f8") + 0.25) ** 2).reshape(2, 3))
save("i4_big.npy", np.array([-5, 70000, 2 ** 31 - 1], dtype=">i4"))
save("f8_fortran.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) * 1.5))
save("i2_fortran_big.npy", np.asfortranarray((np.arange(12, dtype=">i2") - 6).reshape(3, 4)))
save("f8_0d.npy", np.array(-3.5))
save("f8_empty.npy", np.zeros((0, 3)))
save("f8_v2.npy", np.arange(5, dtype="<f8") / 8, version=(2, 0))
save("f8_v3.npy", np.arange(5, dtype="<f8") / 16, version=(3, 0))
# --- strings
save("str_0d.npy", np.array('{"name": "darcy", "π": 3.14, "ü": "ß"}'))
save("str_1d.npy", np.array(["a", "bc", "", "déf"]))
save("bytes_1d.npy", np.array([b"ab", b"c"], dtype="S3"))
save("str_big.npy", np.array(["ab", "ü"]).astype(">U2"))
# --- object array: must be rejected (reading it would need pickle)
np.save(os.path.join(OUT, "object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)

# --- archives: stored (savez) and deflated (savez_compressed)
grid = np.linspace(0.0, 1.0, 7)
field = np.sin(np.pi * np.arange(20, dtype=np.float64)).reshape(4, 5)
np.savez(os.path.join(OUT, "stored.npz"), grid=grid, field=field, mask=(np.arange(6) % 2 == 0).astype("u1"))
np.savez_compressed(os.path.join(OUT, "deflated.npz"), field=field, grid=grid, meta=np.array('{"k": "v"}'))
expected["stored.npz"] = {"names": ["grid", "field", "mask"], "grid": values(grid), "field": values(field),
                          "mask": values((np.arange(6) % 2 == 0).astype("u1"))}

# --- files our writer must reproduce byte for byte (numpy.save output)
save("write_f8_2x3.npy", np.arange(6, dtype="<f8").reshape(2, 3) / 7.0)
save("write_f8_0d.npy", np.array(2.5))
save("write_f8_1000.npy", np.cos(np.arange(1000, dtype="<f8")), record=False)
save("write_f8_empty.npy", np.zeros((0,)))
save("write_f8_4d.npy", np.arange(2 * 1 * 3 * 2, dtype="<f8").reshape(2, 1, 3, 2) - 0.5)
save("write_i4.npy", np.array([[1, -2, 3], [4, 5, -6]], dtype="<i4"))
save("write_i8.npy", np.array([10 ** 12, -7], dtype="<i8"))
save("write_u1.npy", np.array([0, 7, 255], dtype="u1"))
save("write_b1.npy", np.array([True, False, True, True]))
save("write_str.npy", np.array('{"model": "fno", "modes": [12, 12]}'))

# --- metric reference values (relative L2 per sample, relative H1 via np.gradient, MSE)
rng = np.random.default_rng(7)
target = rng.standard_normal((3, 1, 5, 6))
pred = target + 0.3 * rng.standard_normal((3, 1, 5, 6))
np.savez(os.path.join(OUT, "metrics.npz"), pred=pred, target=target)


def rel_l2(p, y):
    p = p.reshape(len(p), -1)
    y = y.reshape(len(y), -1)
    return np.linalg.norm(p - y, axis=1) / np.linalg.norm(y, axis=1)


def h1_sq(u, axes):
    s = np.sum(u.reshape(len(u), -1) ** 2, axis=1)
    for ax in axes:
        g = np.gradient(u, 1.0 / u.shape[ax], axis=ax, edge_order=1)
        s = s + np.sum(g.reshape(len(g), -1) ** 2, axis=1)
    return s


expected["metrics"] = {
    "relL2": rel_l2(pred, target).tolist(),
    "relH1_2d": np.sqrt(h1_sq(pred - target, (2, 3)) / h1_sq(target, (2, 3))).tolist(),
    "relH1_1d": np.sqrt(h1_sq(pred - target, (3,)) / h1_sq(target, (3,))).tolist(),
    "mse": float(np.mean((pred - target) ** 2)),
}

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
