"""Usage in each vendor family's accounting, to and from the canonical ``ir.Usage``."""

from __future__ import annotations

from typing import Any

from .. import ir


def _int(v: Any) -> int | None:
    return v if type(v) is int else (int(v) if isinstance(v, float) else None)


def openai_in(u: dict[str, Any], *, completion_excludes_reasoning: bool = False) -> ir.Usage:
    """OpenAI chat/completions usage: prompt tokens include cached ones; completion tokens
    include reasoning (xAI: they don't, ``completion_excludes_reasoning``)."""
    pd = u.get("prompt_tokens_details") or {}
    cd = u.get("completion_tokens_details") or {}
    out = ir.Usage(input_tokens=_int(u.get("prompt_tokens")),
                   output_tokens=_int(u.get("completion_tokens")),
                   total_tokens=_int(u.get("total_tokens")),
                   cache_read_tokens=_int(pd.get("cached_tokens")),
                   cache_write_tokens=_int(pd.get("cache_write_tokens")),
                   reasoning_tokens=_int(cd.get("reasoning_tokens")))
    if completion_excludes_reasoning and out.reasoning_tokens and out.output_tokens is not None:
        out.output_tokens += out.reasoning_tokens
    return out


def openai_out(u: ir.Usage, *, completion_excludes_reasoning: bool = False) -> dict[str, Any]:
    prompt = u.input_tokens or 0
    completion = u.output_tokens or 0
    if completion_excludes_reasoning and u.reasoning_tokens:
        completion = max(0, completion - u.reasoning_tokens)
    out: dict[str, Any] = {"prompt_tokens": prompt, "completion_tokens": completion,
                           "total_tokens": u.total_tokens if u.total_tokens is not None
                           else prompt + (u.output_tokens or 0) + (u.tool_use_prompt_tokens or 0)}
    pd: dict[str, Any] = {}
    if u.cache_read_tokens is not None:
        pd["cached_tokens"] = u.cache_read_tokens
    if u.cache_write_tokens is not None:
        pd["cache_write_tokens"] = u.cache_write_tokens
    if pd:
        out["prompt_tokens_details"] = pd
    if u.reasoning_tokens is not None:
        out["completion_tokens_details"] = {"reasoning_tokens": u.reasoning_tokens}
    return out


def anthropic_in(u: dict[str, Any]) -> ir.Usage:
    """Anthropic: input_tokens exclude cache reads and writes; output includes thinking."""
    read = _int(u.get("cache_read_input_tokens"))
    write = _int(u.get("cache_creation_input_tokens"))
    base = _int(u.get("input_tokens"))
    total_in = None if base is None and read is None and write is None else (
        (base or 0) + (read or 0) + (write or 0))
    od = u.get("output_tokens_details") or {}
    cc = u.get("cache_creation") or {}
    return ir.Usage(input_tokens=total_in, output_tokens=_int(u.get("output_tokens")),
                    cache_read_tokens=read, cache_write_tokens=write,
                    cache_write_1h_tokens=_int(cc.get("ephemeral_1h_input_tokens")),
                    reasoning_tokens=_int(od.get("thinking_tokens")))


def anthropic_out(u: ir.Usage) -> dict[str, Any]:
    read = u.cache_read_tokens or 0
    write = u.cache_write_tokens or 0
    out: dict[str, Any] = {"input_tokens": max(0, (u.input_tokens or 0) - read - write),
                           "output_tokens": u.output_tokens or 0}
    if u.cache_write_tokens is not None:
        out["cache_creation_input_tokens"] = u.cache_write_tokens
    if u.cache_read_tokens is not None:
        out["cache_read_input_tokens"] = u.cache_read_tokens
    if u.reasoning_tokens is not None:
        out["output_tokens_details"] = {"thinking_tokens": u.reasoning_tokens}
    return out


def responses_in(u: dict[str, Any]) -> ir.Usage:
    """OpenAI Responses usage: ``input_tokens`` include cached ones
    (``input_tokens_details.cached_tokens``, ``cache_write_tokens``); ``output_tokens``
    include reasoning (``output_tokens_details.reasoning_tokens``)."""
    idt = u.get("input_tokens_details") or {}
    odt = u.get("output_tokens_details") or {}
    return ir.Usage(input_tokens=_int(u.get("input_tokens")),
                    output_tokens=_int(u.get("output_tokens")),
                    total_tokens=_int(u.get("total_tokens")),
                    cache_read_tokens=_int(idt.get("cached_tokens")),
                    cache_write_tokens=_int(idt.get("cache_write_tokens")),
                    reasoning_tokens=_int(odt.get("reasoning_tokens")))


def responses_out(u: ir.Usage, *, complete: bool = True) -> dict[str, Any]:
    """Responses usage. ``complete``: every field the API always sends, unknown counts as 0
    (another format's usage); otherwise only the detail counts that are known (a Responses
    source's own usage, written back as it came)."""
    inp = u.input_tokens or 0
    out = u.output_tokens or 0
    idt: dict[str, Any] = {}
    if u.cache_read_tokens is not None or complete:
        idt["cached_tokens"] = u.cache_read_tokens or 0
    if u.cache_write_tokens is not None or complete:
        idt["cache_write_tokens"] = u.cache_write_tokens or 0
    body: dict[str, Any] = {"input_tokens": inp, "input_tokens_details": idt,
                            "output_tokens": out}
    if u.reasoning_tokens is not None or complete:
        body["output_tokens_details"] = {"reasoning_tokens": u.reasoning_tokens or 0}
    body["total_tokens"] = u.total_tokens if u.total_tokens is not None else (
        inp + out + (u.tool_use_prompt_tokens or 0))
    return body


def detail_extras(u: dict[str, Any], counted: dict[str, tuple[str, ...]],
                  top: tuple[str, ...]) -> dict[str, Any] | None:
    """Usage keys the canonical model does not hold (for exact same-format round trips):
    top-level keys other than ``top``, and inside each ``counted`` details object the keys
    other than the counted ones (an empty details object is kept as ``{}``)."""
    extras: dict[str, Any] = {}
    for key, value in u.items():
        if key in top:
            continue
        known = counted.get(key)
        if known is not None and isinstance(value, dict):
            rest = {k: v for k, v in value.items() if k not in known}
            if rest or not value:
                extras[key] = rest
        else:
            extras[key] = value
    return extras or None


#: Gemini ``usageMetadata`` counts (the rest, per-modality details and ``trafficType``, stay
#: in ``Usage.extras`` for same-format round trips).
GEMINI_COUNTS = ("promptTokenCount", "cachedContentTokenCount", "candidatesTokenCount",
                 "thoughtsTokenCount", "toolUsePromptTokenCount", "totalTokenCount")


def gemini_in(u: dict[str, Any]) -> ir.Usage:
    """Gemini usage: ``promptTokenCount`` includes ``cachedContentTokenCount``;
    ``candidatesTokenCount`` excludes ``thoughtsTokenCount`` (added to the canonical output);
    ``toolUsePromptTokenCount`` counts tool results fed back within the turn."""
    candidates = _int(u.get("candidatesTokenCount"))
    thoughts = _int(u.get("thoughtsTokenCount"))
    output = None if candidates is None and thoughts is None else \
        (candidates or 0) + (thoughts or 0)
    return ir.Usage(input_tokens=_int(u.get("promptTokenCount")), output_tokens=output,
                    cache_read_tokens=_int(u.get("cachedContentTokenCount")),
                    reasoning_tokens=thoughts,
                    tool_use_prompt_tokens=_int(u.get("toolUsePromptTokenCount")),
                    total_tokens=_int(u.get("totalTokenCount")))


def gemini_out(u: ir.Usage) -> dict[str, Any]:
    """Gemini ``usageMetadata``. Zero counts are left out, as the proto3 JSON Gemini speaks
    leaves out every default value (so Gemini's own usage comes back exactly)."""
    thoughts = u.reasoning_tokens or 0
    candidates = max(0, (u.output_tokens or 0) - thoughts)
    total = u.total_tokens if u.total_tokens is not None else (
        (u.input_tokens or 0) + (u.output_tokens or 0) + (u.tool_use_prompt_tokens or 0))
    out: dict[str, Any] = {}
    for key, value in (("promptTokenCount", u.input_tokens),
                       ("cachedContentTokenCount", u.cache_read_tokens),
                       ("candidatesTokenCount", candidates), ("totalTokenCount", total),
                       ("toolUsePromptTokenCount", u.tool_use_prompt_tokens),
                       ("thoughtsTokenCount", thoughts)):
        if value:
            out[key] = value
    return out
