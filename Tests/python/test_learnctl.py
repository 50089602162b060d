"""learnctl's offline commands as a user meets them: help, version, exit statuses (0 ok, 1 failure, 64 usage),
inspect (text and JSON), verify's one line per file, eval's report, and refusal of damaged files.

Run: python3 Tests/python/test_learnctl.py   (binaries in $LEARND_BIN_DIR, default .build/debug)
"""
import json
import os
import shutil
import sys

import lz4.frame

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

DIGITS_TEST = os.path.join(support.FIXTURES, "digits_ci_test.csv")
FIXTURE = os.path.join(support.FIXTURES, "checkpoints", "v1-classify-4-8-3.ckpt")


class LearnctlTest(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.ckpt = support.make_checkpoint(self.path("a.ckpt"), DIGITS_TEST)

    def test_help_version_and_usage_errors(self):
        top = support.run("learnctl", "--help")
        for command in ["inspect", "verify", "eval", "export"]:
            self.assertIn(command, top.stdout)
            self.assertEqual(support.run("learnctl", command, "--help").returncode, 0)
        self.assertNotIn("make-checkpoint", top.stdout, "the fixture helper stays hidden")
        # One screen each: at most 40 lines, none wider than 80 columns but the USAGE synopsis.
        helps = {"learnctl": top.stdout}
        for command in ["status", "watch", "feed", "predict", "checkpoint", "restore", "plot", "inspect", "verify",
                        "eval", "export"]:
            helps[f"learnctl {command}"] = support.run("learnctl", command, "--help").stdout
        for command in [[], ["serve"], ["stream"], ["config"]]:
            helps[" ".join(["learnd", *command])] = support.run("learnd", *command, "--help").stdout
        for name, text in helps.items():
            lines = text.rstrip("\n").split("\n")
            self.assertLessEqual(len(lines), 40, f"{name} --help: {len(lines)} lines")
            wide = [line for line in lines if len(line) > 80 and not line.startswith("USAGE:")]
            self.assertEqual(wide, [], f"{name} --help")
        self.assertRegex(support.run("learnctl", "--version").stdout.strip(), r"^\d+\.\d+\.\d+")
        for args in [["inspect"], ["verify"], ["export", self.ckpt, "--format", "onnx", "-o", "x"], ["frobnicate"]]:
            self.assertEqual(support.run("learnctl", *args, check=False).returncode, 64, args)

    def test_inspect_reports_the_state(self):
        report = json.loads(support.run("learnctl", "inspect", self.ckpt, "--json").stdout)
        self.assertEqual(report["format_version"], 1)
        self.assertEqual(report["model"]["widths"], [64, 32, 10])
        self.assertEqual(report["records"]["learned"], 360)
        self.assertEqual(sorted(report["labels"]), [str(d) for d in range(10)])
        self.assertEqual(report["replay"]["count"], 360)
        self.assertEqual(len(report["sparsity_per_layer"]), 2)
        self.assertGreater(report["metrics"]["prequential_accuracy"], 0.3)
        self.assertEqual([s["tag"] for s in report["sections"]][:2], ["CONF", "NETW"])
        self.assertEqual(report["file_bytes"], os.path.getsize(self.ckpt))
        text = support.run("learnctl", "inspect", self.ckpt).stdout
        for word in ["format:", "64-32-10 classify", "360 learned", "sparsity:", "replay:", "prequential:",
                     "sections:"]:
            self.assertIn(word, text)

    def test_verify_lines_and_exit_status(self):
        bad = self.path("bad.ckpt")
        data = bytearray(open(self.ckpt, "rb").read())
        data[len(data) // 2] ^= 0x40
        open(bad, "wb").write(data)
        ok = support.run("learnctl", "verify", self.ckpt)
        self.assertRegex(ok.stdout, r"^.*a\.ckpt: ok \(v1, 64-32-10 classify, 360 records learned, created .*\)\n$")
        both = support.run("learnctl", "verify", self.ckpt, bad, check=False)
        self.assertEqual(both.returncode, 1)
        lines = both.stdout.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith(f"{bad}: invalid: "), lines[1])
        inspect = support.run("learnctl", "inspect", bad, check=False)
        self.assertEqual(inspect.returncode, 1)
        self.assertIn("invalid", inspect.stderr)

    def test_a_checkpoint_is_a_standard_lz4_frame(self):
        container = lz4.frame.decompress(open(self.ckpt, "rb").read())
        self.assertEqual(container[:8], b"LEARNDCK")
        if shutil.which("lz4"):
            out = self.path("c.bin")
            self.assertEqual(os.system(f"lz4 -q -d -f {self.ckpt} {out}"), 0)
            self.assertEqual(open(out, "rb").read(), container)

    def test_eval_reports_accuracy_per_class_and_confusion(self):
        report = json.loads(support.run("learnctl", "eval", self.ckpt, DIGITS_TEST, "--json").stdout)
        self.assertEqual(report["evaluated"], 360)
        self.assertEqual(sum(sum(row.values()) for row in report["confusion"].values()), 360)
        self.assertEqual(sorted(report["per_class"]), [str(d) for d in range(10)])
        text = support.run("learnctl", "eval", self.ckpt, DIGITS_TEST).stdout
        self.assertIn("accuracy:", text)
        self.assertIn("confusion (rows: actual, columns: predicted):", text)
        missing = support.run("learnctl", "eval", self.ckpt, self.path("none.csv"), check=False)
        self.assertEqual(missing.returncode, 1)
        self.assertIn("Failed to open", missing.stderr)

    def test_export_failure_names_the_path(self):
        blocker = self.path("file")
        open(blocker, "w").write("x")
        result = support.run("learnctl", "export", self.ckpt, "--format", "json", "-o", f"{blocker}/out.json",
                             check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("Failed to create", result.stderr)

    def test_the_v1_fixture_still_verifies(self):
        self.assertEqual(support.run("learnctl", "verify", FIXTURE).returncode, 0)


if __name__ == "__main__":
    support.main(__name__)
