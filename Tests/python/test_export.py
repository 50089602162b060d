"""learnctl export: the safetensors (and JSON) export, loaded with safetensors.numpy and run in numpy, gives
learnd's own predictions (learnctl eval --predictions) to 1e-5, on real fixture records.

Run: python3 Tests/python/test_export.py   (binaries in $LEARND_BIN_DIR, default .build/debug)
Needs: numpy, safetensors, lz4 (PyPI).
"""
import csv
import json
import os
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

TOLERANCE = 1e-5


def forward(tensors, meta, x):
    """learnd's prediction path in float64: normalise, hidden layers with the activation, linear output."""
    mean, std = np.array(json.loads(meta["feature_mean"])), np.array(json.loads(meta["feature_std"]))
    h = np.where(std > 0, (x - mean) / np.where(std > 0, std, 1), 0.0)
    layers = len(json.loads(meta["widths"])) - 1
    for layer in range(layers):
        h = tensors[f"layers.{layer}.weight"].astype(np.float64) @ h + tensors[f"layers.{layer}.bias"]
        if layer < layers - 1:
            h = np.maximum(h, 0) if meta["activation"] == "relu" else np.tanh(h)
    return h


def predict(tensors, meta, x):
    """(label, confidence) for classify; the de-normalised values for regress."""
    out = forward(tensors, meta, x)
    if meta["task"] == "classify":
        labels = json.loads(meta["labels"])
        p = np.exp(out - out.max())
        p /= p.sum()
        best = int(np.argmax(p[:len(labels)]))
        return labels[best], float(p[best]), p[:len(labels)]
    if meta["normalize_targets"] == "true":
        t_mean, t_std = np.array(json.loads(meta["target_mean"])), np.array(json.loads(meta["target_std"]))
        out = t_mean + t_std * out
    return out


def records(path, targets):
    """Feature rows of a fixture CSV (header skipped), as float64 arrays."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    return [np.array([float(v) for v in row[targets:]]) for row in rows]


class ExportTest(support.TempDirTest):
    def export(self, checkpoint):
        out = self.path("model.safetensors")
        support.run("learnctl", "export", checkpoint, "--format", "safetensors", "-o", out)
        with safe_open(out, "numpy") as f:
            meta = f.metadata()
        raw = open(out, "rb").read()
        header = int.from_bytes(raw[:8], "little")
        self.assertEqual(header % 8, 0, "header padded to 8 bytes")
        return load_file(out), meta

    def per_record(self, checkpoint, test_file):
        out = self.path("predictions.jsonl")
        support.run("learnctl", "eval", checkpoint, test_file, "--predictions", out)
        return [json.loads(line) for line in open(out)]

    def test_classifier_export_matches_learnd(self):
        train = os.path.join(support.FIXTURES, "digits_ci_train.csv")
        checkpoint = support.make_checkpoint(self.path("digits.ckpt"), train)
        tensors, meta = self.export(checkpoint)
        self.assertEqual(json.loads(meta["widths"]), [64, 32, 10])
        self.assertEqual(sorted(json.loads(meta["labels"])), [str(d) for d in range(10)])
        for layer in range(2):
            w, mask = tensors[f"layers.{layer}.weight"], tensors[f"layers.{layer}.mask"]
            self.assertEqual(w.dtype, np.float32)
            self.assertEqual(w.shape, mask.shape)
            self.assertTrue(np.all(w[mask == 0] == 0), "pruned weights are zero")
        self.assertGreater(float((tensors["layers.0.mask"] == 0).mean()), 0.4, "pruning at 50 % shows in the mask")
        test_file = os.path.join(support.FIXTURES, "digits_ci_test.csv")
        learnd = self.per_record(checkpoint, test_file)
        rows = records(test_file, 1)
        self.assertEqual(len(learnd), len(rows))
        correct = 0
        for row, reference in zip(rows, learnd):
            label, confidence, probabilities = predict(tensors, meta, row)
            top2 = np.sort(probabilities)[-2:]
            if top2[1] - top2[0] > TOLERANCE:
                self.assertEqual(label, reference["label"], f"line {reference['line']}")
            self.assertAlmostEqual(confidence, reference["confidence"], delta=TOLERANCE)
            correct += reference["label"] == reference["actual"]
        report = json.loads(support.run("learnctl", "eval", checkpoint, test_file, "--json").stdout)
        self.assertAlmostEqual(report["accuracy"], correct / len(rows), places=12)
        self.assertGreater(report["accuracy"], 0.8)

    def test_regressor_export_matches_learnd(self):
        train = os.path.join(support.FIXTURES, "waterflow_regress.csv")
        checkpoint = support.make_checkpoint(self.path("flow.ckpt"), train, task="regress", outputs=1, hidden="16",
                                             optimizer="sgd", learning_rate="0.01", prune="0")
        tensors, meta = self.export(checkpoint)
        self.assertEqual(meta["task"], "regress")
        self.assertTrue(np.all(tensors["layers.0.mask"] == 1), "dense: masks are ones")
        learnd = self.per_record(checkpoint, train)
        rows = records(train, 1)
        self.assertEqual(len(learnd), len(rows))
        for row, reference in zip(rows, learnd):
            mine = predict(tensors, meta, row)
            np.testing.assert_allclose(mine, reference["values"], rtol=TOLERANCE, atol=TOLERANCE)

    def test_json_export_holds_the_same_content(self):
        checkpoint = support.make_checkpoint(self.path("d.ckpt"), os.path.join(support.FIXTURES, "digits_ci_test.csv"))
        tensors, meta = self.export(checkpoint)
        out = self.path("model.json")
        support.run("learnctl", "export", checkpoint, "--format", "json", "-o", out)
        exported = json.load(open(out))
        self.assertEqual(set(exported["tensors"]), set(tensors))
        for name, tensor in exported["tensors"].items():
            np.testing.assert_array_equal(np.array(tensor["data"], dtype=np.float32), tensors[name])
            self.assertEqual(tensor["shape"], list(tensors[name].shape))
        for key, value in exported["metadata"].items():
            self.assertEqual(meta[key] if isinstance(value, str) else json.loads(meta[key]), value, key)

    def test_the_documented_python_reader_agrees(self):
        checkpoint = support.make_checkpoint(self.path("d.ckpt"), os.path.join(support.FIXTURES, "digits_ci_test.csv"))
        tensors, meta = self.export(checkpoint)
        reader = support.documented_reader()
        sections = reader["read_checkpoint"](checkpoint)
        self.assertEqual(list(sections)[:3], ["CONF", "NETW", "MASK"])
        widths, _, layers = reader["network"](sections)
        self.assertEqual(list(widths), json.loads(meta["widths"]))
        for layer, (w, b) in enumerate(layers):
            np.testing.assert_array_equal(w, tensors[f"layers.{layer}.weight"])
            np.testing.assert_array_equal(b, tensors[f"layers.{layer}.bias"])
        for row in records(os.path.join(support.FIXTURES, "digits_ci_test.csv"), 1)[:20]:
            np.testing.assert_allclose(reader["outputs"](sections, row), forward(tensors, meta, row), rtol=1e-12)


if __name__ == "__main__":
    support.main(__name__)
