"""Generate ``src/interlingua/types/<format>.py``: typed wire schemas from the vendors' SDKs.

Dev-time only (the SDKs are test dependencies; the library never imports them). Run it after
upgrading an SDK, then ``python scripts/gen_schemas.py``:

    python scripts/gen_types.py            # rewrite the generated modules
    python scripts/gen_types.py --check    # exit 1 if a committed module is stale

Every SDK type reachable from a format's request, response and stream-event roots becomes an
openai-python style ``TypedDict(total=False)`` with ``Required[...]`` keys, named after the SDK
class; SDK pydantic models (responses, google-genai) become TypedDicts keyed by their JSON
aliases. Unions stay unions, enums become ``Literal``s (google-genai enums also take their
lower-case spelling, which the REST surface accepts), ``bytes`` become base64 strings.
What the SDK types get wrong about the wire is adjusted here, each adjustment with its
evidence (see ``ADJUST``); ``tests/conformance.py`` documents the same facts for the tests.
"""

from __future__ import annotations

import argparse
import collections.abc
import datetime
import enum
import importlib.metadata
import keyword
import subprocess
import sys
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typing_extensions

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "interlingua" / "types"

_ANNOTATED = {typing.Annotated, typing_extensions.Annotated}
_REQUIRED = {typing.Required, typing_extensions.Required}
_NOT_REQUIRED = {typing.NotRequired, typing_extensions.NotRequired}
_LITERAL = {typing.Literal, typing_extensions.Literal}
_UNION = {typing.Union, types.UnionType}
_LIST = {list, tuple, set, frozenset, collections.abc.Iterable, collections.abc.Sequence,
         collections.abc.MutableSequence, collections.abc.Collection, collections.abc.Set}
_DICT = {dict, collections.abc.Mapping, collections.abc.MutableMapping}
_ALIAS_TYPES = tuple(t for t in (getattr(typing, "TypeAliasType", None),
                                 getattr(typing_extensions, "TypeAliasType", None))
                     if isinstance(t, type))


def _is_typeddict(tp: Any) -> bool:
    return typing_extensions.is_typeddict(tp) or typing.is_typeddict(tp)


def _is_model(tp: Any) -> bool:
    from pydantic import BaseModel
    return isinstance(tp, type) and issubclass(tp, BaseModel)


class _Skip(Exception):
    """A type that never appears in JSON (IO, callables, paths)."""


@dataclass
class Field:
    key: str
    tp: Any
    required: bool


@dataclass
class Adjust:
    """Per-class corrections of the SDK types, with the evidence in ``why``.

    ``drop``: JSON keys the SDK declares that are not body keys on this surface.
    ``add``: JSON keys the wire has that the SDK type lacks (key -> (type, required)).
    ``optional``: keys the SDK requires that the wire may omit.
    """

    drop: dict[str, str] = field(default_factory=dict)
    add: dict[str, tuple[Any, bool]] = field(default_factory=dict)
    optional: dict[str, str] = field(default_factory=dict)


class Emitter:
    """Turns SDK types into TypedDict source text for one module."""

    def __init__(self, adjust: dict[Any, Adjust] | None = None, *, lower_enums: bool = False
                 ) -> None:
        self.adjust = adjust or {}
        self.lower_enums = lower_enums
        self.names: dict[Any, str] = {}
        self.taken: set[str] = set()
        self.blocks: list[str] = []
        self.pending: list[Any] = []

    # -- names -----------------------------------------------------------------------------

    def name_of(self, cls: Any) -> str:
        name = self.names.get(cls)
        if name is not None:
            return name
        base = getattr(cls, "__name__", "Anon")
        name = base
        if name in self.taken or keyword.iskeyword(name) or name in {"Any", "Literal", "Required",
                                                                      "TypedDict", "Union"}:
            module = getattr(cls, "__module__", "").rsplit(".", 1)[-1]
            prefix = "".join(w.capitalize() for w in module.split("_"))
            name = prefix + base
            n = 2
            while name in self.taken:
                name = f"{prefix}{base}{n}"
                n += 1
        self.names[cls] = name
        self.taken.add(name)
        self.pending.append(cls)
        return name

    def reserve(self, name: str) -> None:
        self.taken.add(name)

    # -- types -----------------------------------------------------------------------------

    @staticmethod
    def unwrap(tp: Any) -> Any:
        while True:
            if _ALIAS_TYPES and isinstance(tp, _ALIAS_TYPES):
                tp = tp.__value__
                continue
            origin = typing.get_origin(tp)
            if origin in _ANNOTATED or origin in _REQUIRED or origin in _NOT_REQUIRED:
                tp = typing.get_args(tp)[0]
                continue
            return tp

    def ann(self, tp: Any) -> str:
        """The annotation text for ``tp`` (raises _Skip for non-JSON types)."""
        tp = self.unwrap(tp)
        if tp is type(None) or tp is None:
            return "None"
        if tp is Any or tp is object:
            return "Any"
        if isinstance(tp, typing.TypeVar):
            return "Any"
        if tp is str or tp is bytes:
            return "str"
        if tp is bool:
            return "bool"
        if tp is int:
            return "int"
        if tp is float:
            return "float"
        if tp in (datetime.datetime, datetime.date, datetime.time):
            return "str"
        origin = typing.get_origin(tp)
        if origin in _LITERAL:
            return self.literal(list(typing.get_args(tp)))
        if origin in _UNION:
            members = [self.unwrap(m) for m in typing.get_args(tp)]
            if str in members:
                # ``str | Literal["gpt-4o", ...]``: an open set. The literals document it;
                # the wire takes any string.
                members = [m for m in members if not (
                    typing.get_origin(m) in _LITERAL
                    and all(isinstance(v, str) for v in typing.get_args(m)))]
            parts: list[str] = []
            for member in members:
                try:
                    text = self.ann(member)
                except _Skip:
                    continue
                if text not in parts:
                    parts.append(text)
            if not parts:
                raise _Skip(repr(tp))
            # Literals side by side merge into one.
            return " | ".join(self.merge_literals(parts))
        if origin in _LIST or getattr(origin, "__name__", "") == "SequenceNotStr":
            args = typing.get_args(tp)
            return f"list[{self.ann(args[0]) if args else 'Any'}]"
        if tp in _LIST:
            return "list[Any]"
        if origin in _DICT or tp in _DICT:
            args = typing.get_args(tp)
            return f"dict[str, {self.ann(args[1]) if len(args) == 2 else 'Any'}]"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            values = [m.value for m in tp]
            if self.lower_enums:
                values += [v.lower() for v in values if isinstance(v, str) and v.lower() != v]
            return self.literal(values)
        if _is_typeddict(tp) or _is_model(tp):
            return self.name_of(tp)
        if origin is not None and (_is_typeddict(origin) or _is_model(origin)):
            return self.name_of(origin)   # a generic model: its TypeVars read as Any
        if callable(tp) or origin is not None:
            raise _Skip(repr(tp))
        raise _Skip(repr(tp))

    @staticmethod
    def literal(values: list[Any]) -> str:
        # typing caches Literal types by their set of values: the order a process sees
        # depends on what it built before. Sort for a stable output.
        if all(isinstance(v, str) for v in values):
            values = sorted(dict.fromkeys(values))
        return f"Literal[{', '.join(repr(v) for v in values)}]"

    @staticmethod
    def merge_literals(parts: list[str]) -> list[str]:
        lits = [p for p in parts if p.startswith("Literal[")]
        if len(lits) < 2:
            return parts
        inner = ", ".join(p[len("Literal["):-1] for p in lits)
        merged = "Literal[" + ", ".join(sorted(dict.fromkeys(inner.split(", ")))) + "]"
        out: list[str] = []
        for p in parts:
            if p.startswith("Literal["):
                if merged not in out:
                    out.append(merged)
            else:
                out.append(p)
        return out

    # -- classes ---------------------------------------------------------------------------

    def fields(self, cls: Any) -> list[Field]:
        out: list[Field] = []
        if _is_typeddict(cls):
            hints = typing.get_type_hints(cls, include_extras=True)
            totality = _key_totality(cls)
            for name, hint in hints.items():
                required = totality.get(name, getattr(cls, "__total__", True))
                key, tp = name, hint
                while True:
                    origin = typing.get_origin(tp)
                    if origin in _REQUIRED:
                        required, tp = True, typing.get_args(tp)[0]
                    elif origin in _NOT_REQUIRED:
                        required, tp = False, typing.get_args(tp)[0]
                    elif origin in _ANNOTATED:
                        for meta in getattr(tp, "__metadata__", ()):
                            alias = getattr(meta, "alias", None)
                            if isinstance(alias, str):
                                key = alias
                        tp = typing.get_args(tp)[0]
                    else:
                        break
                out.append(Field(key, tp, required))
        else:
            for name, info in cls.model_fields.items():
                ann = info.annotation
                out.append(Field(info.alias or name, ann,
                                 info.is_required() and not _allows_none(ann)))
        adj = self.adjust.get(cls)
        if adj is not None:
            out = [f for f in out if f.key not in adj.drop]
            for f in out:
                if f.key in adj.optional:
                    f.required = False
            for key, (tp, required) in adj.add.items():
                out = [f for f in out if f.key != key]
                out.append(Field(key, tp, required))
        return out

    def emit_class(self, cls: Any) -> None:
        name = self.names[cls]
        rows: list[tuple[str, str]] = []
        for f in self.fields(cls):
            try:
                text = self.ann(f.tp)
            except _Skip:
                continue
            rows.append((f.key, f"Required[{text}]" if f.required else text))
        origin = f"{cls.__module__}.{cls.__qualname__}"
        doc = f'    """From ``{origin}``."""'
        identifiers = all(k.isidentifier() and not keyword.iskeyword(k) for k, _ in rows)
        if identifiers:
            body = "\n".join(f"    {k}: {t}" for k, t in rows)
            text = f"class {name}(TypedDict, total=False):\n{doc}\n"
            if body:
                text += f"\n{body}\n"
        else:
            # The functional form evaluates its values at once: quote them (forward refs).
            items = "\n".join(f"        {k!r}: {t!r}," for k, t in rows)
            text = (f"# From ``{origin}`` (keys that are not Python identifiers).\n"
                    f"{name} = TypedDict(\n    {name!r},\n    {{\n{items}\n    }},\n"
                    f"    total=False,\n)\n")
        self.blocks.append(text)

    def drain(self) -> None:
        while self.pending:
            self.emit_class(self.pending.pop(0))


def _key_totality(cls: type) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        if _is_typeddict(base):
            out.update(_key_totality(base))
    total = getattr(cls, "__total__", True)
    for key in getattr(cls, "__annotations__", {}):
        if key not in out:
            out[key] = total
    return out


def _allows_none(tp: Any) -> bool:
    tp = Emitter.unwrap(tp)
    if tp is None or tp is type(None) or tp is Any or tp is object:
        return True
    origin = typing.get_origin(tp)
    if origin in _UNION:
        return any(_allows_none(a) for a in typing.get_args(tp))
    if origin in _LITERAL:
        return None in typing.get_args(tp)
    return False


# -- the formats ----------------------------------------------------------------------------

@dataclass
class Spec:
    module: str
    title: str
    sdk: str
    #: root alias name -> SDK type (or a callable returning the annotation text).
    roots: dict[str, Any]
    adjust: dict[Any, Adjust] = field(default_factory=dict)
    lower_enums: bool = False
    notes: str = ""


def _anthropic_legacy_sampling() -> dict[str, tuple[Any, bool]]:
    return {"temperature": (float, False), "top_p": (float, False), "top_k": (int, False),
            "stream": (bool, False)}


def specs() -> list[Spec]:
    from anthropic.types.beta import (
        BetaMessage,
        BetaRawMessageStreamEvent,
    )
    from anthropic.types.beta import message_create_params as am
    from google.genai import types as g
    from openai.types import Completion, CompletionChoice
    from openai.types import completion_create_params as ocm
    from openai.types.chat import ChatCompletion, ChatCompletionChunk
    from openai.types.chat import completion_create_params as ccm
    from openai.types.responses import Response, ResponseStreamEvent
    from openai.types.responses import response_create_params as rcm

    stream_flag = {"stream": (bool | None, False)}
    out = [
        Spec("openai_chat", "OpenAI Chat Completions (``openai.chat``)", "openai",
             {"Request": ccm.CompletionCreateParamsBase, "Response": ChatCompletion,
              "StreamEvent": ChatCompletionChunk},
             adjust={ccm.CompletionCreateParamsBase: Adjust(add=stream_flag)}),
        Spec("openai_responses", "OpenAI Responses (``openai.responses``)", "openai",
             {"Request": rcm.ResponseCreateParamsBase, "Response": Response,
              "StreamEvent": ResponseStreamEvent},
             adjust={rcm.ResponseCreateParamsBase: Adjust(add=stream_flag)}),
        Spec("openai_completions", "OpenAI legacy Completions (``openai.completions``)",
             "openai",
             {"Request": ocm.CompletionCreateParamsBase, "Response": Completion,
              "StreamEvent": Completion},
             adjust={ocm.CompletionCreateParamsBase: Adjust(add=stream_flag),
                     # The SDK types stream chunks with the response model; a chunk's
                     # finish_reason is null until the last one.
                     CompletionChoice: Adjust(add={"finish_reason": (
                         typing.Optional[typing.Literal["stop", "length", "content_filter"]],  # noqa: UP045
                         True)})}),
    ]

    # Functional form: these stand for SDK classes and get an SDK-like ``__module__``.
    ping = typing_extensions.TypedDict(  # type: ignore[operator]  # noqa: UP013
        "PingEvent", {"type": typing_extensions.Required[typing.Literal["ping"]]}, total=False)
    err_body = typing_extensions.TypedDict(  # type: ignore[operator]  # noqa: UP013
        "StreamErrorBody", {"type": typing_extensions.Required[str],
                            "message": typing_extensions.Required[str]}, total=False)
    err = typing_extensions.TypedDict(  # type: ignore[operator]  # noqa: UP013
        "ErrorEvent", {"type": typing_extensions.Required[typing.Literal["error"]],
                       "error": typing_extensions.Required[err_body]}, total=False)
    ping.__module__ = err.__module__ = err_body.__module__ = "anthropic.sse"
    out.append(Spec(
        "anthropic_messages", "Anthropic Messages (``anthropic.messages``)", "anthropic",
        {"Request": am.MessageCreateParamsBase, "Response": BetaMessage,
         "StreamEvent": typing.Union[BetaRawMessageStreamEvent, ping, err]},  # noqa: UP007
        adjust={am.MessageCreateParamsBase: Adjust(
            # `betas` is the anthropic-beta HTTP header, never a body key (the SDK pops it).
            # `user_profile_id` / `workspace_id` go to headers as well.
            drop={"betas": "header", "user_profile_id": "header", "workspace_id": "header"},
            # The legacy sampling keys: the newest SDK dropped them, most models and every
            # Anthropic-compatible endpoint still take them (docs/models.md).
            add=_anthropic_legacy_sampling())},
        notes="Generated from the beta types (a superset of the GA ones). The legacy "
              "``temperature`` / ``top_p`` / ``top_k`` keys are added back.",
    ))

    for surface in ("gemini", "vertex"):
        req = _gemini_request(g, surface)
        adj = _gemini_adjust(g, surface)
        out.append(Spec(
            f"google_{surface}",
            "Gemini generateContent, " + ("Gemini Developer API (``google.gemini``)"
                                          if surface == "gemini"
                                          else "Vertex AI (``google.vertex``)"),
            "google-genai",
            {"Request": req, "Response": g.GenerateContentResponse,
             "StreamEvent": g.GenerateContentResponse},
            adjust=adj, lower_enums=True,
            notes="Keys are the REST surface's camelCase (the proto3 JSON mapping also takes "
                  "snake_case: the published JSON Schemas list both spellings).",
        ))
    return out


def _gemini_request(g: Any, surface: str) -> Any:
    # The REST body of models.generateContent, as the SDK's converters build it
    # (_GenerateContentParameters_to_{mldev,vertex} + _GenerateContentConfig_to_*).
    keys: dict[str, Any] = {
        "contents": typing_extensions.Required[list[g.Content]],
        "systemInstruction": g.Content,
        "tools": list[g.Tool],
        "toolConfig": g.ToolConfig,
        "generationConfig": g.GenerationConfig,
        "safetySettings": list[g.SafetySetting],
        "cachedContent": str,
        "labels": dict[str, str],
        "serviceTier": g.ServiceTier,
    }
    if surface == "gemini":
        keys["store"] = bool
    else:
        keys["modelArmorConfig"] = g.ModelArmorConfig
        keys["outputConfig"] = g.GenerationOutputConfig
    td = typing_extensions.TypedDict("GenerateContentRequest", keys, total=False)  # type: ignore[operator]
    td.__module__ = "google.genai.rest"
    return td


def _gemini_adjust(g: Any, surface: str) -> dict[Any, Adjust]:
    """Surface differences, read from the SDK's converters (google/genai/models.py): each
    ``_X_to_mldev`` / ``_X_to_vertex`` raises for a field its surface lacks."""
    sdk_only = "not a wire key: computed or filled by the SDK"
    if surface == "gemini":
        vertex_only = "Vertex only (_X_to_mldev raises)"
        adj = {
            g.GenerationConfig: Adjust(
                drop={k: vertex_only for k in ("routingConfig", "audioTimestamp",
                                               "modelSelectionConfig", "modelConfig")},
                add={"imageConfig": (g.ImageConfig, False)}),
            g.FunctionCall: Adjust(drop={"partialArgs": vertex_only,
                                         "willContinue": vertex_only}),
            g.FunctionCallingConfig: Adjust(drop={"streamFunctionCallArguments": vertex_only}),
            g.Tool: Adjust(drop={k: vertex_only for k in (
                "retrieval", "enterpriseWebSearch", "parallelAiSearch", "exaAiSearch")}),
            g.GoogleSearch: Adjust(drop={"blockingConfidence": vertex_only,
                                         "excludeDomains": vertex_only}),
            g.GoogleMaps: Adjust(drop={"groundingTypes": vertex_only}),
            g.AuthConfig: Adjust(drop={k: vertex_only for k in (
                "apiKeyConfig", "authType", "googleServiceAccountConfig",
                "httpBasicAuthConfig", "oauthConfig", "oidcConfig")}),
            g.SafetySetting: Adjust(drop={"method": vertex_only}),
            g.ImageConfig: Adjust(drop={k: vertex_only for k in (
                "personGeneration", "prominentPeople", "imageOutputOptions",
                "outputMimeType", "outputCompressionQuality")}),
            # _transformers._raise_for_unsupported_mldev_properties: "additionalProperties
            # is only supported in ... Vertex mode, not in Gemini Developer API mode".
            g.Schema: Adjust(drop={"additionalProperties": vertex_only}),
            g.CitationMetadata: Adjust(
                drop={"citations": "the Developer API sends citationSources"},
                add={"citationSources": (list[g.Citation], False)}),
        }
    else:
        gemini_only = "Developer API only (_X_to_vertex raises)"
        adj = {
            g.GenerationConfig: Adjust(
                drop={"enableEnhancedCivicAnswers": gemini_only,
                      "modelSelectionConfig": "sent as modelConfig on Vertex"},
                add={"imageConfig": (g.ImageConfig, False),
                     "modelConfig": (g.ModelSelectionConfig, False)}),
            g.Part: Adjust(drop={k: gemini_only for k in ("toolCall", "toolResponse",
                                                          "partMetadata")}),
            g.FunctionResponse: Adjust(drop={"willContinue": gemini_only}),
            g.FunctionResponsePart: Adjust(drop={"mediaProcessing": gemini_only}),
            g.ToolConfig: Adjust(drop={"includeServerSideToolInvocations": gemini_only}),
            g.Tool: Adjust(drop={"fileSearch": gemini_only}),
            g.McpServer: Adjust(drop={"name": gemini_only,
                                      "streamableHttpTransport": gemini_only}),
            g.ReplicatedVoiceConfig: Adjust(drop={"consentAudio": gemini_only,
                                                  "voiceConsentSignature": gemini_only}),
            g.ImageConfig: Adjust(drop={"outputMimeType": "sent in imageOutputOptions",
                                        "outputCompressionQuality":
                                            "sent in imageOutputOptions"}),
        }
    adj[g.GenerateContentResponse] = Adjust(drop={
        "sdkHttpResponse": sdk_only, "automaticFunctionCallingHistory": sdk_only,
        "parsed": sdk_only})
    return adj


HEADER = '''"""{title}: typed wire schemas.

GENERATED by ``scripts/gen_types.py`` from {sdk} {version}; do not edit by hand.
openai-python style: ``TypedDict(total=False)`` with ``Required[...]`` keys, so values stay
plain dicts and type checkers see the wire shape. ``Request``, ``Response`` and
``StreamEvent`` are the roots; ``scripts/gen_schemas.py`` turns them into ``schemas/``.
{notes}"""

# ruff: noqa: E501

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import Required, TypeAlias, TypedDict

__all__ = ["Request", "Response", "StreamEvent"]
'''


def render(spec: Spec) -> str:
    em = Emitter(spec.adjust, lower_enums=spec.lower_enums)
    for name in spec.roots:
        em.reserve(name)
    root_text: dict[str, str] = {}
    for name, tp in spec.roots.items():
        root_text[name] = em.ann(tp)
        em.drain()
    version = importlib.metadata.version(spec.sdk)
    notes = f"\n{spec.notes}\n" if spec.notes else ""
    parts = [HEADER.format(title=spec.title, sdk=spec.sdk, version=version, notes=notes)]
    parts.extend(em.blocks)
    roots = "\n".join(f"{name}: TypeAlias = {text}" for name, text in root_text.items())
    parts.append(roots + "\n")
    return "\n\n".join(p.rstrip("\n") + "\n" for p in parts)


def _format(text: str, name: str) -> str:
    """ruff format, then ruff's own fixes (unused imports, the noqa it needs): the modules
    come out as the project's linters want them."""
    ruff = [sys.executable, "-m", "ruff"]
    filename = f"src/interlingua/types/{name}.py"
    try:
        text = subprocess.run([*ruff, "format", "--stdin-filename", filename, "-"],
                              input=text, capture_output=True, text=True, check=True).stdout
        fixed = subprocess.run([*ruff, "check", "--fix", "--exit-zero", "--quiet",
                                "--stdin-filename", filename, "-"],
                               input=text, capture_output=True, text=True, check=True).stdout
        return subprocess.run([*ruff, "format", "--stdin-filename", filename, "-"],
                              input=fixed, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a module is stale")
    args = ap.parse_args(argv)
    stale = []
    for spec in specs():
        text = _format(render(spec), spec.module)
        path = OUT / f"{spec.module}.py"
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path)
            continue
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
    if stale:
        print("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
