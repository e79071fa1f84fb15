"""MiniMax OpenAI-compatible chat completions (``minimax.chat``): ``https://api.minimax.io/v1``.

Differences from ``openai.chat`` (platform.minimax.io "OpenAI API" and M2 tool-use guide):

* Reasoning travels one of two ways. By default the ``content`` of an assistant message
  starts with ``<think>...</think>``; with ``reasoning_split: true`` (extra body) it is
  separated into ``reasoning_details`` (``[{"type": "reasoning.text", "id", "format":
  "MiniMax-response-v1", "index", "text"}]``). Interleaved thinking: "the complete model
  response must be appended to the conversation history", in the same form.
* Streams: ``<think>`` tags inside content deltas (split here as they arrive, tags cut across
  chunks), or ``reasoning_details`` deltas; some deltas carried ``"role": ""``
  (MiniMax-AI/MiniMax-M2.5#2), which is ignored.
* ``thinking: {"type": "adaptive" | "disabled"}`` on MiniMax-M3; M2.x always think and take
  ``tool_choice`` none or auto only. ``temperature`` must be in (0, 1];
  ``max_completion_tokens``.

When interlingua writes a MiniMax request from another format it asks for
``reasoning_split: true``, so the reasoning comes back separated and is replayed in
``reasoning_details``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
from .._check import arr, obj, string
from ..openai_chat.stream import ChatStreamReader, ChatStreamWriter
from . import _tags
from ._compat import CompatChat
from ._provenance import origin_format

THINK = ("<think>", "</think>")
DETAIL_FORMAT = "MiniMax-response-v1"


def _detail(text: str, index: int) -> dict[str, Any]:
    return {"type": "reasoning.text", "id": f"reasoning-text-{index + 1}",
            "format": DETAIL_FORMAT, "index": index, "text": text}


def _split_requested(ctx: Context) -> bool:
    request = ctx.notes.get("request")
    return isinstance(request, dict) and bool(request.get("reasoning_split"))


class MiniMaxChat(CompatChat):
    """MiniMax M2 / M3: reasoning in ``<think>`` content or in ``reasoning_details``."""

    id = "minimax.chat"
    title = "MiniMax Chat Completions"
    VENDOR = "MiniMax"
    REASONING_FIELD = "reasoning_details"
    STREAM_REASONING_FIELD = None
    assistant_extension_keys: frozenset[str] = frozenset({"reasoning_details"})
    DEFAULT_REPLAY = "reasoning_details"
    DEFAULT_THINKING = True
    THINKING_OBJECT = True
    FORCED_TOOL_WITH_THINKING = False
    EFFORT_FIELD = False
    MAX_TOKENS_FIELD = "max_completion_tokens"

    # -- requests --------------------------------------------------------------------------

    def read_request_hints(self, payload: Mapping[str, Any], req: ir.Request,
                           hints: dict[str, Any]) -> None:
        if isinstance(payload.get("reasoning_split"), bool):
            hints["reasoning_split"] = payload["reasoning_split"]
            extras = {k: v for k, v in (req.extras or {}).items() if k != "reasoning_split"}
            req.extras = extras or None

    def read_assistant_reasoning(self, m: dict[str, Any], path: str, origin: ir.Origin,
                                 msg: ir.Message) -> None:
        details = m.get("reasoning_details")
        if details is None:
            return
        for j, d in enumerate(arr(details, path, self.id, ".reasoning_details")):
            dpath = f"{path}.reasoning_details[{j}]"
            d = obj(d, dpath, self.id)
            msg.parts.append(ir.Reasoning(text=string(d.get("text"), dpath, self.id, ".text"),
                                          origin=origin, path=dpath, hints={"detail": d}))

    def read_assistant(self, m: dict[str, Any], path: str, origin: ir.Origin,
                       index: int) -> ir.Message:
        msg = super().read_assistant(m, path, origin, index)
        content = m.get("content")
        if isinstance(content, str) and content.lstrip().startswith(THINK[0]):
            reasoning, rest = _tags.split(content, *THINK)
            if reasoning is not None:
                parts: list[ir.AnyPart] = []
                for part in msg.parts:
                    if isinstance(part, ir.Text) and part.path == f"{path}.content":
                        parts.append(ir.Reasoning(text=reasoning, origin=origin,
                                                  path=f"{path}.content",
                                                  hints={"content": content}))
                        if rest:
                            part.text = rest
                            parts.append(part)
                    else:
                        parts.append(part)
                msg.parts = parts
        return msg

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        out = super().write_request(req, ctx)
        if self.carries(req.source):
            if "reasoning_split" in (req.hints or {}):
                out["reasoning_split"] = req.hints["reasoning_split"]  # type: ignore[index]
        else:
            out["reasoning_split"] = True
        return out

    def write_reasoning_part(self, part: ir.Reasoning, out: dict[str, Any], req: ir.Request,
                             ctx: Context) -> None:
        hints = part.hints or {}
        if self.carries(req.source) and ("detail" in hints or "content" in hints):
            if "detail" in hints:
                out.setdefault("reasoning_details", []).append(ctx.copy(hints["detail"]))
            else:
                out["__think_content__"] = hints["content"]
            return
        text = self.replay_text(part, req, ctx)
        if text is not None:
            details = out.setdefault("reasoning_details", [])
            details.append(_detail(text, len(details)))

    def write_assistant(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        out = super().write_assistant(msg, req, ctx, same)
        original = out.pop("__think_content__", None)
        if original is not None:
            out["content"] = original
        return out

    # -- responses -------------------------------------------------------------------------

    def read_choice(self, c: Any, path: str, origin: ir.Origin) -> ir.Choice:
        choice = super().read_choice(c, path, origin)
        m = c.get("message") if isinstance(c, dict) else None
        if not isinstance(m, dict):
            return choice
        parts: list[ir.AnyPart] = []
        keep: dict[str, Any] = {}
        details = m.get("reasoning_details")
        if isinstance(details, list):
            for j, d in enumerate(details):
                if isinstance(d, dict) and isinstance(d.get("text"), str):
                    parts.append(ir.Reasoning(text=d["text"], origin=origin,
                                              path=f"{path}.message.reasoning_details[{j}]"))
            keep["reasoning_details"] = details
            mextras = dict((choice.extras or {}).get("message") or {})
            mextras.pop("reasoning_details", None)
            extras = {k: v for k, v in (choice.extras or {}).items() if k != "message"}
            if mextras:
                extras["message"] = mextras
            choice.extras = extras or None
        content = m.get("content")
        for part in choice.parts:
            if isinstance(part, ir.Text) and isinstance(content, str) \
                    and part.text == content and content.lstrip().startswith(THINK[0]):
                reasoning, rest = _tags.split(content, *THINK)
                if reasoning is not None:
                    parts.append(ir.Reasoning(text=reasoning, origin=origin, path=part.path))
                    keep["content"] = content
                    part.text = rest
            parts.append(part)
        choice.parts = parts
        if keep:
            choice.hints = {**(choice.hints or {}), "minimax": keep}
        return choice

    def write_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> dict[str, Any]:
        out = super().write_choice(choice, resp, ctx, same)
        message = out["message"]
        keep = (choice.hints or {}).get("minimax") if same else None
        reasoning = message.pop("__reasoning__", None)
        if keep is not None:
            if "content" in keep:
                message["content"] = keep["content"]
            if "reasoning_details" in keep:
                message["reasoning_details"] = ctx.copy(keep["reasoning_details"])
        elif reasoning:
            if _split_requested(ctx):
                message["reasoning_details"] = [_detail(reasoning, 0)]
            else:
                message["content"] = f"{THINK[0]}\n{reasoning}\n{THINK[1]}\n\n" + (
                    message.get("content") or "")
        return out

    def write_response_reasoning(self, part: ir.Reasoning, message: dict[str, Any],
                                 resp: ir.Response, ctx: Context) -> None:
        text = part.text if part.text is not None else "\n\n".join(part.summary or ())
        if text:
            old = message.get("__reasoning__")
            message["__reasoning__"] = text if not old else f"{old}\n\n{text}"
        if (part.signature is not None or part.data is not None) and not self.mints(
                origin_format(part, resp.source)):
            ctx.dropped(part.path, f"opaque reasoning state from "
                                   f"{origin_format(part, resp.source)} has no place in a "
                                   f"{self.id} response")

    # -- streams ---------------------------------------------------------------------------

    def stream_reader(self, ctx: Context) -> ChatStreamReader:
        return MiniMaxStreamReader(ctx, self.id)

    def stream_writer(self, ctx: Context) -> ChatStreamWriter:
        return MiniMaxStreamWriter(ctx, self.id, split=_split_requested(ctx))


class MiniMaxStreamReader(ChatStreamReader):
    """Splits ``<think>`` out of content deltas and reads ``reasoning_details`` deltas."""

    def __init__(self, ctx: Context, fmt: str) -> None:
        super().__init__(ctx, fmt)
        self.splitters: dict[int, _tags.TagSplitter] = {}

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            return super().feed(chunk)
        rewritten = []
        for choice in choices:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if not isinstance(delta, dict):
                rewritten.append(choice)
                continue
            delta = dict(delta)
            reasoning = ""
            details = delta.pop("reasoning_details", None)
            if isinstance(details, list):
                reasoning += "".join(d.get("text") or "" for d in details if isinstance(d, dict))
            content = delta.get("content")
            sp = self.splitters.setdefault(choice.get("index", 0), _tags.TagSplitter(*THINK))
            pieces = sp.feed(content) if isinstance(content, str) and content else []
            if choice.get("finish_reason") is not None:
                pieces += sp.flush()
            if pieces or (isinstance(content, str) and content):
                reasoning += "".join(p for k, p in pieces if k == "reasoning")
                delta["content"] = "".join(p for k, p in pieces if k == "text")
            if reasoning:
                delta["reasoning_content"] = reasoning
            rewritten.append({**choice, "delta": delta})
        return super().feed({**chunk, "choices": rewritten})


class MiniMaxStreamWriter(ChatStreamWriter):
    """Reasoning as ``<think>`` content (MiniMax's default) or ``reasoning_details`` deltas
    (when the client asked for ``reasoning_split``)."""

    def __init__(self, ctx: Context, fmt: str, *, split: bool) -> None:
        super().__init__(ctx, fmt, reasoning_field=None)
        self.split = split
        self.thinking: set[tuple[int, int]] = set()

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if isinstance(ev, ir.ReasoningDelta):
            if ev.summary:
                return super().write(ev)
            if self.split:
                return self.delta(ev.choice, {"reasoning_details": [_detail(ev.text, 0)]})
            key = (ev.choice, ev.index)
            text = ev.text if key in self.thinking else f"{THINK[0]}\n{ev.text}"
            self.thinking.add(key)
            return self.delta(ev.choice, {"content": text})
        if isinstance(ev, ir.BlockEnd) and (ev.choice, ev.index) in self.thinking:
            self.thinking.discard((ev.choice, ev.index))
            return self.delta(ev.choice, {"content": f"\n{THINK[1]}\n\n"})
        return super().write(ev)
