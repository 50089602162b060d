"""docs/checkpoint-format.md describes the files learnd writes: a reader written from it alone
(checkpoint_reader.py) parses every section of real checkpoints exactly and agrees with learnctl inspect.

Run: python3 Tests/python/test_format_doc.py   (binaries in $LEARND_BIN_DIR, default .build/debug)
"""
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpoint_reader  # noqa: E402
import support  # noqa: E402

SECTIONS = ["CONF", "NETW", "MASK", "OPTM", "RSVR", "NORM", "TNRM", "LABL", "METR", "DRFT", "PROT", "RNGS", "TIME",
            "VERS"]


class FormatDocTest(support.TempDirTest):
    def check(self, path, optional=()):
        c = checkpoint_reader.read(path)
        report = json.loads(support.run("learnctl", "inspect", path, "--json").stdout)
        self.assertEqual(c["order"], SECTIONS + list(optional))
        conf = c["CONF"]
        self.assertEqual([conf["inputs"], *conf["hidden"], conf["outputs"]], report["model"]["widths"])
        self.assertEqual(["classify", "regress"][conf["task"]], report["model"]["task"])
        self.assertEqual(c["METR"]["learned"], report["records"]["learned"])
        self.assertEqual(c["METR"]["predicted"], report["records"]["predicted"])
        self.assertEqual(c["LABL"]["names"], report["labels"])
        self.assertEqual(c["RSVR"]["count"], report["replay"]["count"])
        self.assertEqual(c["RSVR"]["count"], min(c["RSVR"]["seen"], c["RSVR"]["capacity"]))
        self.assertEqual(c["OPTM"]["steps"], report["model"]["optimizer_steps"])
        self.assertEqual(c["TIME"], report["created_unix_seconds"])
        self.assertEqual(c["VERS"], report["learnd_version"])
        self.assertEqual(conf["toml"], report["config_text"])
        if c["MASK"]:
            self.assertTrue(all(w == 0 for w, m in zip(c["NETW"]["parameters"], c["MASK"]) if m == 0))
        return c

    def test_the_fixture(self):
        c = self.check(os.path.join(support.FIXTURES, "checkpoints", "v1-classify-4-8-3.ckpt"))
        self.assertEqual(c["DRFT"]["detector"], 1)
        self.assertEqual(c["PROT"]["kind"], 1)
        self.assertEqual(sum(c["RSVR"]["class_seen"]), c["RSVR"]["seen"])

    def test_a_pruned_adam_classifier(self):
        path = support.make_checkpoint(self.path("c.ckpt"), os.path.join(support.FIXTURES, "digits_ci_test.csv"))
        c = self.check(path)
        self.assertEqual(len(c["OPTM"]["second"]), len(c["NETW"]["parameters"]))

    def test_the_optional_sections_fixture(self):
        """Fixtures/checkpoints/v1-optional-sections.ckpt: every optional section at once, from learnd serve."""
        c = self.check(os.path.join(support.FIXTURES, "checkpoints", "v1-optional-sections.ckpt"),
                       optional=("HIST", "RCLS", "RLGT"))
        self.assertEqual(c["CONF"]["ace_window"], 20)
        self.assertAlmostEqual(c["CONF"]["logit_weight"], 0.2, places=6)   # an f32
        self.assertEqual(c["METR"]["learned"], 300)

    def test_er_ace_and_dark_experience_replay(self):
        """The optional sections, written after VERS in tag order when their features are on."""
        path = support.make_checkpoint(self.path("d.ckpt"), os.path.join(support.FIXTURES, "digits_ci_test.csv"),
                                       optimizer="sgd", prune="0", extra=("train.ace_window=20",
                                                                          "replay.logit_weight=0.25"))
        c = self.check(path, optional=("RCLS", "RLGT"))
        self.assertEqual((c["CONF"]["ace_window"], c["CONF"]["logit_weight"]), (20, 0.25))
        self.assertEqual(len(c["RCLS"]), c["CONF"]["outputs"])
        self.assertEqual(max(c["RCLS"]), c["METR"]["learned"] - 1)
        self.assertEqual(c["RLGT"]["width"], c["CONF"]["outputs"])
        self.assertEqual(len(c["RLGT"]["logits"]), c["RSVR"]["count"] * c["CONF"]["outputs"])

    def test_pending_predictions(self):
        """PEND: the predictions with an id still waiting for their labels, and the delayed score."""
        lines = open(os.path.join(support.FIXTURES, "digits_ci_train.csv")).read().splitlines()[1:]
        records = self.path("ids.csv")
        with open(records, "w") as f:
            for i, line in enumerate(lines[:30]):
                f.write(f"@q{i},?{line[line.index(','):]}\n")
            for i, line in enumerate(lines[:10]):
                f.write(f"@q{i},{line[:line.index(',')]}\n")
        path = self.path("p.ckpt")
        support.run("learnd", "stream", records, "--quiet", "--set", "model.outputs=10", "--checkpoint-out", path)
        c = self.check(path, optional=("PEND", "TUNE"))   # learnd's defaults: a population (train.tuning auto)
        self.assertEqual([m["order"] for m in c["TUNE"]["members"]], [SECTIONS, SECTIONS],
                         "the population keeps one pending table, beside the leader's sections")
        p = c["PEND"]
        self.assertEqual((p["matched"], p["scored"], p["expired"], p["evicted"]), (10, 10, 0, 0))
        self.assertEqual([e["id"] for e in p["entries"]], [f"q{i}" for i in range(10, 30)])
        self.assertEqual(len(p["delays"]), 10)
        first = lines[10].split(",")[1:]
        self.assertEqual(p["entries"][0]["features"], [float(v) for v in first])

    def test_a_self_tuning_learner(self):
        """TUNE: the population, each member a whole container; the v1 sections hold the leader."""
        path = support.make_checkpoint(self.path("t.ckpt"), os.path.join(support.FIXTURES, "digits_ci_test.csv"),
                                       optimizer="sgd", prune="0", learning_rate="0.05", extra=("train.tuning=\"auto\"",))
        c = self.check(path, optional=("TUNE",))
        t = c["TUNE"]
        self.assertEqual(len(t["members"]), 2)
        self.assertEqual(t["rates"], [m["CONF"]["lr"] for m in t["members"]])
        for m in t["members"]:
            self.assertEqual(m["order"], SECTIONS)
            self.assertEqual(m["METR"]["learned"], c["METR"]["learned"])
        leader = t["members"][t["leader"]]
        self.assertEqual(leader["NETW"]["parameters"], c["NETW"]["parameters"])
        self.assertEqual(leader["CONF"]["lr"], c["CONF"]["lr"])

    def test_a_regressor(self):
        path = support.make_checkpoint(self.path("r.ckpt"), os.path.join(support.FIXTURES, "trump_approval_regress.csv"),
                                       task="regress", outputs=1, hidden="8", optimizer="sgd", prune="0")
        c = self.check(path)
        self.assertEqual(len(c["TNRM"]["mean"]), 1)
        self.assertEqual(c["MASK"], [])

    def test_a_daemon_checkpoint_with_its_history(self):
        daemon = support.Daemon(self.dir, "model.outputs=10", "checkpoint.every_seconds=0")
        try:
            daemon.learnctl("feed", "--rate", "1000", os.path.join(support.FIXTURES, "digits_ci_train.csv"))
            deadline = time.monotonic() + 10
            while not any(s["learned"] == 1437 for s in daemon.status()["history"]["samples"]):
                self.assertLess(time.monotonic(), deadline, "a history sample after the last record")
                time.sleep(0.2)
            live = daemon.status()
        finally:
            self.assertEqual(daemon.stop(), 0, daemon.stderr())
        path = os.path.join(daemon.state, sorted(os.listdir(daemon.state))[-1])
        c = self.check(path, optional=("HIST", "TUNE"))   # learnd serve tunes its step size by default
        h = c["HIST"]
        report = json.loads(support.run("learnctl", "inspect", path, "--json").stdout)["history"]
        self.assertEqual(h["period"], 2.0)
        self.assertEqual(len(h["samples"]), report["samples"])
        self.assertEqual(h["samples"][0]["unix_seconds"], report["first_unix_seconds"])
        self.assertEqual(h["samples"][-1]["unix_seconds"], report["last_unix_seconds"])
        # The samples status showed are the file's first ones, to status's rounding; no score before learning.
        for ours, theirs in zip(h["samples"], live["history"]["samples"]):
            self.assertEqual(ours["unix_seconds"], theirs["unix_seconds"])
            self.assertEqual(ours["learned"], theirs["learned"])
            self.assertEqual(ours["drift_events"], theirs["drift_detections"])
            if theirs["accuracy"] is None:
                self.assertTrue(math.isnan(ours["score"]) and ours["learned"] == 0)
            else:
                self.assertAlmostEqual(ours["score"], theirs["accuracy"], places=6)
        # The shutdown checkpoint's own mark is the last: its time and the records it holds.
        self.assertEqual(h["checkpoints"][-1], {"unix_seconds": c["TIME"], "learned": c["METR"]["learned"]})
        self.assertEqual(c["METR"]["learned"], 1437)


if __name__ == "__main__":
    support.main(__name__)
