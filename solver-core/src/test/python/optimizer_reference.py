#!/usr/bin/env python3
"""Reference trajectories for OptimizerTest, written from PyTorch's single-tensor Adam/AdamW/SGD code paths
(torch/optim/adam.py, adamw.py, sgd.py; foreach=False) in plain Python floats, so they need no torch install.

Problem: f(p) = sum_j a_j (p_j - c_j)^2 with a = (1, 4), c = (1, -2), p0 = (0, 0), gradient 2 a (p - c).
Run: python3 optimizer_reference.py  (prints the parameters after each of 5 steps)."""
import math

A = [1.0, 4.0]
C = [1.0, -2.0]


def grad(p):
    return [2 * a * (x - c) for a, x, c in zip(A, p, C)]


def adam(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=False, steps=5):
    p = [0.0, 0.0]
    m = [0.0, 0.0]
    v = [0.0, 0.0]
    out = []
    for t in range(1, steps + 1):
        g = grad(p)
        if decoupled:
            p = [x * (1 - lr * wd) for x in p]
        elif wd != 0:
            g = [gj + wd * x for gj, x in zip(g, p)]
        m = [mj + (1 - b1) * (gj - mj) for mj, gj in zip(m, g)]  # exp_avg.lerp_(grad, 1 - beta1)
        v = [vj * b2 + (1 - b2) * gj * gj for vj, gj in zip(v, g)]
        bc1 = 1 - b1 ** t
        bc2 = 1 - b2 ** t
        step_size = lr / bc1
        bc2_sqrt = math.sqrt(bc2)
        p = [x - step_size * mj / (math.sqrt(vj) / bc2_sqrt + eps) for x, mj, vj in zip(p, m, v)]
        out.append(list(p))
    return out


def sgd(lr, momentum=0.0, dampening=0.0, wd=0.0, nesterov=False, steps=5):
    p = [0.0, 0.0]
    buf = None
    out = []
    for _ in range(steps):
        d = [gj + wd * x for gj, x in zip(grad(p), p)]
        if momentum != 0:
            if buf is None:
                buf = list(d)
            else:
                buf = [momentum * b + (1 - dampening) * dj for b, dj in zip(buf, d)]
            d = [dj + momentum * b for dj, b in zip(d, buf)] if nesterov else list(buf)
        p = [x - lr * dj for x, dj in zip(p, d)]
        out.append(list(p))
    return out


if __name__ == "__main__":
    for name, traj in [("adam lr=0.1", adam(0.1)),
                       ("adam lr=0.1 wd=0.1", adam(0.1, wd=0.1)),
                       ("adamw lr=0.1 wd=0.1", adam(0.1, wd=0.1, decoupled=True)),
                       ("sgd lr=0.05 momentum=0.9 nesterov", sgd(0.05, momentum=0.9, nesterov=True)),
                       ("sgd lr=0.05 momentum=0.9 dampening=0.1 wd=0.01", sgd(0.05, momentum=0.9, dampening=0.1, wd=0.01))]:
        print(name)
        for p in traj:
            print("    {%r, %r}," % (p[0], p[1]))
