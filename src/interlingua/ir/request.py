"""The canonical request: what every request reader produces and every writer consumes."""

from __future__ import annotations

from typing import Any, Literal

from msgspec import Struct, field

from .parts import AnyPart, CacheMark
from .tools import AnyTool, ToolChoice

Role = Literal["system", "developer", "user", "assistant", "tool"]


class Message(Struct, kw_only=True, omit_defaults=True, gc=False):
    """One turn.

    Roles: "system" and "developer" are instructions (kept distinct; their position in the
    conversation is kept too), "user", "assistant", and "tool" (a turn made only of tool
    results, as OpenAI writes them; vendors that put results in a user turn read them as
    ``ToolResult`` parts of a "user" message). The legacy OpenAI ``function`` role reads as a
    "tool" message with ``form="function"``.

    ``form`` remembers the source's content shape for exact same-format round trips:
    "string" (content was a bare string), "null" (``content: null``), "absent" (no content
    key), "function" (legacy function-role message); ``None`` means a list of parts.
    ``hints`` holds other presentation details that only a same-format writer consults.
    """

    role: Role
    parts: list[AnyPart]
    name: str | None = None
    form: str | None = None
    extras: dict[str, Any] | None = None
    hints: dict[str, Any] | None = None
    path: str | None = None


class Sampling(Struct, kw_only=True, omit_defaults=True, gc=False):
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    n: int | None = None
    stop: list[str] | None = None
    max_output_tokens: int | None = None
    logit_bias: dict[str, Any] | None = None


class ReasoningConfig(Struct, kw_only=True, omit_defaults=True, gc=False):
    """How much the model should think, and what to show of it.

    mode: "enabled" (with ``budget_tokens``), "disabled", "adaptive" (the model decides),
          "between_tools" (Anthropic: think only between tool calls), or None (not said).
    effort: "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max" (or a Gemini
          thinking level). Effort and budget are related through ``interlingua.reasoning``.
    summary: OpenAI Responses reasoning summary ("auto", "concise", "detailed").
    display: Anthropic thinking display ("summarized", "omitted").
    display_default: what the source model shows when ``display`` is not sent (from the
          model table); lets another format ask for the same visibility. Never written back.
    include_thoughts: Gemini ``includeThoughts``.
    """

    mode: str | None = None
    effort: str | None = None
    budget_tokens: int | None = None
    summary: str | None = None
    display: str | None = None
    display_default: str | None = None
    include_thoughts: bool | None = None
    path: str | None = None


class OutputFormat(Struct, kw_only=True, omit_defaults=True, gc=False):
    """Structured output: "text", "json_object" or "json_schema" (with schema, name, strict)."""

    type: Literal["text", "json_object", "json_schema"]
    schema: dict[str, Any] | None = None
    name: str | None = None
    description: str | None = None
    strict: bool | None = None
    path: str | None = None


class PromptCache(Struct, kw_only=True, omit_defaults=True, gc=False):
    """Request-level prompt-cache settings (per-part breakpoints live on the parts).

    ``key``: OpenAI ``prompt_cache_key``; ``retention``: OpenAI ``prompt_cache_retention``;
    ``mode``/``ttl``: OpenAI ``prompt_cache_options``; ``auto``: Anthropic top-level
    ``cache_control`` (cache the last cacheable block automatically).
    """

    key: str | None = None
    retention: str | None = None
    mode: str | None = None
    ttl: str | None = None
    auto: CacheMark | None = None


class StreamOptions(Struct, kw_only=True, omit_defaults=True, gc=False):
    include_usage: bool | None = None
    extras: dict[str, Any] | None = None


class Request(Struct, kw_only=True, omit_defaults=True, gc=False):
    """A generation request in canonical form.

    ``source`` is the format id it was read from: the provenance of every ``extras`` and
    ``Opaque`` value inside it. ``hints`` holds presentation details of the source format
    (which of two equivalent keys it used, ...) that only a same-format writer consults.
    """

    source: str
    model: str | None = None
    messages: list[Message] = []
    tools: list[AnyTool] | None = None
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    reasoning: ReasoningConfig | None = None
    output: OutputFormat | None = None
    sampling: Sampling = field(default_factory=Sampling)
    cache: PromptCache | None = None
    metadata: dict[str, Any] | None = None
    user: str | None = None
    safety_identifier: str | None = None
    service_tier: str | None = None
    store: bool | None = None
    stream: bool | None = None
    stream_options: StreamOptions | None = None
    verbosity: str | None = None
    extras: dict[str, Any] | None = None
    hints: dict[str, Any] | None = None
    #: Source JSON path of each top-level setting that was present, by IR field name
    #: ("temperature", "max_output_tokens", "stop", "user", "cache.key"...), for loss reports.
    paths: dict[str, str] | None = None

    def where(self, field: str) -> str:
        """The source JSON path of top-level setting ``field`` (for loss reports)."""
        if self.paths is not None:
            path = self.paths.get(field)
            if path is not None:
                return path
        return "$"
