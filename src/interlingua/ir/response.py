"""The canonical response: what a model returned, in one shape for every vendor."""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from .parts import AnyPart


class Usage(Struct, kw_only=True, omit_defaults=True, gc=False):
    """Token counts under one accounting rule, whatever the vendor's.

    ``input_tokens`` counts every prompt token, cached or not; ``cache_read_tokens`` and
    ``cache_write_tokens`` are the parts of it read from / written to a prompt cache.
    ``output_tokens`` counts every generated token, reasoning included; ``reasoning_tokens``
    is the part of it spent thinking. ``tool_use_prompt_tokens`` (Gemini) counts tokens of
    tool results fed back inside one turn. Vendors differ (OpenAI prompt tokens include cached
    tokens; Anthropic input tokens exclude cache reads and writes; Gemini candidate tokens
    exclude thoughts; xAI completion tokens exclude reasoning): readers and writers convert, so
    totals stay right across a conversion. ``estimated`` marks counts that interlingua
    estimated (a stream cut short) rather than read.
    """

    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_read_tokens: int | None = None
    cache_write_tokens: int | None = None
    cache_write_1h_tokens: int | None = None
    reasoning_tokens: int | None = None
    tool_use_prompt_tokens: int | None = None
    total_tokens: int | None = None
    estimated: bool = False
    extras: dict[str, Any] | None = None

    def total(self) -> int | None:
        if self.total_tokens is not None:
            return self.total_tokens
        if self.input_tokens is None and self.output_tokens is None:
            return None
        return (self.input_tokens or 0) + (self.output_tokens or 0) + (
            self.tool_use_prompt_tokens or 0)


class TokenLogprob(Struct, kw_only=True, omit_defaults=True, gc=False):
    token: str
    logprob: float
    bytes: list[int] | None = None
    top: list[TokenLogprob] | None = None


class Choice(Struct, kw_only=True, omit_defaults=True, gc=False):
    """One candidate answer.

    ``finish`` is the canonical finish reason (see ``interlingua.finish``); ``native_finish``
    the vendor's own value, kept for exact same-format round trips.
    """

    index: int = 0
    parts: list[AnyPart] = []
    finish: str | None = None
    native_finish: str | None = None
    stop_sequence: str | None = None
    logprobs: list[TokenLogprob] | None = None
    extras: dict[str, Any] | None = None
    hints: dict[str, Any] | None = None
    path: str | None = None


class Response(Struct, kw_only=True, omit_defaults=True, gc=False):
    """A complete (non-streamed or aggregated) model response."""

    source: str
    id: str | None = None
    model: str | None = None
    created: int | None = None
    choices: list[Choice] = []
    usage: Usage | None = None
    service_tier: str | None = None
    system_fingerprint: str | None = None
    extras: dict[str, Any] | None = None
    hints: dict[str, Any] | None = None


class Error(Struct, kw_only=True, omit_defaults=True, gc=False):
    """An API error, canonical.

    ``kind`` is one of: invalid_request, authentication, permission, not_found,
    request_too_large, rate_limit, server, overloaded, timeout, billing, unknown.
    ``status`` is the HTTP status the vendor returned (or would return).
    """

    kind: str
    message: str
    status: int | None = None
    code: str | None = None
    param: str | None = None
    native_type: str | None = None
    retry_after: float | None = None
    details: list[Any] | None = None
    extras: dict[str, Any] | None = None
