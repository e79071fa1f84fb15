"""What a conversion must preserve, as comparable facts extracted from the IR.

A *fact* is one thing a request says (a text, a tool call with its arguments, an image, a
tool definition, a sampling setting...) together with the JSON path it came from. A
conversion preserves a fact when the re-read output still says it, or when the conversion
reported a loss at (or above) the fact's path. Facts compare by content, not by shape, so
they survive merged turns, split tool messages and string-vs-list content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from interlingua import Loss, Renames, ir


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _args(call: ir.ToolCall) -> str:
    if call.input is not None:
        return _canon(call.input) if not isinstance(call.input, str) else call.input
    try:
        return _canon(json.loads(call.arguments or "{}"))
    except json.JSONDecodeError:
        return call.arguments or ""


class Fact(tuple):  # (kind, value, path)
    pass


def facts(req: ir.Request) -> list[tuple[str, str, str]]:
    """Every preservable fact of ``req`` as (kind, value, source path)."""
    out: list[tuple[str, str, str]] = []

    def part_facts(part: Any, path: str) -> None:
        p = part.path or path
        if isinstance(part, ir.Text):
            if part.text.strip():
                out.append(("text", part.text, p))
        elif isinstance(part, ir.Image):
            out.append(("image", part.data or part.url or part.file_id or "", p))
        elif isinstance(part, ir.File):
            out.append(("file", part.data or part.text or part.url or part.file_id or "", p))
        elif isinstance(part, ir.Audio):
            out.append(("audio", part.data or part.url or "", p))
        elif isinstance(part, ir.ToolCall):
            out.append(("tool_call", f"{part.name}({_args(part)})", p))
        elif isinstance(part, ir.ToolResult):
            out.append(("tool_result", part.call_id or "", p))
            for sub in part.content:
                part_facts(sub, p)
        elif isinstance(part, ir.Reasoning):
            out.append(("reasoning", part.text or part.data or "", p))
        elif isinstance(part, ir.Refusal):
            out.append(("text", part.text, p))
        elif isinstance(part, ir.Opaque):
            # A Responses item_reference points at content held by OpenAI: a conversion to
            # another format either resolves it (Options.history) or fails, so its facts are
            # those of the items it stands for, not of the pointer.
            if part.value.get("type") != "item_reference":
                out.append(("opaque", _canon(part.value), p))
        if getattr(part, "cache", None) is not None:
            out.append(("cache", "", part.cache.path or p))

    for m in req.messages:
        for part in m.parts:
            part_facts(part, m.path or "$")
    for t in req.tools or ():
        if isinstance(t, ir.FunctionTool):
            out.append(("tool", f"{t.name}:{_canon(t.parameters or {'type': 'object', 'properties': {}})}",
                        t.path or "$"))
        elif isinstance(t, ir.BuiltinTool):
            out.append(("builtin", t.kind, t.path or "$"))
        else:
            out.append(("custom_tool", t.name or "", t.path or "$"))
    if req.tool_choice is not None:
        tc = req.tool_choice
        out.append(("tool_choice", f"{tc.mode}:{tc.name or ''}", tc.path or "$.tool_choice"))
    if req.parallel_tool_calls is not None:
        # Anthropic keeps the setting inside tool_choice (disable_parallel_tool_use).
        where = req.where("parallel_tool_calls")
        if where == "$":
            where = (req.tool_choice.path if req.tool_choice is not None
                     and req.tool_choice.path else "$.parallel_tool_calls")
        out.append(("parallel_tool_calls", str(req.parallel_tool_calls), where))
    s = req.sampling
    for key in ("temperature", "top_p", "top_k", "seed", "max_output_tokens", "n"):
        value = getattr(s, key)
        if value is not None and not (key == "n" and value == 1):
            out.append((key, str(value), req.where(key)))
    if s.stop:
        for stop in s.stop:
            out.append(("stop", stop, req.where("stop")))
    if req.output is not None and req.output.type == "json_schema":
        out.append(("output_schema", _canon(req.output.schema), req.output.path or "$"))
    return out


def _covered(path: str, losses: Iterable[Loss]) -> bool:
    for loss in losses:
        lp = loss.path
        if lp == "$":
            continue  # a loss about the whole request covers no particular fact
        if path == lp or path.startswith(lp + ".") or path.startswith(lp + "["):
            return True
    return False


def missing(before: ir.Request, after: ir.Request, losses: list[Loss],
            renames: Renames | None = None) -> list[tuple[str, str, str]]:
    """Facts of ``before`` that ``after`` lost without a loss report covering them."""
    names = renames.tool_names if renames else {}
    have: dict[str, list[str]] = {}
    all_text = []
    for kind, value, _ in facts(after):
        have.setdefault(kind, []).append(value)
        if kind == "text":
            all_text.append(value)
    joined = "\n".join(all_text)
    gone = []
    for kind, value, path in facts(before):
        if _covered(path, losses):
            continue
        if kind == "text":
            if value in joined:
                continue
        elif kind in ("tool_call", "tool"):
            name, sep, rest = value.partition("(" if kind == "tool_call" else ":")
            renamed = names.get(name, name) + sep + rest
            if renamed in have.get(kind, ()):
                have[kind].remove(renamed)
                continue
        elif kind in ("tool_result", "cache"):
            # Call ids may be rewritten and breakpoints may move; count them.
            if have.get(kind):
                have[kind].pop()
                continue
        elif value in have.get(kind, ()):
            have[kind].remove(value)
            continue
        gone.append((kind, value[:80], path))
    return gone
