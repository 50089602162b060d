"""Federated learning of learnd devices with Flower (flwr 1.42, Message API).

Each supernode runs `client_app`, which drives its local learnd daemon over the control socket
(node config `control=PATH`, optionally `eval=CSV` for evaluation); `server_app` runs FedAvg with
learnd's federation rules (docs/control-protocol.md, "Federation"):

- train round: the device loads the aggregate (and, given `eval`, reports its accuracy right
  after: `accuracy-after-load`), keeps learning from its live records until it learned
  `local-records` since the load (run config; 0 = no count) or `local-seconds` passed, then
  sends its weights, the normaliser statistics of the records it learned since the load, and
  that record count (`num-examples`, the FedAvg weight);
- aggregation: parameters averaged weighted by `num-examples`; normalisers merged exactly with the
  previous aggregate's (parallel Welford); learnd re-prunes on load when it prunes;
- the aggregate is scored centrally (`eval` in the run config); no evaluate round.

Arrays in the messages: `p0, p1, ...` (learnd's parameter order: weight 0, bias 0, ...) and
`n.count`, `n.mean`, `n.m2` (normaliser statistics).
"""

import json
import time

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

from .control import Control
from .weights import Statistics

client_app = ClientApp()
server_app = ServerApp()


def to_record(parameters, stats):
    """An ArrayRecord of parameter arrays and normaliser statistics."""
    arrays = {f"p{i}": Array(np.asarray(p)) for i, p in enumerate(parameters)}
    arrays["n.count"] = Array(np.array([stats.count], dtype=np.int64))
    arrays["n.mean"] = Array(np.asarray(stats.mean, dtype=np.float64))
    arrays["n.m2"] = Array(np.asarray(stats.m2, dtype=np.float64))
    return ArrayRecord(arrays)


def from_record(record):
    """(parameters, statistics) from `to_record`'s form."""
    count = len([k for k in record.keys() if k.startswith("p")])
    parameters = [record[f"p{i}"].numpy() for i in range(count)]
    stats = Statistics(int(record["n.count"].numpy()[0]), record["n.mean"].numpy(), record["n.m2"].numpy())
    return parameters, stats


def record_bytes(record):
    return int(sum(record[k].numpy().nbytes for k in record.keys()))


def _load_aggregate(ctl, record, state):
    """Loads the aggregate into the daemon; the learner ms it took."""
    parameters, stats = from_record(record)
    current = ctl.weights()
    report = ctl.set_weights(current.with_parameters(parameters, normalizer=stats))
    state.update(base_count=stats.count, base_mean=stats.mean.tolist(),
                 base_m2=stats.m2.tolist(), learned_at_load=int(report["learned"]))
    return float(report["milliseconds"])


def _learn_locally(ctl, learned_at_load, records, seconds):
    """Waits while the daemon learns from its live records: until it learned `records` since the
    load (when > 0), for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if records > 0 and ctl.status()["records"]["learned"] - learned_at_load >= records:
            return
        time.sleep(0.05)


def _state(context):
    """The node's state across rounds (kept in context.state as JSON)."""
    record = context.state.get("learnd")
    return json.loads(record["json"]) if record is not None else {}


def _save_state(context, state):
    context.state["learnd"] = ConfigRecord({"json": json.dumps(state)})


def _load_eval(path):
    rows = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=str)
    return rows[:, 1:].astype(np.float32), rows[:, 0]


@client_app.train()
def train(msg: Message, context: Context):
    state = _state(context)
    arrays = msg.content["arrays"]
    metrics = {"bytes-received": record_bytes(arrays), "load-ms": 0.0}
    with Control(context.node_config["control"]) as ctl:
        if len(arrays.keys()):
            metrics["load-ms"] = _load_aggregate(ctl, arrays, state)
            if context.node_config.get("eval"):
                metrics["accuracy-after-load"] = ctl.weights().accuracy(*_load_eval(context.node_config["eval"]))
        _save_state(context, state)
        _learn_locally(ctl, state.get("learned_at_load", 0), int(context.run_config.get("local-records", 0)),
                       float(context.run_config.get("local-seconds", 2.0)))
        current = ctl.weights()
    features = current.widths[0]
    base = Statistics(state.get("base_count", 0), np.array(state.get("base_mean", np.zeros(features))),
                      np.array(state.get("base_m2", np.zeros(features))))
    reply = to_record(current.parameters(), current.normalizer.since(base))
    metrics.update({"num-examples": max(0, current.learned - state.get("learned_at_load", 0)),
                    "learned": current.learned, "read-ms": current.milliseconds, "bytes-sent": record_bytes(reply)})
    return Message(content=RecordDict({"arrays": reply, "metrics": MetricRecord(metrics)}), reply_to=msg)


class LearndFedAvg(FedAvg):
    """FedAvg with learnd's rules: weighted parameter mean, normalisers merged exactly. Keeps a
    per-round log (seconds, per-device train and evaluation figures) in `rounds`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.statistics = None
        self.rounds = {}
        self._started = {}

    def configure_train(self, server_round, arrays, config, grid):
        self._started[server_round] = time.monotonic()
        return super().configure_train(server_round, arrays, config, grid)

    def aggregate_train(self, server_round, replies):
        replies = list(replies)
        valid = [m for m in replies if not m.has_error()]
        entry = self.rounds.setdefault(server_round, {"train": {}, "failures": 0})
        entry["failures"] = len(replies) - len(valid)
        if not valid:
            return None, None
        weights = np.array([float(m.content["metrics"]["num-examples"]) for m in valid])
        weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(valid), 1.0 / len(valid))
        decoded = [from_record(m.content["arrays"]) for m in valid]
        mean = [sum(w * p[i] for w, (p, _) in zip(weights, decoded)).astype(np.float32)
                for i in range(len(decoded[0][0]))]
        stats = self.statistics or Statistics.empty(len(decoded[0][1].mean))
        for _, new in decoded:
            stats = stats.merge(new)
        self.statistics = stats
        for m in valid:
            entry["train"][str(m.metadata.src_node_id)] = dict(m.content["metrics"])
        entry["seconds"] = time.monotonic() - self._started[server_round]
        return to_record(mean, stats), MetricRecord({"devices": len(valid)})


@server_app.main()
def main(grid: Grid, context: Context):
    """FedAvg over the connected learnd devices; run config: `num-rounds`, `min-nodes`,
    `local-records`, `local-seconds`, and optionally `eval` (CSV to score each aggregate on), `classes`
    (comma-separated class of each slot, for that score), `output` (JSON file of the results)."""
    cfg = context.run_config
    strategy = LearndFedAvg(fraction_train=1.0, fraction_evaluate=0.0, min_train_nodes=1, min_evaluate_nodes=1,
                            min_available_nodes=int(cfg.get("min-nodes", 2)))
    aggregate_accuracy = {}

    def evaluate_aggregate(server_round, arrays):
        if not cfg.get("eval") or not len(arrays.keys()):
            return None
        from .weights import Weights
        parameters, stats = from_record(arrays)
        widths = [parameters[0].shape[1]] + [p.shape[0] for p in parameters[0::2]]
        model = Weights(widths, parameters[0::2], parameters[1::2], normalizer=stats,
                        classes=str(cfg.get("classes", "")).split(","))
        x, labels = _load_eval(cfg["eval"])
        aggregate_accuracy[server_round] = model.accuracy(x, labels)
        return MetricRecord({"accuracy": aggregate_accuracy[server_round]})

    result = strategy.start(grid=grid, initial_arrays=ArrayRecord(), num_rounds=int(cfg.get("num-rounds", 3)),
                            timeout=float(cfg.get("round-timeout", 600)), evaluate_fn=evaluate_aggregate)
    if cfg.get("output"):
        for r, accuracy in aggregate_accuracy.items():
            strategy.rounds.setdefault(r, {})["aggregate_accuracy"] = accuracy
        with open(cfg["output"], "w") as f:
            json.dump({"rounds": strategy.rounds}, f, indent=1, default=float)
        if result.arrays is not None and len(result.arrays.keys()):
            parameters, stats = from_record(result.arrays)
            np.savez(cfg["output"] + ".npz", *parameters, count=stats.count, mean=stats.mean, m2=stats.m2)
