"""Helpers shared by writers."""

from __future__ import annotations

from typing import Any

import msgspec

from .. import ir, models
from .._json import dumps
from ..context import Context
from ..reasoning import effort_for_budget, nearest_effort


def arguments_text(call: ir.ToolCall) -> str:
    """Tool-call arguments as JSON text (exactly the source's text when it had one)."""
    if call.arguments is not None:
        return call.arguments
    if call.input is None:
        return "{}"
    if isinstance(call.input, str):  # custom tool input is free text
        return call.input
    return dumps(call.input)


def arguments_object(call: ir.ToolCall, ctx: Context) -> dict[str, Any]:
    """Tool-call arguments as a JSON object, for vendors that take objects.

    Arguments that are not a JSON object (a model can emit broken JSON) become ``{}``, with a
    reported loss; free-text input of a custom tool becomes ``{"input": text}``.
    """
    if isinstance(call.input, dict):
        return call.input
    if call.kind == "custom":
        ctx.approximated(call.path, f"custom tool input for {call.name!r} wrapped as "
                                    '{"input": <text>}: the target has no free-text tools')
        return {"input": call.input if isinstance(call.input, str) else arguments_text(call)}
    text = call.arguments
    if text is None or text.strip() == "":
        return {}
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError:
        ctx.dropped(call.path, f"arguments of tool call {call.name!r} are not valid JSON "
                               "and were replaced by {}")
        return {}
    if not isinstance(value, dict):
        ctx.approximated(call.path, f"arguments of tool call {call.name!r} are JSON but not "
                                    'an object; wrapped as {"input": value}')
        return {"input": value}
    return value


def data_uri(media_type: str | None, data: str) -> str:
    return f"data:{media_type or 'application/octet-stream'};base64,{data}"


def text_of(parts: list[Any]) -> str:
    """The concatenated text of the Text parts of ``parts``."""
    return "".join(p.text for p in parts if isinstance(p, ir.Text))


#: Media types of common audio formats, both ways.
AUDIO_FORMAT_TO_MEDIA = {"wav": "audio/wav", "mp3": "audio/mpeg", "flac": "audio/flac",
                         "aac": "audio/aac", "ogg": "audio/ogg", "opus": "audio/opus",
                         "pcm16": "audio/pcm", "aiff": "audio/aiff", "webm": "audio/webm"}
MEDIA_TO_AUDIO_FORMAT = {v: k for k, v in AUDIO_FORMAT_TO_MEDIA.items()} | {
    "audio/x-wav": "wav", "audio/wave": "wav", "audio/mp3": "mp3"}


def output_limit(value: int, req: ir.Request, ctx: Context) -> int:
    """``value``, or the target model's most output tokens when ``value`` is above them
    (vendors refuse a larger max_tokens); the clamp is reported."""
    caps = models.lookup(req.model)
    top = caps.max_output_tokens if caps is not None else None
    if top is not None and value > top:
        ctx.approximated(req.where("max_output_tokens"),
                         f"max output tokens {value} is above {req.model!r}'s limit of {top}; "
                         f"sent as {top}")
        return top
    return value


def openai_effort(r: ir.ReasoningConfig, req: ir.Request, ctx: Context,
                  caps: models.ModelInfo | None, target: str, field: str
                  ) -> tuple[bool, str | None]:
    """The reasoning effort an OpenAI-style target (``field``: how its messages name it)
    gets for ``r``: a budget becomes the nearest effort, disabled becomes "none", an effort
    the model lacks its nearest one (each approximation reported). Returns ``(False, None)``
    when the model does not reason (reported) and nothing should be written."""
    path = r.path
    if caps is not None and caps.reasoning.supported is False:
        if r.mode != "disabled" and r.effort != "none":
            ctx.dropped(path, f"model {req.model!r} does not reason; reasoning settings "
                              "dropped")
        return False, None
    effort = r.effort
    if r.mode == "disabled":
        effort = "none"
    elif effort is None and r.budget_tokens is not None:
        reference = (req.sampling.max_output_tokens
                     or (caps.max_output_tokens if caps else None) or 32768)
        effort = effort_for_budget(r.budget_tokens, reference)
        ctx.approximated(path, f"thinking budget {r.budget_tokens} sent as {field} "
                               f"{effort!r} (see interlingua.reasoning)")
    elif r.mode == "between_tools":
        ctx.dropped(path, f"thinking only between tools has no {target} equivalent")
    if effort is not None and caps is not None and caps.reasoning.efforts:
        new = nearest_effort(effort, caps.reasoning.efforts)
        if new != effort:
            ctx.approximated(path, f"reasoning effort {effort!r} is not supported by "
                                   f"{req.model!r}; sent as {new!r}")
        effort = new
    return True, effort
