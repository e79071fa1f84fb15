"""Canonical stream events: the vocabulary every stream reader emits and every writer reads.

A stream is ``Start``, then for each content block ``BlockStart``, deltas, ``BlockEnd``, then
``Finish`` per choice, ``UsageUpdate`` whenever counts are known, and ``End``. ``Error`` may
come at any point. ``index`` numbers content blocks within a choice in the order they start.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from .parts import AnyPart
from .response import Error, TokenLogprob, Usage


class Event(Struct, kw_only=True, omit_defaults=True, gc=False, tag_field="type"):
    pass


class Start(Event, tag="start", kw_only=True):
    id: str | None = None
    model: str | None = None
    created: int | None = None
    usage: Usage | None = None
    extras: dict[str, Any] | None = None


class BlockStart(Event, tag="block_start", kw_only=True):
    """A content block begins. ``kind``: text, reasoning, tool_call, refusal, opaque.

    Tool calls carry their ``id`` and ``name``; an opaque block carries its vendor ``value``
    (and ``origin``); reasoning may carry ``redacted`` data.
    """

    choice: int = 0
    index: int = 0
    kind: str
    id: str | None = None
    name: str | None = None
    value: dict[str, Any] | None = None
    origin: str | None = None
    data: str | None = None
    call_kind: str | None = None


class TextDelta(Event, tag="text", kw_only=True):
    choice: int = 0
    index: int = 0
    text: str
    logprobs: list[TokenLogprob] | None = None


class ReasoningDelta(Event, tag="reasoning", kw_only=True):
    """Reasoning text; ``summary`` when it is a summary (Responses) rather than raw thought.

    Summary text comes in parts (paragraphs); ``summary_part`` numbers the part a fragment
    belongs to, so fragments of one part join and a new number starts a new part.
    """

    choice: int = 0
    index: int = 0
    text: str
    summary: bool = False
    summary_part: int = 0


class SignatureDelta(Event, tag="signature", kw_only=True):
    choice: int = 0
    index: int = 0
    signature: str
    origin: str | None = None


class ArgumentsDelta(Event, tag="arguments", kw_only=True):
    """A fragment of a tool call's JSON arguments (or custom tool input)."""

    choice: int = 0
    index: int = 0
    text: str


class CitationDelta(Event, tag="citation", kw_only=True):
    choice: int = 0
    index: int = 0
    citation: dict[str, Any]


class BlockEnd(Event, tag="block_end", kw_only=True):
    """A content block is complete; ``part`` is the whole block when the reader has it."""

    choice: int = 0
    index: int = 0
    part: AnyPart | None = None


class Finish(Event, tag="finish", kw_only=True):
    choice: int = 0
    finish: str | None = None
    native_finish: str | None = None
    stop_sequence: str | None = None


class UsageUpdate(Event, tag="usage", kw_only=True):
    usage: Usage


class StreamError(Event, tag="error", kw_only=True):
    error: Error


class End(Event, tag="end", kw_only=True):
    pass


AnyEvent = (Start | BlockStart | TextDelta | ReasoningDelta | SignatureDelta | ArgumentsDelta
            | CitationDelta | BlockEnd | Finish | UsageUpdate | StreamError | End)
