#!/usr/bin/env python3
"""numpy peer of `learnd stream`: the same online workload, for a side-by-side speed benchmark.

Not part of learnd. The reference workload, per labelled CSV record (`label,f1..f64`, header skipped):

1. Standardise online: update the per-feature Welford mean and M2 with the record first, then
   x_norm = (x - mean) / (sqrt(M2 / n) + 1e-6) when n >= 2, else x - mean.
2. Predict: forward pass of the record through a 64-128-10 MLP (ReLU, float32, PyTorch default init:
   weights and biases uniform(+-1/sqrt(fan_in)) from np.random.default_rng(seed)); the argmax is the
   prequential (test-then-train) prediction counted in the accuracy. Class names take output slots
   in order of first appearance.
3. One plain SGD step (lr 0.05, no momentum) on the mini-batch [record] + k (8) records drawn uniformly
   with replacement from the reservoir (none while it is empty); loss = mean softmax cross-entropy.
   Replayed records are stored raw and normalised with the current statistics.
4. Offer the raw record to the reservoir (Vitter's Algorithm R, capacity 1000).

Output: one JSON line {"records", "seconds", "records_per_second", "prequential_accuracy"} (+ "test_accuracy"
with --eval, computed outside the timed region). Timed: the whole stream, reading and parsing the text
included; interpreter start and imports excluded.

    python3 Tools/peers/numpy_stream.py Fixtures/digits_ci_train.csv --eval Fixtures/digits_ci_test.csv
    python3 Tools/peers/numpy_stream.py Fixtures/digits_ci_train.csv --repeat-to 50000
"""
import argparse
import itertools
import json
import time

import numpy as np


class OnlineLearner:
    def __init__(self, inputs, hidden, outputs, seed, lr, replay_k, capacity):
        self.rng = np.random.default_rng(seed)
        def linear(fan_in, fan_out):  # PyTorch nn.Linear default: weight [out, in], bias [out], U(+-1/sqrt(in))
            bound = 1 / np.sqrt(fan_in)
            weight = self.rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32)
            return weight, self.rng.uniform(-bound, bound, fan_out).astype(np.float32)

        self.w1, self.b1 = linear(inputs, hidden)
        self.w2, self.b2 = linear(hidden, outputs)
        self.lr, self.replay_k, self.outputs = np.float32(lr), replay_k, outputs
        self.n, self.mean, self.m2 = 0, np.zeros(inputs), np.zeros(inputs)  # Welford statistics (float64)
        self.memory_x = np.zeros((capacity, inputs), dtype=np.float32)      # raw features
        self.memory_y = np.zeros(capacity, dtype=np.int64)
        self.memory_size, self.offered = 0, 0
        self.classes = {}                                                   # class name -> output slot

    def slot(self, label):
        if label not in self.classes:
            if len(self.classes) == self.outputs:
                raise ValueError(f"class capacity {self.outputs} reached by class {label!r}")
            self.classes[label] = len(self.classes)
        return self.classes[label]

    def normalise(self, x):
        """x: [..., inputs] raw -> float32 standardised with the current statistics."""
        if self.n < 2:
            return (x - self.mean).astype(np.float32)
        return ((x - self.mean) / (np.sqrt(self.m2 / self.n) + 1e-6)).astype(np.float32)

    def forward(self, x):
        """x: [batch, inputs] normalised -> (hidden activations [batch, hidden], logits [batch, outputs])."""
        h = np.maximum(x @ self.w1.T + self.b1, 0)
        return h, h @ self.w2.T + self.b2

    def learn(self, x, label):
        """One labelled record (x: [inputs] raw float32); returns whether the prequential prediction was right."""
        y = self.slot(label)
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)
        xs, ys = x[None, :], np.array([y])
        if self.replay_k > 0 and self.memory_size > 0:
            drawn = self.rng.integers(0, self.memory_size, self.replay_k)
            xs, ys = np.concatenate([xs, self.memory_x[drawn]]), np.concatenate([ys, self.memory_y[drawn]])
        batch = self.normalise(xs)
        h, logits = self.forward(batch)        # row 0 is the new record's forward with the pre-step weights
        correct = int(np.argmax(logits[0])) == y
        # Softmax cross-entropy, mean over the batch: d loss / d logits = (softmax - onehot) / batch.
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(ys)), ys] -= 1
        dlogits = p / np.float32(len(ys))
        dh = (dlogits @ self.w2) * (h > 0)
        self.w2 -= self.lr * (dlogits.T @ h)
        self.b2 -= self.lr * dlogits.sum(axis=0)
        self.w1 -= self.lr * (dh.T @ batch)
        self.b1 -= self.lr * dh.sum(axis=0)
        self.offer(x, y)
        return correct

    def offer(self, x, y):
        """Vitter's Algorithm R: after t offers, each offered record is held with probability capacity / t."""
        self.offered += 1
        if self.memory_size < len(self.memory_x):
            slot = self.memory_size
            self.memory_size += 1
        else:
            slot = int(self.rng.integers(0, self.offered))
            if slot >= len(self.memory_x):
                return
        self.memory_x[slot], self.memory_y[slot] = x, y

    def evaluate(self, records):
        """Accuracy on (label, raw x) records without learning; unseen classes count as errors."""
        x = self.normalise(np.stack([features for _, features in records]))
        predicted = np.argmax(self.forward(x)[1], axis=1)
        return float(np.mean([self.classes.get(label, -1) == p for (label, _), p in zip(records, predicted)]))


def parse(line):
    """One CSV record as a producer sends it: (label, float32 features)."""
    fields = line.rstrip("\r\n").split(",")
    return fields[0], np.array(fields[1:], dtype=np.float32)


def data_lines(path):
    with open(path, encoding="utf-8") as file:
        return [line for line in file.read().splitlines()[1:] if line and not line.startswith("#")]


def workload_parser(description):
    """The command line of the workload (shared with numpy_stream_strict.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("files", nargs="+", help="labelled CSV files (header line first), streamed in order")
    parser.add_argument("--repeat-to", type=int, help="cycle the records until this many are processed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--replay-k", type=int, default=8)
    parser.add_argument("--capacity", type=int, default=1000, help="reservoir capacity")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--outputs", type=int, default=10)
    return parser


def main():
    parser = workload_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--eval", metavar="TEST.csv", help="report test accuracy at the end (not timed)")
    args = parser.parse_args()

    start = time.perf_counter()
    lines = [line for path in args.files for line in data_lines(path)]
    total = args.repeat_to or len(lines)
    if not lines or total < 1:
        parser.error("no records to stream")
    learner, correct = None, 0
    for line in itertools.islice(itertools.cycle(lines), total):
        label, x = parse(line)
        if learner is None:
            learner = OnlineLearner(len(x), args.hidden, args.outputs, args.seed, args.lr, args.replay_k,
                                    args.capacity)
        correct += learner.learn(x, label)
    seconds = time.perf_counter() - start

    report = {"records": total, "seconds": round(seconds, 4), "records_per_second": round(total / seconds, 1),
              "prequential_accuracy": round(correct / total, 6)}
    if args.eval:
        report["test_accuracy"] = round(learner.evaluate([parse(line) for line in data_lines(args.eval)]), 6)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
