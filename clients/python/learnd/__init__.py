"""Python client for learnd (docs/control-protocol.md in the learnd repository).

- `Control`: the control socket (status, predict, checkpoint, restore, reload, config, metrics,
  and the model as numpy arrays: `weights`, `set_weights`).
- `Producer`: writes records into the ingest socket and collects learnd's replies.
- `Weights`, `Statistics`: the model and the normaliser statistics, with the federation rules
  (parallel Welford merge, re-pruning by magnitude).
- `learnd.flower`: a Flower ClientApp/ServerApp pair (needs `flwr`: `pip install ./clients/python[flower]`).
"""

from .control import Control, LearndError
from .producer import Producer
from .weights import Statistics, Weights

__all__ = ["Control", "LearndError", "Producer", "Statistics", "Weights"]
