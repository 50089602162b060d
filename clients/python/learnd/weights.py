"""The model learnd exchanges on its control socket (`weights`, `set_weights`) as numpy arrays,
and the federation rules of docs/control-protocol.md ("Federation")."""

import base64
from dataclasses import dataclass, field, replace

import numpy as np


def _decode(text, dtype):
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


def _encode(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


@dataclass
class Statistics:
    """Welford statistics per feature: `count` records, running `mean`, `m2` = sum of squared
    deviations from the mean (population variance = m2 / count). float64, as learnd keeps them."""

    count: int
    mean: np.ndarray
    m2: np.ndarray

    @classmethod
    def empty(cls, features):
        return cls(0, np.zeros(features), np.zeros(features))

    @classmethod
    def of(cls, rows):
        """Statistics of the rows of a 2-D array (the reference the merge must equal)."""
        rows = np.asarray(rows, dtype=np.float64)
        mean = rows.mean(axis=0) if len(rows) else np.zeros(rows.shape[1])
        return cls(len(rows), mean, ((rows - mean) ** 2).sum(axis=0))

    def merge(self, other):
        """The statistics of both streams together (Chan, Golub and LeVeque's parallel Welford)."""
        if other.count == 0:
            return self
        if self.count == 0:
            return other
        n = self.count + other.count
        delta = other.mean - self.mean
        mean = self.mean + delta * (other.count / n)
        m2 = self.m2 + other.m2 + delta * delta * (self.count * other.count / n)
        return Statistics(n, mean, m2)

    def since(self, base):
        """What was added to `base` to give these statistics (the inverse of `merge`): the
        statistics of the records learned since `base` was loaded. Empty when nothing was."""
        added = self.count - base.count
        if base.count == 0:
            return self
        if added <= 0:
            return Statistics.empty(len(self.mean))
        mean = (self.count * self.mean - base.count * base.mean) / added
        delta = mean - base.mean
        m2 = self.m2 - base.m2 - delta * delta * (base.count * added / self.count)
        return Statistics(added, mean, np.maximum(m2, 0.0))

    def normalize(self, x):
        """(x - mean) / sigma per feature, 0 where sigma is 0 (learnd's rule)."""
        sigma = np.sqrt(self.m2 / self.count) if self.count else np.zeros_like(self.mean)
        scale = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 0)
        return ((np.asarray(x, dtype=np.float32) - self.mean.astype(np.float32)) * scale.astype(np.float32))

    def to_json(self):
        return {"count": int(self.count), "mean": _encode(self.mean, "<f8"), "m2": _encode(self.m2, "<f8")}

    @classmethod
    def from_json(cls, obj):
        return cls(int(obj["count"]), _decode(obj["mean"], "<f8"), _decode(obj["m2"], "<f8"))


@dataclass
class Weights:
    """A learnd model: per layer l a weight `[widths[l+1], widths[l]]` and a bias `[widths[l+1]]`
    (float32), masks shaped like the weights or None, the feature normaliser (and for regress the
    target normaliser), and what the daemon reported with them."""

    widths: list
    weights: list
    biases: list
    masks: list = None
    normalizer: Statistics = None
    target_normalizer: Statistics = None
    task: str = "classify"
    classes: list = field(default_factory=list)
    learned: int = 0
    milliseconds: float = 0.0

    @classmethod
    def from_json(cls, obj):
        widths = [int(w) for w in obj["widths"]]
        layers = obj["layers"]
        shapes = list(zip(widths[1:], widths[:-1]))
        weights = [_decode(l["weight"], "<f4").reshape(s) for l, s in zip(layers, shapes)]
        biases = [_decode(l["bias"], "<f4") for l in layers]
        masks = [_decode(l["mask"], "<f4").reshape(s) for l, s in zip(layers, shapes)] if "mask" in layers[0] else None
        return cls(widths, weights, biases, masks,
                   Statistics.from_json(obj["normalizer"]) if "normalizer" in obj else None,
                   Statistics.from_json(obj["target_normalizer"]) if "target_normalizer" in obj else None,
                   obj.get("task", "classify"), list(obj.get("classes", [])), int(obj.get("learned", 0)),
                   float(obj.get("milliseconds", 0.0)))

    def to_json(self):
        layers = []
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            layer = {"weight": _encode(w, "<f4"), "bias": _encode(b, "<f4")}
            if self.masks is not None:
                layer["mask"] = _encode(self.masks[i], "<f4")
            layers.append(layer)
        obj = {"widths": list(self.widths), "layers": layers}
        if self.normalizer is not None:
            obj["normalizer"] = self.normalizer.to_json()
        if self.target_normalizer is not None:
            obj["target_normalizer"] = self.target_normalizer.to_json()
        return obj

    def parameters(self):
        """The arrays in learnd's order: weight 0, bias 0, weight 1, bias 1, ..."""
        return [a for pair in zip(self.weights, self.biases) for a in pair]

    def with_parameters(self, arrays, normalizer=None):
        """A copy holding `arrays` (as from `parameters()`), no masks, and `normalizer` if given."""
        arrays = [np.asarray(a, dtype=np.float32) for a in arrays]
        return replace(self, weights=arrays[0::2], biases=arrays[1::2], masks=None,
                       normalizer=normalizer if normalizer is not None else self.normalizer)

    def logits(self, x, activation="relu"):
        """The network's outputs for raw feature rows `x` (normalised with `normalizer`)."""
        h = self.normalizer.normalize(x) if self.normalizer is not None else np.asarray(x, dtype=np.float32)
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = h @ w.T + b
            if i < len(self.weights) - 1:
                h = np.maximum(h, 0) if activation == "relu" else np.tanh(h)
        return h

    def accuracy(self, x, labels, activation="relu"):
        """Fraction of rows whose most probable slot's class (`classes`) is the label."""
        slots = self.logits(x, activation).argmax(axis=1)
        names = np.array(self.classes + ["?"] * (self.widths[-1] - len(self.classes)))
        return float(np.mean(names[slots] == np.asarray(labels)))
