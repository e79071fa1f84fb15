"""Loss records and the loss policy (ignore / warn / raise).

A *loss* is anything the target format cannot carry exactly: a value dropped, or a value
approximated (mapped to something close but not identical). Every loss names the JSON path
it came from in the *source* payload, so a proxy can log precisely what changed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Literal

import msgspec

from .errors import LossError

OnLoss = Literal["ignore", "warn", "raise"]
LossKind = Literal["dropped", "approximated"]

ON_LOSS_VALUES: tuple[OnLoss, ...] = ("ignore", "warn", "raise")


class Loss(msgspec.Struct, frozen=True, kw_only=True):
    """One thing the target could not carry exactly.

    Attributes:
        path: JSON path in the source payload (``$.messages[3].content[1].cache_control``).
        kind: ``"dropped"`` (gone from the output) or ``"approximated"`` (changed shape or value).
        reason: why, in a sentence a person can act on.
        source: source format id.
        target: target format id.
    """

    path: str
    kind: LossKind
    reason: str
    source: str
    target: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}: {self.reason} ({self.source} -> {self.target})"

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "kind": self.kind, "reason": self.reason,
                "source": self.source, "target": self.target}


class LossWarning(UserWarning):
    """Warning category used for losses under ``on_loss="warn"``."""


def check_on_loss(on_loss: str) -> OnLoss:
    if on_loss not in ON_LOSS_VALUES:
        raise ValueError(f"on_loss must be one of {ON_LOSS_VALUES}, not {on_loss!r}")
    return on_loss  # type: ignore[return-value,unused-ignore]


def apply_policy(losses: Iterable[Loss], on_loss: OnLoss, *, stacklevel: int = 3) -> None:
    """Act on the losses of a finished conversion as the caller asked."""
    if on_loss == "ignore":
        return
    losses = list(losses)
    if not losses:
        return
    if on_loss == "raise":
        raise LossError(losses)
    for loss in losses:
        warnings.warn(str(loss), LossWarning, stacklevel=stacklevel)
