"""What OpenAI-compatible dialects share: reasoning text on assistant messages, in responses
and in stream deltas, a ``thinking`` object, and model-aware replay rules.

``CompatChat`` is ``openai.chat`` plus class flags; each vendor module subclasses it and sets
the flags (and overrides a hook or two) for its differences. The replay policy for reasoning
(docs/reasoning.md) lives here, once:

* same format: verbatim (an X -> X conversion is exact);
* reasoning this vendor minted (``Origin.format`` is the dialect or in ``REPLAYS``): verbatim;
* readable reasoning from another vendor: crosses as text into the reasoning field
  (approximated, its signature or encrypted state dropped) when the model takes reasoning
  back and thinking is on; dropped otherwise;
* opaque-only reasoning from another vendor (a signature, encrypted content): dropped, never
  converted;
* a model that refuses reasoning in requests (``replay: "refused"``, DeepSeek R1): dropped;
* a model that requires reasoning on assistant messages in thinking mode
  (``REQUIRES_REASONING``): an empty reasoning field when there is none to replay
  (approximated; nothing is invented).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ... import ir, models
from ...context import Context
from ...reasoning import effort_for_budget, nearest_effort
from .._check import obj, one_of, opt_bool, opt_int, string
from ..openai_chat import OpenAIChat
from ._provenance import is_opaque, kind, origin_format, visible_text

#: ctx.notes key of the per-request dialect state.
STATE = "dialect"


class State:
    """What one request conversion decided up front (thinking on or off, replay rule)."""

    __slots__ = ("caps", "disable_thinking", "relax_tool_choice", "replay", "same",
                 "thinking")

    def __init__(self, caps: models.ModelInfo | None, same: bool, thinking: bool,
                 replay: str | None) -> None:
        self.caps = caps
        self.same = same
        self.thinking = thinking
        self.replay = replay
        self.disable_thinking = False
        self.relax_tool_choice = False


def _forces_tool(choice: ir.ToolChoice | None) -> bool:
    return choice is not None and (choice.mode in ("required", "tool") or (
        choice.mode == "allowed" and choice.allowed_mode == "required"))


def _join(old: Any, text: str) -> str:
    return text if not old else f"{old}\n\n{text}"


class CompatChat(OpenAIChat):
    """An OpenAI-compatible chat dialect. Subclasses set the flags below."""

    #: The assistant-message / response-message / delta field that carries reasoning text.
    REASONING_FIELD: ClassVar[str] = "reasoning_content"
    STREAM_REASONING_FIELD: str | None = "reasoning_content"
    assistant_extension_keys: frozenset[str] = frozenset({"reasoning_content"})
    #: Formats (besides this one) whose minted reasoning this dialect replays verbatim.
    REPLAYS: ClassVar[frozenset[str]] = frozenset()
    #: Replay rule when the model table says nothing ("reasoning_content", "none", ...).
    DEFAULT_REPLAY: ClassVar[str | None] = "reasoning_content"
    #: Whether an unknown model thinks when the request says nothing.
    DEFAULT_THINKING: ClassVar[bool] = False
    #: Assistant messages the vendor requires reasoning on in thinking mode:
    #: None, "tool_calls" (those with tool calls) or "all".
    REQUIRES_REASONING: ClassVar[str | None] = None
    #: Whether the request has a ``thinking: {type}`` object (DeepSeek, GLM, Kimi, MiniMax).
    THINKING_OBJECT: ClassVar[bool] = False
    #: Whether the request takes ``reasoning_effort``.
    EFFORT_FIELD: ClassVar[bool] = True
    #: Whether a forced tool choice is accepted while thinking (DeepSeek / Kimi: no).
    FORCED_TOOL_WITH_THINKING: ClassVar[bool] = True
    #: Whether the request takes ``top_k`` (read into and written from the IR's sampling).
    TOP_K: ClassVar[bool] = False
    #: The vendor's name in loss reports.
    VENDOR: ClassVar[str] = ""
    DEVELOPER_ROLE = False
    MAX_TOKENS_FIELD = "max_tokens"

    # -- provenance ------------------------------------------------------------------------

    def mints(self, fmt: str | None) -> bool:
        """Whether reasoning minted by ``fmt`` goes back to this dialect verbatim."""
        return fmt == self.id or fmt in self.REPLAYS

    # -- reading ---------------------------------------------------------------------------

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        req = super().read_request(payload, ctx)
        hints: dict[str, Any] = {}
        if self.TOP_K and (top_k := payload.get("top_k")) is not None:
            req.sampling.top_k = opt_int(top_k, "$.top_k", self.id)
            req.paths = {**(req.paths or {}), "top_k": "$.top_k"}
            extras = {k: v for k, v in (req.extras or {}).items() if k != "top_k"}
            req.extras = extras or None
        if self.THINKING_OBJECT and (th := payload.get("thinking")) is not None:
            self.read_thinking(obj(th, "$.thinking", self.id), req, hints)
        if req.reasoning is not None and payload.get("reasoning_effort") is not None:
            hints["reasoning_effort"] = True
        self.read_request_hints(payload, req, hints)
        if hints:
            req.hints = {**(req.hints or {}), **hints}
        return req

    def read_request_hints(self, payload: Mapping[str, Any], req: ir.Request,
                           hints: dict[str, Any]) -> None:
        """Hook: read dialect fields that need same-format hints (after the base reader)."""

    def read_thinking(self, th: dict[str, Any], req: ir.Request, hints: dict[str, Any]) -> None:
        fmt = self.id
        mode = one_of(th.get("type"), ("enabled", "disabled", "adaptive", "auto"),
                      "$.thinking.type", fmt)
        cfg = req.reasoning or ir.ReasoningConfig()
        cfg.mode = "adaptive" if mode == "auto" else mode
        cfg.path = "$.thinking"
        req.reasoning = cfg
        hints["thinking"] = mode
        extras = dict(req.extras or {})
        rest = {k: v for k, v in th.items() if k != "type"}
        for key in ("clear_thinking",):
            if key in rest:
                opt_bool(rest[key], "$.thinking", fmt, "." + key)
        if rest:
            extras["thinking"] = rest
        else:
            extras.pop("thinking", None)
        req.extras = extras or None

    def read_assistant_reasoning(self, m: dict[str, Any], path: str, origin: ir.Origin,
                                 msg: ir.Message) -> None:
        field = self.REASONING_FIELD
        value = m.get(field)
        if value is not None:
            msg.parts.append(ir.Reasoning(text=string(value, path, self.id, "." + field),
                                          origin=origin, path=f"{path}.{field}"))

    # -- writing: the request up front -----------------------------------------------------

    def state(self, ctx: Context) -> State:
        st = ctx.notes.get(STATE)
        if not isinstance(st, State):  # a writer helper called outside write_request
            st = ctx.notes[STATE] = State(None, False, self.DEFAULT_THINKING,
                                          self.DEFAULT_REPLAY)
        return st

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        caps = models.lookup(req.model)
        same = self.carries(req.source)
        st = State(caps, same, self.thinking_on(req, caps), self.replay_rule(caps))
        if not same and st.thinking and not self.FORCED_TOOL_WITH_THINKING \
                and _forces_tool(req.tool_choice):
            if caps is not None and caps.reasoning.required:
                st.relax_tool_choice = True
            else:
                st.disable_thinking = True
                st.thinking = False
                where = req.tool_choice.path if req.tool_choice else None
                ctx.dropped(req.reasoning.path if req.reasoning and req.reasoning.path
                            else where, f"{self.VENDOR or self.id} refuses a forced tool choice "
                            "in thinking mode; thinking turned off for this request to keep "
                            "the forced tool choice")
        ctx.notes[STATE] = st
        out = super().write_request(req, ctx)
        if st.relax_tool_choice and "tool_choice" in out:
            out["tool_choice"] = "auto"
            ctx.approximated(req.tool_choice.path if req.tool_choice else None,
                             f"model {req.model!r} always thinks and refuses a forced tool "
                             "choice in thinking mode; tool_choice sent as 'auto'")
        return out

    def thinking_on(self, req: ir.Request, caps: models.ModelInfo | None) -> bool:
        """Whether the target model will think for this request."""
        rc = caps.reasoning if caps is not None else None
        if rc is not None and rc.supported is False:
            return False
        r = req.reasoning
        if r is not None:
            if r.mode == "disabled" or r.effort == "none":
                return bool(rc and rc.required)
            if r.mode is not None or r.effort is not None or r.budget_tokens is not None:
                return True
        if rc is not None:
            if rc.required:
                return True
            if rc.default is not None:
                return rc.default not in ("disabled", "none", "off")
        return self.DEFAULT_THINKING

    def replay_rule(self, caps: models.ModelInfo | None) -> str | None:
        if caps is not None and caps.reasoning.supported is False:
            return "none"
        if caps is not None and caps.reasoning.replay:
            return caps.reasoning.replay
        return self.DEFAULT_REPLAY

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                       caps: models.ModelInfo | None, hints: dict[str, Any]) -> None:
        s = req.sampling
        if not self.TOP_K or s.top_k is None:
            super().write_sampling(req, out, ctx, caps, hints)
            return
        top_k = s.top_k
        s.top_k = None  # the base writer reports top_k as lost; this dialect takes it
        try:
            super().write_sampling(req, out, ctx, caps, hints)
        finally:
            s.top_k = top_k
        out["top_k"] = top_k

    def write_file(self, part: ir.File, req: ir.Request, ctx: Context, same: bool
                   ) -> dict[str, Any]:
        if part.file_id is not None and part.data is None and not same:
            ctx.dropped(part.path, f"file id {part.file_id!r} belongs to another vendor's "
                                   f"files API; {self.id} cannot resolve it")
            return {}
        return super().write_file(part, req, ctx, same)

    # -- writing: reasoning in assistant messages ------------------------------------------

    def write_reasoning_part(self, part: ir.Reasoning, out: dict[str, Any], req: ir.Request,
                             ctx: Context) -> None:
        field = self.REASONING_FIELD
        if self.carries(req.source) and part.text is not None:
            out[field] = part.text if field not in out else _join(out[field], part.text)
            return
        text = self.replay_text(part, req, ctx)
        if text is not None:
            out[field] = _join(out.get(field), text)

    def replay_text(self, part: ir.Reasoning, req: ir.Request, ctx: Context) -> str | None:
        """The reasoning text to replay for ``part`` (reporting whatever does not go)."""
        st = self.state(ctx)
        origin = origin_format(part, req.source)
        text = visible_text(part)
        if st.replay in ("none", "refused", None) or st.replay not in (
                "reasoning_content", "reasoning_details"):
            why = ("refuses reasoning in requests (the API returns 400)"
                   if st.replay == "refused" else "does not take reasoning back")
            ctx.dropped(part.path, f"model {req.model!r} {why}; reasoning from {origin} "
                                   "not replayed")
            return None
        if not st.thinking:
            ctx.dropped(part.path, f"thinking is off for this request; reasoning from "
                                   f"{origin} not replayed")
            return None
        if text is None:
            ctx.dropped(part.path, f"{kind(part)} reasoning state from {origin} can only go "
                                   f"back to {origin}; it is never converted")
            return None
        if self.mints(origin) or not text:
            if self.mints(origin) and is_opaque(part):
                ctx.approximated(part.path, f"{kind(part)} of the reasoning from {origin} "
                                            f"dropped: {self.id} carries reasoning as text only")
            return text
        extra = ("; its signature was dropped (signatures never cross vendors)"
                 if part.signature is not None else
                 "; its encrypted state was dropped" if part.data is not None else "")
        ctx.approximated(part.path, f"reasoning from {origin} replayed as "
                                    f"{self.REASONING_FIELD} text{extra}")
        return text

    def write_assistant(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        out = super().write_assistant(msg, req, ctx, same)
        need = self.REQUIRES_REASONING
        st = self.state(ctx)
        field = self.REASONING_FIELD
        if need and not same and st.thinking and st.replay == "reasoning_content" \
                and field not in out and (need == "all" or "tool_calls" in out):
            out[field] = ""
            which = "assistant messages" if need == "all" else "assistant tool-call messages"
            ctx.approximated(msg.path, f"model {req.model!r} requires {field} on {which} in "
                                       "thinking mode and the history has none to replay; "
                                       "an empty one was sent (nothing is invented)")
        return out

    # -- writing: reasoning settings -------------------------------------------------------

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None) -> None:
        st = self.state(ctx)
        if st.same:
            self.write_reasoning_verbatim(req, out)
            return
        if st.disable_thinking:
            if self.THINKING_OBJECT:
                out["thinking"] = {"type": "disabled"}
            elif self.EFFORT_FIELD:
                out["reasoning_effort"] = "none"
            return
        r = req.reasoning
        if r is None:
            return
        path = r.path
        rc = caps.reasoning if caps is not None else models.Reasoning()
        if rc.supported is False:
            if r.mode != "disabled" and r.effort != "none":
                ctx.dropped(path, f"model {req.model!r} does not reason; reasoning settings "
                                  "dropped")
            return
        types = rc.thinking_types
        if r.mode == "disabled" or r.effort == "none":
            if rc.required:
                ctx.approximated(path, f"model {req.model!r} always thinks; the request to "
                                       "turn thinking off was dropped")
            elif self.THINKING_OBJECT and (types is None or "disabled" in types):
                out["thinking"] = {"type": "disabled"}
            elif self.EFFORT_FIELD and (not rc.efforts or "none" in rc.efforts):
                out["reasoning_effort"] = "none"
            else:
                ctx.dropped(path, f"{self.id} has no way to turn thinking off for "
                                  f"{req.model!r}")
            return
        if self.THINKING_OBJECT and (types is None or "enabled" in types
                                     or "adaptive" in types) and not rc.required:
            want = "adaptive" if r.mode == "adaptive" and types and "adaptive" in types \
                else "enabled" if types is None or "enabled" in types else "adaptive"
            out["thinking"] = {"type": want}
        elif r.mode == "between_tools":
            ctx.dropped(path, f"thinking only between tools has no {self.id} equivalent")
        effort = r.effort
        if effort is None and r.budget_tokens is not None:
            reference = (req.sampling.max_output_tokens or
                         (caps.max_output_tokens if caps else None) or 32768)
            effort = effort_for_budget(r.budget_tokens, reference)
            if self.EFFORT_FIELD and (rc.efforts or caps is None):
                ctx.approximated(path, f"thinking budget {r.budget_tokens} sent as "
                                       f"reasoning_effort {effort!r} (see interlingua.reasoning)")
            else:
                ctx.dropped(path, f"{self.id} takes no thinking budget for {req.model!r}")
                effort = None
        elif effort is not None and not self.EFFORT_FIELD:
            ctx.dropped(path, f"{self.id} has no reasoning effort setting")
            effort = None
        if effort is not None:
            if rc.efforts:
                new = nearest_effort(effort, rc.efforts)
                if new != effort and r.effort is not None:
                    ctx.approximated(path, f"reasoning effort {effort!r} is not supported by "
                                           f"{req.model!r}; sent as {new!r}")
                out["reasoning_effort"] = new
            elif caps is None:
                out["reasoning_effort"] = effort
            elif r.effort is not None:
                ctx.dropped(path, f"model {req.model!r} takes no reasoning_effort")
        if r.display is not None:
            ctx.dropped(path, f"thinking display {r.display!r} has no {self.id} equivalent")
        if r.summary is not None:
            ctx.dropped(path, f"reasoning summary {r.summary!r} has no {self.id} equivalent")
        if r.include_thoughts is False:
            ctx.dropped(path, f"{self.id} always returns the reasoning it produces")

    def write_reasoning_verbatim(self, req: ir.Request, out: dict[str, Any]) -> None:
        """Same format: the source's own reasoning fields."""
        r = req.reasoning
        hints = req.hints or {}
        if r is None:
            return
        if "thinking" in hints:
            out["thinking"] = {"type": hints["thinking"]}
        if hints.get("reasoning_effort") and r.effort is not None:
            out["reasoning_effort"] = r.effort

    # -- the way back ----------------------------------------------------------------------

    def read_choice(self, c: Any, path: str, origin: ir.Origin) -> ir.Choice:
        choice = super().read_choice(c, path, origin)
        m = c.get("message") if isinstance(c, dict) else None
        if isinstance(m, dict) and m.get("tool_calls") == []:
            # Compatible servers (vLLM) send an empty list where OpenAI omits the key.
            choice.hints = {**(choice.hints or {}), "empty_tool_calls": True}
        for part in choice.parts:
            # Compatible servers number response tool calls as stream deltas do: bookkeeping.
            if isinstance(part, ir.ToolCall) and part.extras \
                    and type(part.extras.get("index")) is int:
                part.hints = {**(part.hints or {}), "index": part.extras["index"]}
                part.extras = {k: v for k, v in part.extras.items() if k != "index"} or None
        return choice

    def write_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> dict[str, Any]:
        out = super().write_choice(choice, resp, ctx, same)
        if same:
            if (choice.hints or {}).get("empty_tool_calls") and "tool_calls" not in out["message"]:
                out["message"]["tool_calls"] = []
            calls = [p for p in choice.parts if isinstance(p, ir.ToolCall)]
            for call, wire in zip(calls, out["message"].get("tool_calls") or (), strict=False):
                if call.hints and "index" in call.hints:
                    wire["index"] = call.hints["index"]
        return out

    def write_response_reasoning(self, part: ir.Reasoning, message: dict[str, Any],
                                 resp: ir.Response, ctx: Context) -> None:
        field = (part.extras or {}).get("field")
        if field and self.carries(resp.source) and part.text is not None:
            message[field] = part.text
            return
        text = visible_text(part)
        if text:
            message[self.REASONING_FIELD] = _join(message.get(self.REASONING_FIELD), text)
            if part.text is None:
                ctx.approximated(part.path, f"reasoning summary sent as {self.id} "
                                            f"{self.REASONING_FIELD}")
        if is_opaque(part) and not self.mints(origin_format(part, resp.source)):
            ctx.dropped(part.path, f"{kind(part)} reasoning state from "
                                   f"{origin_format(part, resp.source)} has no place in a "
                                   f"{self.id} response")
