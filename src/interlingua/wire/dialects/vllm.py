"""vLLM's OpenAI-compatible server (``vllm.chat``): ``POST /v1/chat/completions``.

Differences from ``openai.chat`` (docs.vllm.ai "OpenAI-Compatible Server", extra parameters;
``vllm/entrypoints/openai/protocol.py``):

* Extra sampling parameters: ``top_k`` (read into the IR), ``min_p``, ``repetition_penalty``,
  ``length_penalty``, ``min_tokens``, ``stop_token_ids``, ``ignore_eos``... (extras).
* ``chat_template_kwargs``: ``enable_thinking`` (Qwen3, GLM) / ``thinking`` (DeepSeek V3.1)
  turn reasoning on or off and read as the IR's reasoning mode; the rest rides as an extra.
* Structured outputs: ``guided_json`` / ``structured_outputs.json`` read as a JSON-schema
  output; ``guided_regex``, ``guided_choice``, ``guided_grammar``... are extras.
* ``reasoning_content`` (newer servers: ``reasoning``) in responses and deltas, with a
  ``--reasoning-parser``; assistant messages may carry it back (interleaved thinking).
* ``stop_reason`` beside ``finish_reason``: the stop string (read as the canonical stop
  sequence) or token id that ended the generation.
* ``stream_options.continuous_usage_stats``: usage on every chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir, models
from ...context import Context
from .._check import obj
from .._usage import openai_out
from ..openai_chat.stream import ChatStreamWriter
from ._compat import CompatChat

#: chat_template_kwargs keys that switch thinking on or off, by model family.
THINKING_KWARGS = ("enable_thinking", "thinking")


class VLLMChat(CompatChat):
    """vLLM: OpenAI chat with vLLM's extra sampling, template and decoding parameters."""

    id = "vllm.chat"
    title = "vLLM Chat Completions"
    VENDOR = "vLLM"
    MAX_TOKENS_FIELD = "max_completion_tokens"
    DEVELOPER_ROLE = True
    TOP_K = True

    def read_request_hints(self, payload: Mapping[str, Any], req: ir.Request,
                           hints: dict[str, Any]) -> None:
        fmt = self.id
        extras = dict(req.extras or {})
        ctk = payload.get("chat_template_kwargs")
        if ctk is not None:
            ctk = obj(ctk, "$.chat_template_kwargs", fmt)
            for key in THINKING_KWARGS:
                if isinstance(ctk.get(key), bool):
                    on = ctk[key]
                    cfg = req.reasoning or ir.ReasoningConfig()
                    if cfg.mode is None or not on:
                        cfg.mode = "enabled" if on else "disabled"
                    cfg.path = cfg.path or f"$.chat_template_kwargs.{key}"
                    req.reasoning = cfg
                    hints["chat_template_kwargs"] = ctk
                    rest = {k: v for k, v in ctk.items() if k != key}
                    if rest:
                        extras["chat_template_kwargs"] = rest
                    else:
                        extras.pop("chat_template_kwargs", None)
                    break
        schema_key = ("guided_json" if isinstance(payload.get("guided_json"), dict) else
                      "structured_outputs" if isinstance(payload.get("structured_outputs"),
                                                         dict)
                      and isinstance(payload["structured_outputs"].get("json"), dict)
                      and len(payload["structured_outputs"]) == 1 else None)
        if schema_key is not None and req.output is None:
            value = payload[schema_key]
            schema = value if schema_key == "guided_json" else value["json"]
            req.output = ir.OutputFormat(type="json_schema", schema=schema,
                                         path=f"$.{schema_key}")
            hints["output_key"] = schema_key
            extras.pop(schema_key, None)
        req.extras = extras or None

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        out = super().write_request(req, ctx)
        hints = (req.hints or {}) if self.carries(req.source) else {}
        if "chat_template_kwargs" in hints:
            out["chat_template_kwargs"] = ctx.copy(hints["chat_template_kwargs"])
        key = hints.get("output_key")
        if key is not None and req.output is not None:
            out.pop("response_format", None)
            out[key] = (ctx.copy(req.output.schema) if key == "guided_json"
                        else {"json": ctx.copy(req.output.schema)})
        return out

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None) -> None:
        st = self.state(ctx)
        r = req.reasoning
        if st.same or r is None:
            if st.same and r is not None and (req.hints or {}).get("reasoning_effort"):
                out["reasoning_effort"] = r.effort
            return
        if r.mode == "disabled" or r.effort == "none":
            # Qwen3 / GLM templates: enable_thinking; reported because the key is
            # template-specific.
            out["chat_template_kwargs"] = {"enable_thinking": False}
            ctx.approximated(r.path, "thinking off sent as chat_template_kwargs."
                                     "enable_thinking=false (the Qwen3 / GLM template key; "
                                     "other templates may use another)")
            return
        super().write_reasoning(req, out, ctx, caps)

    def read_choice(self, c: Any, path: str, origin: ir.Origin) -> ir.Choice:
        choice = super().read_choice(c, path, origin)
        stop = c.get("stop_reason") if isinstance(c, dict) else None
        if isinstance(stop, str) and choice.extras is not None:
            choice.stop_sequence = stop
            choice.extras = {k: v for k, v in choice.extras.items() if k != "stop_reason"} \
                or None
            choice.hints = {**(choice.hints or {}), "stop_reason": True}
        return choice

    def write_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> dict[str, Any]:
        out = super().write_choice(choice, resp, ctx, same)
        if choice.stop_sequence is not None and (
                not same or (choice.hints or {}).get("stop_reason")):
            out["stop_reason"] = choice.stop_sequence
        return out

    def stream_writer(self, ctx: Context) -> ChatStreamWriter:
        return VLLMStreamWriter(ctx, self.id, excludes_reasoning=False,
                                reasoning_field=self.STREAM_REASONING_FIELD)


class VLLMStreamWriter(ChatStreamWriter):
    """Chunks as vLLM sends them: ``stop_reason`` on the finishing choice, and usage on every
    chunk when the client asked for ``continuous_usage_stats``."""

    def __init__(self, ctx: Context, fmt: str, **kw: Any) -> None:
        super().__init__(ctx, fmt, **kw)
        request = ctx.notes.get("request")
        so = request.get("stream_options") if isinstance(request, dict) else None
        self.continuous = bool(isinstance(so, dict) and so.get("continuous_usage_stats"))

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        out = super().write(ev)
        if isinstance(ev, ir.Finish) and out:
            out[-1]["choices"][0]["stop_reason"] = ev.stop_sequence
        if self.continuous and self.usage is not None:
            for chunk in out:
                if chunk.get("choices") and "usage" not in chunk:
                    chunk["usage"] = openai_out(self.usage)
        return out
