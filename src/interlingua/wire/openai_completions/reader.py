"""OpenAI legacy Completions request (``POST /v1/completions``) -> IR.

A prompt is text the model continues, not a conversation. In the IR it is a user message;
crossing to a chat-style format that is an approximation, reported at ``$.prompt``. Several
prompts (one completion each) and token arrays have no chat form:

* several string prompts: the first becomes the user message and the others are dropped,
  each reported at ``$.prompt[i]`` (so ``on_loss="raise"`` refuses the conversion);
* token arrays: a pure library has no tokenizer to turn token ids back into text, so no
  valid target payload exists: ``ConversionError`` at ``$.prompt``.

A conversion to ``openai.completions`` itself keeps all of them exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
from ...errors import ConversionError
from ...registry import get_format
from .._check import arr, fail, leftovers, obj, opt_bool, opt_int, opt_number, opt_string, string
from ..base import Format

REQUEST_KEYS = frozenset({
    "model", "prompt", "logprobs", "max_tokens", "n", "stop", "temperature", "top_p",
    "presence_penalty", "frequency_penalty", "seed", "logit_bias", "user", "stream",
    "stream_options",
})
SAMPLING_FIELDS = (("temperature", opt_number), ("top_p", opt_number), ("seed", opt_int),
                   ("presence_penalty", opt_number), ("frequency_penalty", opt_number),
                   ("n", opt_int))
SIMPLE_FIELDS = (("user", opt_string), ("stream", opt_bool))


class CompletionsReader(Format):
    """Reads legacy Completions requests."""

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        fmt = self.id
        p = payload
        if "prompt" not in p:
            fail("$.prompt", "required field is missing", fmt)
        model = opt_string(p.get("model"), "$.model", fmt)
        hints: dict[str, Any] = {}
        extras = leftovers(dict(p), REQUEST_KEYS) or {}
        same = ctx.target == fmt or get_format(ctx.target).carries(fmt)
        req = ir.Request(source=fmt, model=model,
                         messages=self.read_prompt(p["prompt"], hints, extras, same, ctx))

        paths: dict[str, str] = {}
        s = req.sampling
        for key, check in SAMPLING_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(s, key, check(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (mt := p.get("max_tokens")) is not None:
            paths["max_output_tokens"] = "$.max_tokens"
            value = opt_int(mt, "$.max_tokens", fmt)
            if value == 0 and not same:
                # Scoring a prompt (with echo) without generating has no chat form.
                ctx.dropped("$.max_tokens", f"max_tokens 0 (score the prompt, generate nothing) "
                                            f"cannot be asked of {ctx.target}; the target's "
                                            "default limit applies")
            else:
                s.max_output_tokens = value
        if (lp := p.get("logprobs")) is not None:
            s.logprobs = True
            s.top_logprobs = opt_int(lp, "$.logprobs", fmt)
            paths["logprobs"] = paths["top_logprobs"] = "$.logprobs"
        if (lb := p.get("logit_bias")) is not None:
            s.logit_bias = obj(lb, "$.logit_bias", fmt)
            paths["logit_bias"] = "$.logit_bias"
        if (stop := p.get("stop")) is not None:
            paths["stop"] = "$.stop"
            if isinstance(stop, str):
                s.stop = [stop]
                hints["stop_string"] = True
            else:
                s.stop = [string(x, f"$.stop[{i}]", fmt)
                          for i, x in enumerate(arr(stop, "$.stop", fmt))]
        for key, simple in SIMPLE_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(req, key, simple(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (so := p.get("stream_options")) is not None:
            so = obj(so, "$.stream_options", fmt)
            paths["stream_options"] = "$.stream_options"
            req.stream_options = ir.StreamOptions(
                include_usage=opt_bool(so.get("include_usage"),
                                       "$.stream_options.include_usage", fmt),
                extras=leftovers(so, frozenset({"include_usage"})))
        req.extras = extras or None
        req.hints = hints or None
        req.paths = paths
        return req

    def read_prompt(self, prompt: Any, hints: dict[str, Any], extras: dict[str, Any],
                    same: bool, ctx: Context) -> list[ir.Message]:
        fmt = self.id
        if isinstance(prompt, str):
            hints["prompt"] = "string"
            if not same:
                ctx.approximated("$.prompt", "the prompt (text the model continues) sent as "
                                             "one user message")
            return [ir.Message(role="user", parts=[ir.Text(text=prompt, path="$.prompt")],
                               form="string", path="$.prompt")]
        if prompt is None:
            if not same:
                raise ConversionError("$.prompt", "a null prompt (generate from the start of a "
                                                  f"document) has no {ctx.target} form")
            return []
        values = arr(prompt, "$.prompt", fmt)
        if values and all(type(v) is str for v in values):
            hints["prompt"] = "list"
            messages = [ir.Message(role="user", parts=[ir.Text(text=v, path=f"$.prompt[{i}]")],
                                   form="string", path=f"$.prompt[{i}]")
                        for i, v in enumerate(values)]
            if same:
                return messages
            ctx.approximated("$.prompt[0]", "the prompt (text the model continues) sent as "
                                            "one user message")
            for i in range(1, len(values)):
                ctx.dropped(f"$.prompt[{i}]", f"{ctx.target} takes one conversation per "
                                              "request; only the first prompt was sent")
            return messages[:1]
        # Token arrays: one prompt of token ids, or several.
        for i, v in enumerate(values):
            if type(v) is int:
                continue
            if isinstance(v, str):
                fail(f"$.prompt[{i}]", "a prompt list mixes strings and tokens", fmt)
            for j, token in enumerate(arr(v, f"$.prompt[{i}]", fmt)):
                if type(token) is not int:
                    fail(f"$.prompt[{i}][{j}]", "expected a token id (integer)", fmt)
        if not same:
            raise ConversionError("$.prompt", f"{'token ids' if values else 'an empty prompt'} "
                                              f"cannot be sent to {ctx.target}: there is no "
                                              "tokenizer offline to turn them into text")
        extras["prompt"] = prompt
        return []
