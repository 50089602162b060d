"""A complete reader of learnd checkpoint format v1 (the optional HIST, PEND and TUNE sections included), written from docs/checkpoint-format.md alone, so that the
tests can hold the document to the files: every section is parsed field by field and must be consumed exactly.
"""
import struct

import lz4.frame


class Cursor:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, fmt):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, code, n):
        values = list(struct.unpack_from(f"<{n}{code}", self.data, self.at))
        self.at += struct.calcsize(f"<{n}{code}")
        return values

    def string(self):
        n = self.take("I")
        text = self.data[self.at:self.at + n].decode("utf-8")
        self.at += n
        return text

    def done(self, tag):
        assert self.at == len(self.data), f"{tag}: {len(self.data) - self.at} bytes left over"


def read(path):
    data = open(path, "rb").read()
    assert data[:4] == b"\x04\x22\x4d\x18" and data[4:6] == b"\x7c\x40"
    container = lz4.frame.decompress(data)
    assert len(container) == struct.unpack_from("<Q", data, 6)[0]
    return read_container(container)


def read_container(container):
    """Every section of an uncompressed container (the file's, or a TUNE member's)."""
    assert container[:8] == b"LEARNDCK" and struct.unpack_from("<I", container, 8)[0] == 1
    raw, at = {}, 12
    while at < len(container):
        tag, n = container[at:at + 4].decode(), struct.unpack_from("<Q", container, at + 4)[0]
        raw[tag] = container[at + 12:at + 12 + n]
        at += 12 + n
    out = {"order": list(raw)}
    conf = out["CONF"] = parse_conf(Cursor(raw["CONF"]))
    widths = [conf["inputs"], *conf["hidden"], conf["outputs"]]
    p = sum(widths[i + 1] * (widths[i] + 1) for i in range(len(widths) - 1))
    c = Cursor(raw["NETW"])
    nw = c.take("I")
    out["NETW"] = {"widths": c.array("I", nw), "activation": c.take("B"), "parameters": c.array("f", c.take("Q"))}
    c.done("NETW")
    assert out["NETW"]["widths"] == widths and len(out["NETW"]["parameters"]) == p
    c = Cursor(raw["MASK"])
    out["MASK"] = c.array("B", c.take("Q"))
    c.done("MASK")
    c = Cursor(raw["OPTM"])
    out["OPTM"] = {"kind": c.take("B"), "steps": c.take("Q"), "first": c.array("f", c.take("Q")),
                   "second": c.array("f", c.take("Q"))}
    c.done("OPTM")
    out["RSVR"] = parse_reservoir(Cursor(raw["RSVR"]))
    for tag in ["NORM", "TNRM"]:
        c = Cursor(raw[tag])
        n, width = c.take("QI")
        out[tag] = {"count": n, "mean": c.array("d", width), "m2": c.array("d", width)}
        out[tag]["outliers"] = c.take("Q") if c.at < len(c.data) else 0
        c.done(tag)
    c = Cursor(raw["LABL"])
    capacity, n = c.take("II")
    out["LABL"] = {"capacity": capacity, "names": [c.string() for _ in range(n)]}
    c.done("LABL")
    out["METR"] = parse_metrics(Cursor(raw["METR"]))
    out["DRFT"] = parse_drift(Cursor(raw["DRFT"]))
    out["PROT"] = parse_protection(Cursor(raw["PROT"]))
    if "RCLS" in raw:
        c = Cursor(raw["RCLS"])
        out["RCLS"] = c.array("q", c.take("I"))
        c.done("RCLS")
    if "RLGT" in raw:
        c = Cursor(raw["RLGT"])
        width, n = c.take("IQ")
        out["RLGT"] = {"width": width, "logits": c.array("f", n * width)}
        c.done("RLGT")
        assert n == out["RSVR"]["count"]
    c = Cursor(raw["RNGS"])
    out["RNGS"] = c.take("4Q")
    c.done("RNGS")
    out["TIME"] = struct.unpack("<q", raw["TIME"])[0]
    out["VERS"] = raw["VERS"].decode("utf-8")
    if "HIST" in raw:
        out["HIST"] = parse_history(Cursor(raw["HIST"]))
    if "PEND" in raw:
        out["PEND"] = parse_pending(Cursor(raw["PEND"]), conf)
    if "TUNE" in raw:
        out["TUNE"] = parse_tuning(Cursor(raw["TUNE"]))
    return out


def parse_pending(c, conf):
    matched, expired, evicted, scored, correct = c.take("5Q")
    p = {"matched": matched, "expired": expired, "evicted": evicted, "scored": scored, "correct": correct,
         "squared_error_sum": c.take("d")}
    n, p["delay_next"] = c.take("II")
    p["delays"] = c.array("d", n)
    p["entries"] = []
    for _ in range(c.take("I")):
        e = {"id": c.string(), "time": c.take("d")}
        if c.take("B") == 0:
            named, name, confidence = c.take("B"), c.string(), c.take("f")
            e["prediction"] = (name if named else None, confidence)
        else:
            e["prediction"] = c.array("f", conf["outputs"])
        e["features"] = c.array("f", conf["inputs"])
        p["entries"].append(e)
    c.done("PEND")
    return p


def parse_tuning(c):
    """TUNE: the self-tuning population, each member a whole container of its own."""
    version, m = c.take("II")
    assert version == 1 and 2 <= m <= 16
    t = dict(zip(["factor", "interval", "half_life", "margin", "replay_factor", "min_rate", "max_rate", "leader", "since_decision", "exploits",
                  "resets"], c.take("fIddIffIQQQ")))
    t["rates"], t["running_loss"] = [], []
    for _ in range(m):
        rate, loss = c.take("fd")
        t["rates"].append(rate)
        t["running_loss"].append(loss)
    t["members"] = []
    for _ in range(m):
        n = c.take("Q")
        t["members"].append(read_container(bytes(c.take(f"{n}s"))))
    c.done("TUNE")
    assert t["leader"] < m
    return t


def parse_history(c):
    h = {"period": c.take("d"), "samples": [], "checkpoints": []}
    for _ in range(c.take("I")):
        t, learned, rate, score, recent, loss, sparsity, drift = c.take("qQdddddQ")
        h["samples"].append({"unix_seconds": t, "learned": learned, "records_per_second": rate, "score": score,
                             "recent_score": recent, "loss": loss, "sparsity": sparsity, "drift_events": drift})
    for _ in range(c.take("I")):
        t, learned = c.take("qQ")
        h["checkpoints"].append({"unix_seconds": t, "learned": learned})
    c.done("HIST")
    return h


def parse_conf(c):
    conf = {"inputs": c.take("I")}
    conf["hidden"] = c.array("I", c.take("I"))
    conf["outputs"] = c.take("I")
    conf["task"], conf["activation"], conf["optimizer"], conf["policy"] = c.take("4B")
    conf["seed"] = c.take("Q")
    conf["lr"], conf["momentum"], conf["beta1"], conf["beta2"], conf["eps"], conf["clip"] = c.take("6f")
    conf["replay_k"], conf["replay_capacity"] = c.take("II")
    conf["prune_target"] = c.take("f")
    conf["prune_start"], conf["prune_end"], conf["prune_every"] = c.take("3Q")
    conf["window"] = c.take("I")
    conf["normalize_targets"], conf["protect"] = c.take("BB")
    conf["protect_strength"], conf["protect_interval"] = c.take("fQ")
    conf["detector"], conf["actions"], conf["boost_factor"], conf["boost_records"], conf["keep"] = c.take("BIfQf")
    conf["toml"] = c.string()
    conf["ace_window"], conf["logit_weight"] = c.take("If") if c.at < len(c.data) else (0, 0.0)
    c.done("CONF")
    return conf


def parse_reservoir(c):
    capacity, f, t, policy, seen, n = c.take("IIIBQQ")
    r = {"capacity": capacity, "policy": policy, "seen": seen, "count": n,
         "features": c.array("f", n * f), "targets": c.array("f", n * t)}
    r["class_seen"] = c.array("Q", c.take("I"))
    c.done("RSVR")
    return r


def parse_metrics(c):
    m = {"window": c.take("I")}
    m["count"], m["correct"], m["loss_sum"], m["sq_sum"] = c.take("QQdd")
    m["recent"] = c.array("d", c.take("I"))
    m["next"] = c.take("I")
    s = c.take("I")
    m["class_seen"], m["class_correct"] = c.array("Q", s), c.array("Q", s)
    m["learned"], m["predicted"] = c.take("QQ")
    m["rejected"] = {}
    for _ in range(c.take("I")):
        kind = c.string()
        m["rejected"][kind] = c.take("Q")
    c.done("METR")
    return m


def parse_drift(c):
    d = {"detector": c.take("B")}
    if d["detector"] == 1:
        d["page_hinkley"] = c.take("Q3dQ5dB")
    elif d["detector"] == 2:
        d["adwin"] = [c.take("d4Q")]
        for _ in range(c.take("I")):
            n = c.take("I")
            d["adwin"].append((c.array("d", n), c.array("d", n)))
        d["adwin"].append(c.take("QddQB"))
    d["detections"] = c.take("Q")
    d["events"] = [c.take("QB") for _ in range(c.take("I"))]
    d["boost"], d["last_new_class"] = c.take("Qq")
    c.done("DRFT")
    return d


def parse_protection(c):
    kind, n = c.take("BQ")
    p = {"kind": kind, "importance": c.array("f", n), "anchor": c.array("f", n), "running": c.array("f", n)}
    p["consolidations"], p["last"] = c.take("QQ")
    p["losses"] = c.array("f", c.take("I"))
    p["next"], p["plateau"], p["risen"] = c.take("IdB")
    c.done("PROT")
    return p
