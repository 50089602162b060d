#!/usr/bin/env python3
"""Independent numpy re-implementation of learnd's learning step (LearnCore), for agreement tests.

Workload (the config of Tests/LearnCoreTests/ReferenceAgreementTests.swift):
    model 64-128-10, ReLU, task classify (outputs 10), seed 1,
    optimizer SGD, learning rate 0.05, momentum 0, no clipping, no pruning,
    replay k 8 from a reservoir (Algorithm R) of capacity 1000,
    the first 100 records of Fixtures/digits_ci_train.csv (header skipped; label then 64 features).

Per record, in learnd's order (Sources/LearnCore/LearnerStep.swift):
    1. the class name takes the next free output slot on first appearance;
    2. Welford update of the per-feature mean/M2 (float64) with the record, then normalise in
       float32: (x - float32(mean)) * float32(1/sigma), 0 where sigma = 0 (population sigma);
    3. draw 8 reservoir indices with replacement via Rng.below(count) (none while it is empty);
       replayed records are stored raw and normalised with the current statistics;
    4. forward/backward of the batch [record + replayed], softmax cross-entropy over all 10 outputs,
       batch-mean loss; one plain SGD step p <- p - lr * grad;
    5. offer the raw record to the reservoir (Algorithm R; draws below(seen) only once full).

The generator (xoshiro256** seeded by SplitMix64) is re-implemented on Python ints and the
initialisation (PyTorch default: weight then bias per layer, uniform in +-1/sqrt(fan_in), drawn as
(unitFloat * 2 - 1) * bound in float32) must match the Swift code bit for bit; it is checked
against an FNV-1a hash of the init bytes that NetworkTests.swift also asserts on the Swift side.
Forward and backward run in float64 on float64 parameters (rounded to float32 only at the end).

Output: final parameters, flat in learnd's layout (per layer weight [out][in] row-major, then bias),
little-endian float32, to Fixtures/reference/digits_sgd_100_steps.f32.

    python3 Tools/reference/numpy_reference.py            # writes the fixture
    python3 Tools/reference/numpy_reference.py --print-init-check
"""
import argparse
import math
import os
import sys

import numpy as np

MASK64 = (1 << 64) - 1
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# FNV-1a 64 of the little-endian float32 init parameters of [64, 128, 10] with seed 1, as the
# Swift code produces them (NetworkTests.testInitHashMatchesNumpyReference asserts the same).
SWIFT_INIT_FNV1A = 0xF3843A52643BADEF
SWIFT_INIT_FIRST = [0x3D4FCABC, 0x3BA76AA0, 0x3C97C4B8, 0xBCDE8F20]  # bit patterns of params[0..<4]


class Rng:
    """xoshiro256** (Blackman and Vigna), state seeded with four SplitMix64 outputs."""

    def __init__(self, seed):
        z = seed & MASK64
        words = []
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & MASK64
            x = z
            x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
            words.append(x ^ (x >> 31))
        self.s = words

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK64

    def next(self):
        s = self.s
        result = (self._rotl((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self._rotl(s[3], 45)
        return result

    def below(self, bound):
        """Lemire's multiply-shift with rejection, exactly as Rng.below."""
        threshold = ((1 << 64) - bound) % bound
        while True:
            product = self.next() * bound
            if (product & MASK64) >= threshold:
                return product >> 64

    def unit_float(self):
        return np.float32(self.next() >> 40) * np.float32(2.0 ** -24)

    def symmetric(self, bound):
        return (self.unit_float() * np.float32(2) - np.float32(1)) * bound


def init_parameters(widths, rng):
    params = []
    for l in range(len(widths) - 1):
        bound = np.float32(1) / np.sqrt(np.float32(widths[l]))
        for _ in range(widths[l + 1] * (widths[l] + 1)):
            params.append(rng.symmetric(bound))
    return np.array(params, dtype=np.float32)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    return h


class Normalizer:
    def __init__(self, n):
        self.count = 0
        self.mean = [0.0] * n
        self.m2 = [0.0] * n

    def update(self, x):
        self.count += 1
        n = float(self.count)
        for i, xi in enumerate(x):
            v = float(xi)
            d = v - self.mean[i]
            self.mean[i] += d / n
            self.m2[i] += d * (v - self.mean[i])

    def normalize(self, x):
        out = np.zeros(len(x), dtype=np.float32)
        for i, xi in enumerate(x):
            sigma = math.sqrt(self.m2[i] / self.count) if self.count > 0 else 0.0
            scale = np.float32(1.0 / sigma) if sigma > 0 else np.float32(0)
            out[i] = (np.float32(xi) - np.float32(self.mean[i])) * scale
        return out


def split(params, widths):
    layers, off = [], 0
    for l in range(len(widths) - 1):
        fan_in, fan_out = widths[l], widths[l + 1]
        w = params[off:off + fan_in * fan_out].reshape(fan_out, fan_in)
        off += fan_in * fan_out
        b = params[off:off + fan_out]
        off += fan_out
        layers.append((w, b))
    return layers


def sgd_step(params, widths, xb, targets, lr):
    """One step on float64 `params` (a view-split flat array), batch-mean softmax cross-entropy."""
    layers = split(params, widths)
    acts = [xb]
    for l, (w, b) in enumerate(layers):
        z = acts[-1] @ w.T + b
        acts.append(np.maximum(z, 0.0) if l < len(layers) - 1 else z)
    logits = acts[-1]
    shifted = logits - logits.max(axis=1, keepdims=True)
    prob = np.exp(shifted)
    prob /= prob.sum(axis=1, keepdims=True)
    batch = xb.shape[0]
    delta = prob.copy()
    delta[np.arange(batch), targets] -= 1.0
    delta /= batch
    grads = []
    for l in range(len(layers) - 1, -1, -1):
        w, _ = layers[l]
        grads.append((delta.T @ acts[l], delta.sum(axis=0)))
        if l > 0:
            delta = (delta @ w) * (acts[l] > 0)
    flat = np.concatenate([np.concatenate([gw.ravel(), gb]) for gw, gb in reversed(grads)])
    params -= lr * flat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(ROOT, "Fixtures/reference/digits_sgd_100_steps.f32"))
    ap.add_argument("--print-init-check", action="store_true")
    args = ap.parse_args()

    widths, seed, lr, k, capacity, outputs = [64, 128, 10], 1, 0.05, 8, 1000, 10
    rng = Rng(seed)
    init = init_parameters(widths, rng)
    init_hash = fnv1a64(init.astype("<f4").tobytes())
    if args.print_init_check:
        print(f"fnv1a64 0x{init_hash:016X}; first {[hex(v) for v in init[:4].view(np.uint32)]}")
        return
    assert init_hash == SWIFT_INIT_FNV1A, f"init differs from Swift: 0x{init_hash:016X}"
    assert list(init[:len(SWIFT_INIT_FIRST)].view(np.uint32)) == SWIFT_INIT_FIRST

    with open(os.path.join(ROOT, "Fixtures/digits_ci_train.csv")) as f:
        lines = f.read().splitlines()[1:1 + args.records]
    records = [(fields[0], [np.float32(float(v)) for v in fields[1:]])
               for fields in (line.split(",") for line in lines)]

    params = init.astype(np.float64)
    norm = Normalizer(widths[0])
    slots = {}
    res_x, res_y, seen = [], [], 0
    for label, x in records:
        assert len(x) == widths[0]
        if label not in slots:
            assert len(slots) < outputs
            slots[label] = len(slots)
        y = slots[label]
        norm.update(x)
        rows, targets = [norm.normalize(x)], [y]
        if res_x:
            for _ in range(k):
                j = rng.below(len(res_x))
                rows.append(norm.normalize(res_x[j]))
                targets.append(res_y[j])
        sgd_step(params, widths, np.array(rows, dtype=np.float64), np.array(targets), lr)
        seen += 1
        if len(res_x) < capacity:
            res_x.append(x)
            res_y.append(y)
        else:
            j = rng.below(seen)
            if j < capacity:
                res_x[j], res_y[j] = x, y

    out = params.astype("<f4")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    out.tofile(args.out)
    print(f"{len(records)} records, {len(out)} parameters -> {args.out}; "
          f"classes {len(slots)}, reservoir {len(res_x)}, rng state {[hex(w) for w in rng.s]}")


if __name__ == "__main__":
    sys.exit(main())
