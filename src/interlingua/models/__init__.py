"""Model capability data: limits, reasoning support and sampling rules per model.

The data lives in ``data/<vendor>.json`` (one file per vendor, every fact with its source);
this module loads it on first use and matches model ids by longest prefix, after removing
the decorations that hosts add (``models/``, ``anthropic.``, ``us.anthropic.``, ``@2025...``,
``-v1:0``, ``openai/``...).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import msgspec


class Reasoning(msgspec.Struct, kw_only=True):
    supported: bool | None = None
    required: bool | None = None
    thinking_types: list[str] | None = None
    default: str | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    efforts: list[str] | None = None
    levels: list[str] | None = None
    replay: str | None = None
    #: Anthropic: what thinking blocks show when the request sends no ``thinking.display``
    #: ("summarized" through Claude 4.6, "omitted" from Opus 4.7 on).
    display_default: str | None = None


class Sampling(msgspec.Struct, kw_only=True):
    temperature: bool | None = None
    top_p: bool | None = None
    top_k: bool | None = None
    temperature_top_p_exclusive: bool | None = None
    fixed_temperature: float | None = None
    #: temperature / top_p accepted only with reasoning effort "none" (GPT-5.1 and later).
    requires_effort_none: bool | None = None


class Params(msgspec.Struct, kw_only=True):
    max_tokens_field: str | None = None
    system_role: bool | None = None
    developer_role: bool | None = None
    stop: bool | None = None
    #: Explicit prompt-cache breakpoints on content parts (OpenAI, gpt-5.6 and later).
    cache_breakpoints: bool | None = None
    #: Gemini: built-in tools (googleSearch, codeExecution...) beside function declarations.
    builtin_tools_with_functions: bool | None = None
    #: Gemini: responseMimeType application/json together with function calling.
    json_mode_with_functions: bool | None = None


class Modalities(msgspec.Struct, kw_only=True):
    image: bool | None = None
    pdf: bool | None = None
    audio: bool | None = None
    video: bool | None = None


class ModelInfo(msgspec.Struct, kw_only=True):
    """What is known of one model. ``None`` everywhere means "not known"."""

    id: str
    vendor: str = ""
    match: list[str] = []
    context_window: int | None = None
    max_output_tokens: int | None = None
    reasoning: Reasoning = msgspec.field(default_factory=Reasoning)
    sampling: Sampling = msgspec.field(default_factory=Sampling)
    params: Params = msgspec.field(default_factory=Params)
    modalities: Modalities = msgspec.field(default_factory=Modalities)
    source: list[str] = []
    notes: str | None = None


class VendorFile(msgspec.Struct, kw_only=True):
    vendor: str
    updated: str | None = None
    sources: dict[str, str] = {}
    models: list[ModelInfo] = []


VENDOR_FILES = ("anthropic", "openai", "google", "deepseek", "xai", "zhipu", "moonshot",
                "minimax", "qwen")

# Host decorations around a model id: OpenRouter "vendor/", Gemini "models/", Bedrock
# "us.anthropic." and "-v1:0", Vertex "@20250929".
_PREFIX = re.compile(r"^(?:models/|[a-z0-9-]+/|(?:[a-z]{2,4}\.)?anthropic\.)")
_SUFFIX = re.compile(r"(?:@[\w.-]+|-v\d+(?::\d+)?|:\w+)$")


@lru_cache(maxsize=1)
def _table() -> list[tuple[str, ModelInfo]]:
    entries: list[tuple[str, ModelInfo]] = []
    data_dir = resources.files(__package__) / "data"
    for vendor in VENDOR_FILES:
        path = data_dir / f"{vendor}.json"
        if not path.is_file():
            continue
        doc = msgspec.json.decode(path.read_bytes(), type=VendorFile)
        for model in doc.models:
            model.vendor = doc.vendor
            for prefix in model.match or [model.id]:
                entries.append((prefix.lower(), model))
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    return entries


_VERSION_DOT = re.compile(r"(?<=\d)\.(?=\d)")


def normalize(model: str) -> str:
    name = model.strip().lower()
    name = _PREFIX.sub("", name, count=1)
    name = _SUFFIX.sub("", name, count=1)
    if name.startswith("claude"):
        # OpenRouter writes "claude-sonnet-4.5" for Anthropic's "claude-sonnet-4-5".
        name = _VERSION_DOT.sub("-", name)
    return name


@lru_cache(maxsize=512)
def lookup(model: str | None) -> ModelInfo | None:
    """The capability entry for ``model`` (longest matching prefix), or None if unknown."""
    if not model:
        return None
    name = normalize(model)
    for prefix, info in _table():
        if name.startswith(prefix):
            return info
    return None


def sources(vendor: str) -> dict[str, str]:
    data_dir = resources.files(__package__) / "data"
    doc = msgspec.json.decode((data_dir / f"{vendor}.json").read_bytes(), type=VendorFile)
    return doc.sources
