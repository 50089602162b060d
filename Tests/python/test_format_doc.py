"""docs/checkpoint-format.md describes the files learnd writes: a reader written from it alone
(checkpoint_reader.py) parses every section of real checkpoints exactly and agrees with learnctl inspect.

Run: python3 Tests/python/test_format_doc.py   (binaries in $LEARND_BIN_DIR, default .build/debug)
"""
import json
import os
import sys

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

    def test_a_regressor(self):
        path = support.make_checkpoint(self.path("r.ckpt"), os.path.join(support.FIXTURES, "trump_approval_regress.csv"),
                                       task="regress", outputs=1, hidden="8", optimizer="sgd", prune="0")
        c = self.check(path)
        self.assertEqual(len(c["TNRM"]["mean"]), 1)
        self.assertEqual(c["MASK"], [])


if __name__ == "__main__":
    support.main(__name__)
