"""The federation of real processes (tests/federation.py): five devices that each see 2 of the 10 digits
learn together with Flower's FedAvg what none could alone; one that drops out mid-round does not stop the
others and catches up when back. Prints the round cost."""

import json

import pytest

pytest.importorskip("flwr")
import federation  # noqa: E402


def test_five_devices_learn_ten_classes_that_each_sees_two(tmp_path):
    result = federation.run(str(tmp_path), devices=5, rounds=10)
    figures = federation.summary(result)
    print(json.dumps(figures, indent=1))
    rounds = result["rounds"]
    assert sorted(rounds, key=int) == [str(r) for r in range(1, 11)], "every round ran"
    assert rounds["10"]["aggregate_accuracy"] >= 0.90, figures["aggregate_accuracy"]
    # Every device, the one that dropped out included, right after loading the final aggregate.
    assert len(result["after_final_load"]) == 5 and min(result["after_final_load"]) >= 0.90, result["after_final_load"]
    assert result["alone"] <= 0.25, "a device alone on its 2 classes"
    # The dropout: its daemon killed in round 3, back in round 5; the others went on without it.
    assert figures["failures_per_round"]["3"] >= 1
    assert min(figures["devices_per_round"].values()) >= 4 and figures["devices_per_round"]["10"] == 5
