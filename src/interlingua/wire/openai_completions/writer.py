"""IR -> OpenAI legacy Completions request.

A conversation becomes one prompt, flattened with ``Options.completions_template``
(reported as an approximation at the conversation's path):

``"transcript"`` (default)
    Every turn with text, as ``<Role>: <text>``, turns separated by a blank line, ending
    with ``Assistant:`` for the model to continue. Roles: ``System``, ``Developer``,
    ``User``, ``Assistant``. A conversation that ends with an assistant turn (a prefill)
    ends with that turn's text, which the model continues.

``"last_user"``
    The text of the last user turn alone, as the raw prompt; every other turn is dropped
    (reported).

Text parts of one turn are joined with a newline. Tools, tool calls and results, images,
audio, files given by reference and reasoning have no place in a prompt: each is reported.
"""

from __future__ import annotations

import re
from typing import Any

from ... import ir, models
from ...context import Context
from ...errors import ConversionError
from .._write import output_limit
from ..base import Format

TEMPLATES = ("transcript", "last_user")
LABELS = {"system": "System", "developer": "Developer", "user": "User",
          "assistant": "Assistant"}
#: Most stop sequences the API takes; the largest ``logprobs``.
MAX_STOP = 4
MAX_LOGPROBS = 5
_INDEX = re.compile(r"\[\d+\]$")
#: The models /v1/completions serves (openai-python ``completion_create_params``), and their
#: fine-tunes.
COMPLETION_MODELS = ("gpt-3.5-turbo-instruct", "davinci-002", "babbage-002", "ft:davinci-002",
                     "ft:babbage-002")


class CompletionsWriter(Format):
    """Writes legacy Completions requests."""

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        same = self.carries(req.source)
        hints = (req.hints or {}) if same else {}
        if req.model is None:
            raise ConversionError("$.model", f"{self.id} requires a model; pass model=")
        out: dict[str, Any] = {"model": req.model}
        if not same and not req.model.startswith(COMPLETION_MODELS) \
                and models.lookup(req.model) is not None:
            ctx.approximated("$.model", f"model {req.model!r} is a chat model, which "
                                        f"{self.id} does not serve ({', '.join(COMPLETION_MODELS[:3])}"
                                        " do); pass model=")
        if same:
            if hints.get("prompt") == "string":
                out["prompt"] = _text(req.messages[0]) if req.messages else ""
            elif hints.get("prompt") == "list":
                out["prompt"] = [_text(m) for m in req.messages]
        else:
            out["prompt"] = self.flatten(req, ctx)
            self.drop_chat_settings(req, ctx)
        self.write_sampling(req, out, ctx, same, hints)
        if req.user is not None:
            out["user"] = req.user
        if req.safety_identifier is not None and not same:
            if req.user is None:
                out["user"] = req.safety_identifier
                ctx.approximated(req.where("safety_identifier"),
                                 f"safety_identifier sent as user ({self.id} has no "
                                 "safety_identifier)")
            elif req.user != req.safety_identifier:
                ctx.dropped(req.where("safety_identifier"),
                            f"{self.id} has one user id; user was kept")
        if req.stream is not None:
            out["stream"] = req.stream
        if (so := req.stream_options) is not None:
            options: dict[str, Any] = {}
            if so.include_usage is not None:
                options["include_usage"] = so.include_usage
            if so.extras:
                if not same and req.source in ("openai.chat", "openai.responses"):
                    if (obfuscation := so.extras.get("include_obfuscation")) is not None:
                        options["include_obfuscation"] = obfuscation
                    rest = {k: v for k, v in so.extras.items() if k != "include_obfuscation"}
                else:
                    rest = so.extras
                self.emit_extras(options, rest, req.source, req.where("stream_options"), ctx)
            if options or same:
                out["stream_options"] = options
        if req.extras:
            self.emit_extras(out, req.extras, req.source, "$", ctx)
        return out

    # -- the prompt ------------------------------------------------------------------------

    def flatten(self, req: ir.Request, ctx: Context) -> str:
        template = ctx.options.completions_template
        if template not in TEMPLATES:
            raise ValueError(f"unknown completions_template {template!r}; "
                             f"use one of {', '.join(TEMPLATES)}")
        messages = req.messages
        if template == "last_user":
            last = next((i for i in range(len(messages) - 1, -1, -1)
                         if messages[i].role == "user" and _has_text(messages[i])), None)
            for i, msg in enumerate(messages):
                if i != last:
                    ctx.dropped(msg.path, f"{msg.role} turn not included by the 'last_user' "
                                          f"completions template")
            if last is None:
                return ""
            msg = messages[last]
            ctx.approximated(msg.path, "the last user turn sent as the raw prompt ('last_user' "
                                       "completions template)")
            return self.turn_text(msg, ctx)
        roots: list[str] = []
        turns: list[str] = []
        for msg in messages:
            root = _INDEX.sub("", msg.path or "$")
            if root not in roots:
                roots.append(root)
            if msg.role == "tool":
                self.turn_text(msg, ctx)   # reports the results
                continue
            text = self.turn_text(msg, ctx)
            if text or (msg.role == "assistant" and msg is messages[-1]):
                turns.append(f"{LABELS[msg.role]}: {text}" if text else "Assistant:")
        for root in roots:
            ctx.approximated(root, "conversation flattened into one prompt with the "
                                   "'transcript' completions template (role-labelled turns)")
        if not messages or messages[-1].role != "assistant":
            turns.append("Assistant:")
        return "\n\n".join(turns)

    def turn_text(self, msg: ir.Message, ctx: Context) -> str:
        texts: list[str] = []
        for part in msg.parts:
            if isinstance(part, (ir.Text, ir.Refusal)):
                texts.append(part.text)
                if isinstance(part, ir.Text) and part.citations:
                    ctx.dropped(part.path, f"citations cannot be sent to {self.id}")
            elif isinstance(part, ir.File) and part.text is not None:
                texts.append(part.text)
                ctx.approximated(part.path, "plain-text document inlined into the prompt")
            elif isinstance(part, ir.ToolCall):
                ctx.dropped(part.path, f"tool call {part.name!r} cannot be sent to {self.id} "
                                       "(no tools)")
            elif isinstance(part, ir.ToolResult):
                ctx.dropped(part.path, f"tool result cannot be sent to {self.id} (no tools)")
            else:
                ctx.dropped(part.path, f"{_kind(part)} cannot be sent to {self.id} (a prompt "
                                       "is text)")
            if part.cache is not None:
                ctx.dropped(part.cache.path or part.path,
                            f"{self.id} has no cache breakpoints")
        if msg.name is not None:
            ctx.dropped(msg.path, f"message names cannot be sent to {self.id}")
        if msg.extras:
            self.emit_extras({}, msg.extras, ctx.source, msg.path, ctx)
        return "\n".join(texts)

    def drop_chat_settings(self, req: ir.Request, ctx: Context) -> None:
        """What a chat-style request says that a prompt request cannot."""
        for tool in req.tools or ():
            ctx.dropped(tool.path, f"{self.id} has no tools")
        if req.tool_choice is not None:
            ctx.dropped(req.tool_choice.path, f"{self.id} has no tools")
        if req.parallel_tool_calls is not None:
            ctx.dropped(_parallel_path(req), f"{self.id} has no tools")
        r = req.reasoning
        if r is not None and r.mode != "disabled" and r.effort != "none":
            ctx.dropped(r.path, f"{self.id} has no reasoning settings")
        if req.output is not None and req.output.type != "text":
            ctx.dropped(req.output.path, f"{self.id} has no structured output")
        if req.verbosity is not None:
            ctx.dropped(req.where("verbosity"), f"{self.id} has no verbosity")
        if req.metadata is not None:
            ctx.dropped(req.where("metadata"), f"{self.id} has no metadata")
        if req.store:
            ctx.dropped(req.where("store"), f"{self.id} does not store completions")
        if req.service_tier is not None:
            ctx.dropped(req.where("service_tier"), f"{self.id} has no service tiers")
        c = req.cache
        if c is not None:
            if c.key is not None:
                ctx.dropped(req.where("cache.key"), f"{self.id} has no prompt cache key")
            if c.retention is not None:
                ctx.dropped(req.where("cache.retention"), f"{self.id} has no cache retention")
            if c.mode is not None or c.ttl is not None:
                ctx.dropped(req.where("cache.options"), f"{self.id} has no cache options")
            if c.auto is not None:
                ctx.approximated(req.where("cache.auto"), f"{self.id} caches prompt prefixes "
                                                          "automatically")

    # -- settings --------------------------------------------------------------------------

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context, same: bool,
                       hints: dict[str, Any]) -> None:
        s = req.sampling
        if s.max_output_tokens is not None:
            out["max_tokens"] = s.max_output_tokens if same else output_limit(
                s.max_output_tokens, req, ctx)
        elif not same:
            if ctx.options.default_max_tokens is not None:
                out["max_tokens"] = ctx.options.default_max_tokens
            else:
                ctx.approximated("$", f"the source sets no output limit and {self.id} "
                                      "defaults max_tokens to 16; pass default_max_tokens "
                                      "to choose one")
        for key in ("temperature", "top_p", "n", "presence_penalty", "frequency_penalty",
                    "seed"):
            value = getattr(s, key)
            if value is not None:
                out[key] = value
        if s.logit_bias is not None:
            out["logit_bias"] = ctx.copy(s.logit_bias)
        if s.top_k is not None:
            ctx.dropped(req.where("top_k"), f"{self.id} has no top_k")
        if s.logprobs or s.top_logprobs is not None:
            n = s.top_logprobs or 0
            if n > MAX_LOGPROBS and not same:
                ctx.approximated(req.where("top_logprobs"),
                                 f"{self.id} returns at most {MAX_LOGPROBS} top log "
                                 f"probabilities; {n} requested")
                n = MAX_LOGPROBS
            out["logprobs"] = n
        if s.stop is not None:
            stop = s.stop
            if len(stop) > MAX_STOP and not same:
                ctx.dropped(req.where("stop"), f"{self.id} takes at most {MAX_STOP} stop "
                                               f"sequences; dropped {stop[MAX_STOP:]!r}")
                stop = stop[:MAX_STOP]
            out["stop"] = stop[0] if hints.get("stop_string") and len(stop) == 1 else stop


def _text(msg: ir.Message) -> str:
    return "".join(p.text for p in msg.parts if isinstance(p, ir.Text))


def _has_text(msg: ir.Message) -> bool:
    return any(isinstance(p, ir.Text) for p in msg.parts)


def _kind(part: object) -> str:
    if isinstance(part, ir.Opaque):
        return f"{part.kind!r} block"
    return type(part).__name__.lower()


def _parallel_path(req: ir.Request) -> str:
    """Where the source said parallel_tool_calls (Anthropic: inside tool_choice)."""
    where = req.where("parallel_tool_calls")
    if where == "$" and req.tool_choice is not None and req.tool_choice.path:
        return req.tool_choice.path
    return where
