"""Typed errors. Every error about a payload names the JSON path it concerns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loss import Loss


class InterlinguaError(Exception):
    """Base class of every error this library raises on purpose."""


class UnknownFormatError(InterlinguaError, ValueError):
    """A format id that is not registered."""

    def __init__(self, format_id: str, known: Sequence[str]) -> None:
        self.format_id = format_id
        super().__init__(f"unknown format {format_id!r}; known formats: {', '.join(known)}")


class InvalidPayloadError(InterlinguaError, ValueError):
    """The input payload is malformed for its declared format.

    ``path`` is the JSON path of the offending value in the input (``$`` is the root).
    """

    def __init__(self, path: str, message: str, *, format: str | None = None) -> None:
        self.path = path
        self.message = message
        self.format = format
        where = f" ({format})" if format else ""
        super().__init__(f"{path}: {message}{where}")


class ConversionError(InterlinguaError):
    """The payload is well formed but cannot be converted as asked.

    Raised when no valid target payload exists (for example a stateful Responses request
    whose history was not supplied, going to a stateless format).
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


class LossError(InterlinguaError):
    """Raised under ``on_loss="raise"`` when the conversion could not carry everything.

    ``losses`` lists every loss of the conversion, not only the first.
    """

    def __init__(self, losses: Sequence[Loss]) -> None:
        self.losses = list(losses)
        lines = "\n".join(f"  - {loss}" for loss in self.losses)
        super().__init__(f"{len(self.losses)} loss(es) in conversion:\n{lines}")
