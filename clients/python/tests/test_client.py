"""The Python client against the real daemon: every control command, the producer, and the model as
numpy arrays (read, computed on, loaded back, refused whole)."""

import numpy as np
import pytest

from conftest import CLASSES, load_digits
from learnd import Control, LearndError, Producer, Statistics


def feed(daemon, x, labels):
    with Producer(daemon.ingest) as producer:
        producer.send_many(zip(labels, x))
    return producer.replies


def test_status_predict_checkpoint_restore(daemon):
    x, y = load_digits("digits_ci_train.csv")
    assert feed(daemon, x[:500], y[:500]) == []           # learned records get no reply
    with Control(daemon.control) as ctl:
        assert ctl.status()["records"]["learned"] == 500
        assert ctl.predict(x[600]) in CLASSES
        saved = ctl.checkpoint()
        assert saved["bytes"] > 0
        feed(daemon, x[500:700], y[500:700])
        assert ctl.status()["records"]["learned"] == 700
        assert ctl.restore(saved["path"])["learned"] == 500
        assert ctl.status()["records"]["learned"] == 500
        assert 'classes = ["0", "1", "2"' in ctl.config()["config"]
        assert ctl.metrics()                                   # `metrics`, or status where absent
        with pytest.raises(LearndError, match="expected 64 features, got 2"):
            ctl.predict([1, 2])


def test_producer_gets_predictions_and_rejections(daemon):
    x, y = load_digits("digits_ci_train.csv")
    feed(daemon, x[:300], y[:300])
    with Producer(daemon.ingest) as producer:
        producer.send(None, x[0])
        producer.send_lines(["3,1,2"])
    assert producer.replies[0].startswith("=") and producer.replies[0][1] in "0123456789"
    assert producer.replies[1].startswith("!") and "expected 64 features" in producer.replies[1]


def test_weights_are_the_model_numpy_computes_the_daemons_predictions(daemon):
    x, y = load_digits("digits_ci_train.csv")
    order = np.random.default_rng(1).permutation(len(y))   # the fixture is class-incremental; mixed here
    x, y = x[order], y[order]
    feed(daemon, x, y)
    tx, ty = load_digits("digits_ci_test.csv")
    with Control(daemon.control) as ctl:
        w = ctl.weights()
        daemon_predictions = ctl.predict_many(tx.tolist())
    assert w.widths == [64, 128, 10] and w.classes == CLASSES and w.learned == len(y)
    assert [a.shape for a in w.parameters()] == [(128, 64), (128,), (10, 128), (10,)]
    # The normaliser's statistics are those of the records learned (float64, Welford).
    reference = Statistics.of(x)
    assert w.normalizer.count == len(y)
    np.testing.assert_allclose(w.normalizer.mean, reference.mean, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w.normalizer.m2, reference.m2, rtol=1e-9, atol=1e-9)
    # numpy's forward pass over the arrays gives the daemon's predictions.
    numpy_predictions = np.array(CLASSES)[w.logits(tx).argmax(axis=1)]
    assert np.mean(numpy_predictions == np.array(daemon_predictions)) >= 0.99
    assert w.accuracy(tx, ty) > 0.9


def test_set_weights_loads_exactly_or_refuses_whole(tmp_path, daemon):
    x, y = load_digits("digits_ci_train.csv")
    feed(daemon, x[:400], y[:400])
    with Control(daemon.control) as ctl:
        before = ctl.weights()
        assert ctl.set_weights(before)["changed"] == 0           # loading what was read changes nothing
        shifted = before.with_parameters([p + np.float32(0.25) for p in before.parameters()])
        report = ctl.set_weights(shifted)
        assert report["changed"] == sum(p.size for p in before.parameters()) and report["learned"] == 400
        after = ctl.weights()
        for a, b in zip(after.parameters(), shifted.parameters()):
            np.testing.assert_array_equal(a, b)
        bad = after.with_parameters([p.copy() for p in after.parameters()])
        bad.weights[1][3, 4] = np.nan
        with pytest.raises(LearndError, match="is not finite; the running model is unchanged"):
            ctl.set_weights(bad)
        narrow = after.with_parameters([p[:, :-1] if p.ndim == 2 and p.shape[1] == 64 else p for p in after.parameters()])
        narrow.widths = [63, 128, 10]
        with pytest.raises(LearndError, match=r"shape \[63, 128, 10\] differs from the running model's \[64, 128, 10\]"):
            ctl.set_weights(narrow)
        for a, b in zip(ctl.weights().parameters(), shifted.parameters()):
            np.testing.assert_array_equal(a, b)                  # nothing of the refused loads applied


def test_statistics_merge_is_one_pass_and_since_undoes_it():
    x, _ = load_digits("digits_ci_train.csv")
    a, b, c = Statistics.of(x[:300]), Statistics.of(x[300:1000]), Statistics.of(x[1000:])
    merged = a.merge(b).merge(c)
    whole = Statistics.of(x)
    assert merged.count == whole.count
    np.testing.assert_allclose(merged.mean, whole.mean, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(merged.m2, whole.m2, rtol=1e-10)
    recovered = a.merge(b).since(a)
    assert recovered.count == b.count
    np.testing.assert_allclose(recovered.mean, b.mean, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(recovered.m2, b.m2, rtol=1e-9, atol=1e-6)


def test_restore_refuses_a_checkpoint_with_another_class_map(tmp_path, daemon):
    """Slots follow first appearance without model.classes: such a checkpoint is refused by a
    daemon with the fixed map, naming both, and the running model stays."""
    import os
    import support
    from conftest import DIGITS
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = support.Daemon(str(other_dir), *[s for s in DIGITS if not s.startswith("model.classes")])
    x, y = load_digits("digits_ci_train.csv")
    try:
        with Producer(os.path.join(str(other_dir), "ingest.sock")) as p:
            p.send_many(zip(y[400:500], x[400:500]))          # digits 3 and 2 (in that order): slots 0 and 1
        with Control(other.control) as ctl:
            saved = ctl.checkpoint()["path"]
    finally:
        assert other.stop() == 0
    feed(daemon, x[:100], y[:100])
    with Control(daemon.control) as ctl:
        before = ctl.weights()
        refusal = r'its class slots \["3", "2"\] are not model.classes \["0", "1", .*the running state is unchanged'
        with pytest.raises(LearndError, match=refusal):
            ctl.restore(saved)
        assert ctl.weights().learned == before.learned == 100
