"""Strict conformance checker for vendor payloads, built on the vendors' official SDK types.

Every payload interlingua emits must conform to the request/response types shipped in the
vendors' own SDKs (``openai``, ``anthropic``, ``google-genai``), with UNKNOWN KEYS REJECTED.
pydantic's TypedDict support is not enough for that (``Iterable[...]`` is validated lazily,
extra keys are ignored, the SDK response models allow extras), so this module walks the
type tree itself.

Entry point: ``conform(value, tp, path="$") -> list[str]``; an empty list means the value
conforms.  Errors are human readable and name the JSON path, e.g.
``"$.messages[2].content[0].foo: unknown key"``.

Convenience entry points (each returns the error list):

* requests: ``check_openai_chat_request``, ``check_openai_responses_request``,
  ``check_openai_completions_request``, ``check_anthropic_request``, ``check_gemini_request``
* responses / stream events: ``check_openai_chat_response``, ``check_openai_chat_chunk``,
  ``check_openai_responses_response``, ``check_openai_responses_event``,
  ``check_openai_completion_response``, ``check_anthropic_response``,
  ``check_anthropic_event``, ``check_gemini_response``
* registries by interlingua format id (``openai.chat``, ``openai.responses``,
  ``openai.completions``, ``anthropic.messages``, ``google.gemini``, ``google.vertex``):
  ``REQUEST_CHECKERS``, ``RESPONSE_CHECKERS``, ``STREAM_EVENT_CHECKERS``

Rules implemented by the walker:

* TypedDict: required keys come from ``Required[...]`` / ``NotRequired[...]`` (inspected on
  ``typing.get_type_hints(tp, include_extras=True)``, because the SDK modules use
  ``from __future__ import annotations`` which makes ``__required_keys__`` unreliable) and
  ``__total__``.  JSON key = ``PropertyInfo(alias=...)`` if present, else the attribute name.
* pydantic BaseModel: walk ``model_fields``; JSON key = alias if set else the field name;
  unknown keys rejected even though the SDK models allow extra.  A field is required if
  pydantic says so AND its type does not admit ``None`` (response fields typed Optional may
  be absent).
* Union / Optional: conforms if any member conforms.  For members that are TypedDicts /
  models with a Literal ``type`` (then ``role``) field, the member is picked by that
  discriminator so the error is reported against the intended member.
* Literal (bool is never equal to int here), list-likes (``list``, ``List``, ``Iterable``,
  ``Sequence``, ``SequenceNotStr``: the value must be a JSON list), ``dict[str, X]``,
  str / int / float / bool / None (bool is not an int; an int is a valid float),
  ``object`` / ``Any``, ``Annotated``, ``enum.Enum`` subclasses (their ``.value``),
  ``bytes`` (base64 in JSON: any string), ``datetime`` (a string), ``TypeAliasType``.
  google-genai's ``CaseInSensitiveEnum`` also accepts the upper/lower-case member name
  (what its ``_missing_`` resolves without a warning).
  ``IO[bytes]`` / ``PathLike`` union members are ignored (they never match JSON).
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import os
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Required, TypedDict

import typing_extensions

__all__ = [
    "REQUEST_CHECKERS",
    "RESPONSE_CHECKERS",
    "STREAM_EVENT_CHECKERS",
    "check_anthropic_event",
    "check_anthropic_request",
    "check_anthropic_response",
    "check_gemini_request",
    "check_gemini_response",
    "check_openai_chat_chunk",
    "check_openai_chat_request",
    "check_openai_chat_response",
    "check_openai_completion_chunk",
    "check_openai_completion_response",
    "check_openai_completions_request",
    "check_openai_responses_event",
    "check_openai_responses_request",
    "check_openai_responses_response",
    "conform",
    "format_errors",
]

# ---------------------------------------------------------------------------------------------
# Policies: per-surface adjustments of the SDK types (used for the Gemini surfaces)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Policy:
    """Adjustments to the field tables of specific classes.

    ``add``: extra JSON keys a class accepts on the wire (key -> type), e.g. a key the SDK's
    REST converter emits that the pydantic type does not declare, or the wire name of a
    renamed field.  ``forbid``: JSON keys that exist in the SDK type but are not valid on the
    wire for this surface (key -> reason, used verbatim in the error message).
    """

    name: str
    add: typing.Mapping[type, typing.Mapping[str, Any]] = field(default_factory=dict)
    forbid: typing.Mapping[type, typing.Mapping[str, str]] = field(default_factory=dict)


_NO_POLICY = _Policy("default")

# ---------------------------------------------------------------------------------------------
# Type introspection helpers (cached)
# ---------------------------------------------------------------------------------------------

_REQUIRED_ORIGINS = {typing.Required, typing_extensions.Required}
_NOT_REQUIRED_ORIGINS = {typing.NotRequired, typing_extensions.NotRequired}
_ANNOTATED_ORIGINS = {typing.Annotated, typing_extensions.Annotated}
_LITERAL_ORIGINS = {typing.Literal, typing_extensions.Literal}
_UNION_ORIGINS = {typing.Union, types.UnionType}
_LIST_ORIGINS = {
    list,
    tuple,
    set,
    frozenset,
    collections.abc.Iterable,
    collections.abc.Sequence,
    collections.abc.MutableSequence,
    collections.abc.Collection,
    collections.abc.Set,
}
_DICT_ORIGINS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}
_TYPE_ALIAS_TYPES: tuple[type, ...] = tuple(
    t
    for t in (
        getattr(typing, "TypeAliasType", None),
        getattr(typing_extensions, "TypeAliasType", None),
    )
    if isinstance(t, type)
)

try:  # pydantic is a test dependency; keep the import soft so the module imports without it.
    from pydantic import BaseModel as _PydanticBaseModel
except ImportError:  # pragma: no cover
    _PydanticBaseModel = None  # type: ignore[assignment,misc]


def _is_typeddict(tp: Any) -> bool:
    return typing_extensions.is_typeddict(tp) or typing.is_typeddict(tp)


def _is_model(tp: Any) -> bool:
    return (
        _PydanticBaseModel is not None
        and isinstance(tp, type)
        and issubclass(tp, _PydanticBaseModel)
    )


def _is_struct(tp: Any) -> bool:
    return _is_typeddict(tp) or _is_model(tp)


def _is_list_origin(origin: Any) -> bool:
    if origin in _LIST_ORIGINS:
        return True
    # openai._types.SequenceNotStr / anthropic._types.SequenceNotStr (a Protocol generic)
    return getattr(origin, "__name__", "") == "SequenceNotStr"


def _unwrap(tp: Any) -> Any:
    """Strip Annotated / Required / NotRequired wrappers and resolve type aliases."""
    while True:
        if _TYPE_ALIAS_TYPES and isinstance(tp, _TYPE_ALIAS_TYPES):
            tp = tp.__value__
            continue
        origin = typing.get_origin(tp)
        if (
            origin in _ANNOTATED_ORIGINS
            or origin in _REQUIRED_ORIGINS
            or origin in _NOT_REQUIRED_ORIGINS
        ):
            tp = typing.get_args(tp)[0]
            continue
        if isinstance(tp, typing.ForwardRef):  # pragma: no cover - should be resolved already
            raise TypeError(f"unresolved forward reference {tp!r}")
        return tp


def _allows_none(tp: Any) -> bool:
    tp = _unwrap(tp)
    if tp is None or tp is type(None) or tp is Any or tp is object:
        return True
    origin = typing.get_origin(tp)
    if origin in _UNION_ORIGINS:
        return any(_allows_none(a) for a in typing.get_args(tp))
    if origin in _LITERAL_ORIGINS:
        return None in typing.get_args(tp)
    return False


# A field table: JSON key -> (type, required)
_FieldTable = dict[str, tuple[Any, bool]]

_td_cache: dict[type, _FieldTable] = {}
_model_cache: dict[type, _FieldTable] = {}
_table_cache: dict[tuple[type, int], tuple[_FieldTable, typing.Mapping[str, str]]] = {}


def _key_totality(cls: type) -> dict[str, bool]:
    """Totality of each key, per declaring class.

    ``__annotations__`` of a TypedDict merges its bases' keys, and ``__total__`` only describes
    the class's own keys (e.g. openai's ``CompletionCreateParamsStreaming(Base)`` is total but
    its base is not), so walk ``__orig_bases__`` to find which class declared each key.
    """
    out: dict[str, bool] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        if _is_typeddict(base):
            out.update(_key_totality(base))
    total = getattr(cls, "__total__", True)
    for key in getattr(cls, "__annotations__", {}):
        if key not in out:
            out[key] = total
    return out


def _typeddict_fields(cls: type) -> _FieldTable:
    table = _td_cache.get(cls)
    if table is not None:
        return table
    hints = typing.get_type_hints(cls, include_extras=True)
    totality = _key_totality(cls)
    default_total = getattr(cls, "__total__", True)
    table = {}
    for name, hint in hints.items():
        required = totality.get(name, default_total)
        key = name
        tp = hint
        while True:
            origin = typing.get_origin(tp)
            if origin in _REQUIRED_ORIGINS:
                required = True
                tp = typing.get_args(tp)[0]
            elif origin in _NOT_REQUIRED_ORIGINS:
                required = False
                tp = typing.get_args(tp)[0]
            elif origin in _ANNOTATED_ORIGINS:
                for meta in getattr(tp, "__metadata__", ()):
                    alias = getattr(meta, "alias", None)
                    if isinstance(alias, str):
                        key = alias
                tp = typing.get_args(tp)[0]
            else:
                break
        table[key] = (tp, required)
    _td_cache[cls] = table
    return table


def _model_fields(cls: type) -> _FieldTable:
    table = _model_cache.get(cls)
    if table is not None:
        return table
    hints: dict[str, Any] | None = None
    table = {}
    for name, info in cls.model_fields.items():  # type: ignore[attr-defined]
        ann = info.annotation
        if isinstance(ann, (str, typing.ForwardRef)):  # pragma: no cover - defensive
            if hints is None:
                hints = typing.get_type_hints(cls, include_extras=True)
            ann = hints[name]
        key = info.alias or name
        required = info.is_required() and not _allows_none(ann)
        table[key] = (ann, required)
    _model_cache[cls] = table
    return table


def _fields(cls: type, policy: _Policy) -> tuple[_FieldTable, typing.Mapping[str, str]]:
    """Field table of a struct type after applying the policy, plus its forbidden keys."""
    ck = (cls, id(policy))
    hit = _table_cache.get(ck)
    if hit is not None:
        return hit
    base = _typeddict_fields(cls) if _is_typeddict(cls) else _model_fields(cls)
    forbid = policy.forbid.get(cls, {})
    add = policy.add.get(cls, {})
    if forbid or add:
        table = {k: v for k, v in base.items() if k not in forbid}
        for k, t in add.items():
            table[k] = (t, False)
    else:
        table = base
    _table_cache[ck] = (table, forbid)
    return table, forbid


def _literal_values(tp: Any) -> list[Any] | None:
    """The Literal values a (possibly Optional) type admits, or None if not a pure Literal."""
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in _LITERAL_ORIGINS:
        return list(typing.get_args(tp))
    if origin in _UNION_ORIGINS:
        out: list[Any] = []
        for a in typing.get_args(tp):
            a = _unwrap(a)
            if a is type(None):
                continue
            vals = _literal_values(a)
            if vals is None:
                return None
            out.extend(vals)
        return out
    return None


def _case_insensitive_match(tp: type[enum.Enum], value: Any) -> bool:
    """google-genai enums derive from ``_common.CaseInSensitiveEnum``, whose ``_missing_``
    resolves ``value.upper()`` / ``value.lower()`` member names without a warning (and the REST
    docs use e.g. ``"type": "object"`` in schemas).  Unknown values are also accepted by the SDK
    but with a warning; we treat those as errors."""
    if not isinstance(value, str) or not any(
        c.__name__ == "CaseInSensitiveEnum" for c in tp.__mro__
    ):
        return False
    names = tp.__members__
    return value.upper() in names or value.lower() in names


def _literal_match(value: Any, allowed: typing.Iterable[Any]) -> bool:
    # Literal[False] must not accept 0, Literal[1] must not accept True, etc.
    return any(value == a and type(value) is type(a) for a in allowed)


# ---------------------------------------------------------------------------------------------
# JSON kinds (for error messages and for picking union members)
# ---------------------------------------------------------------------------------------------


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _never_json(tp: Any) -> bool:
    """Union members that can never be produced by JSON (file handles, paths)."""
    origin = typing.get_origin(tp) or tp
    if origin in (typing.IO, typing.BinaryIO, typing.TextIO, os.PathLike):
        return True
    return isinstance(origin, type) and issubclass(origin, (os.PathLike,)) and origin is not str


_kinds_cache: dict[Any, frozenset[str]] = {}


def _kinds(tp: Any) -> frozenset[str]:
    """JSON kinds a type can accept (used to pick union members / describe expectations)."""
    try:
        hit = _kinds_cache.get(tp)
    except TypeError:  # pragma: no cover - unhashable type object
        return frozenset(_kinds_uncached(tp))
    if hit is None:
        hit = _kinds_cache[tp] = frozenset(_kinds_uncached(tp))
    return hit


def _kinds_uncached(tp: Any) -> set[str]:
    tp = _unwrap(tp)
    if tp is Any or tp is object:
        return {"null", "boolean", "integer", "number", "string", "array", "object"}
    if tp is None or tp is type(None):
        return {"null"}
    origin = typing.get_origin(tp)
    if origin in _UNION_ORIGINS:
        out: set[str] = set()
        for a in typing.get_args(tp):
            if not _never_json(a):
                out |= _kinds(a)
        return out
    if origin in _LITERAL_ORIGINS:
        return {_json_kind(v) for v in typing.get_args(tp)}
    if tp is str or tp is bytes or tp in (datetime.datetime, datetime.date):
        return {"string"}
    if tp is bool:
        return {"boolean"}
    if tp is int:
        return {"integer"}
    if tp is float:
        return {"integer", "number"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {_json_kind(m.value) for m in tp}
    if _is_struct(tp) or tp is dict or origin in _DICT_ORIGINS:
        return {"object"}
    if tp is list or _is_list_origin(origin):
        return {"array"}
    return set()


def _describe(tp: Any) -> str:
    ks = _kinds(tp)
    order = ["object", "array", "string", "number", "integer", "boolean", "null"]
    if "number" in ks:
        ks = ks - {"integer"}
    return " | ".join(k for k in order if k in ks) or repr(tp)


def _short(values: list[Any], limit: int = 12) -> str:
    if len(values) <= limit:
        return repr(values)
    return repr(values[:limit])[:-1] + f", ... ({len(values) - limit} more)]"


# ---------------------------------------------------------------------------------------------
# The walker
# ---------------------------------------------------------------------------------------------

_DISCRIMINATORS = ("type", "role")


def conform(value: Any, tp: Any, path: str = "$", *, _policy: _Policy = _NO_POLICY) -> list[str]:
    """Check a JSON-like ``value`` against the SDK type ``tp``; return a list of errors."""
    errors: list[str] = []
    _check(value, tp, path, errors, _policy)
    return errors


def _check(value: Any, tp: Any, path: str, errors: list[str], policy: _Policy) -> None:
    tp = _unwrap(tp)

    if tp is Any or tp is object:
        return
    if tp is None or tp is type(None):
        if value is not None:
            errors.append(f"{path}: expected null, got {_json_kind(value)}")
        return

    origin = typing.get_origin(tp)

    if origin in _UNION_ORIGINS:
        _check_union(value, tp, path, errors, policy)
        return
    if origin in _LITERAL_ORIGINS:
        allowed = list(typing.get_args(tp))
        if not _literal_match(value, allowed):
            errors.append(f"{path}: expected one of {_short(allowed)}, got {value!r}")
        return

    # scalars
    if tp is str:
        if not isinstance(value, str):
            errors.append(f"{path}: expected string, got {_json_kind(value)}")
        return
    if tp is bool:
        if not isinstance(value, bool):
            errors.append(f"{path}: expected boolean, got {_json_kind(value)}")
        return
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{path}: expected integer, got {_json_kind(value)}")
        return
    if tp is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{path}: expected number, got {_json_kind(value)}")
        return
    if tp is bytes:  # base64 in JSON
        if not isinstance(value, str):
            errors.append(f"{path}: expected base64 string, got {_json_kind(value)}")
        return
    if tp in (datetime.datetime, datetime.date):
        if not isinstance(value, str):
            errors.append(f"{path}: expected date-time string, got {_json_kind(value)}")
        return
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        allowed = [m.value for m in tp]
        if not _literal_match(value, allowed) and not _case_insensitive_match(tp, value):
            errors.append(
                f"{path}: expected one of {_short(allowed)} ({tp.__name__}), got {value!r}"
            )
        return

    # structs
    if _is_struct(tp):
        _check_struct(value, tp, path, errors, policy)
        return

    # containers
    if tp is list or _is_list_origin(origin):
        if not isinstance(value, list):
            errors.append(f"{path}: expected array, got {_json_kind(value)}")
            return
        args = typing.get_args(tp)
        if args and origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                errors.append(f"{path}: expected array of length {len(args)}, got {len(value)}")
                return
            for i, (item, a) in enumerate(zip(value, args, strict=True)):
                _check(item, a, f"{path}[{i}]", errors, policy)
            return
        if args:
            item_tp = args[0]
            for i, item in enumerate(value):
                _check(item, item_tp, f"{path}[{i}]", errors, policy)
        return
    if tp is dict or origin in _DICT_ORIGINS:
        if not isinstance(value, dict):
            errors.append(f"{path}: expected object, got {_json_kind(value)}")
            return
        args = typing.get_args(tp)
        for k, v in value.items():
            if not isinstance(k, str):
                errors.append(f"{path}: non-string key {k!r}")
                continue
            if len(args) == 2:
                _check(v, args[1], f"{path}.{k}", errors, policy)
        return

    if _never_json(tp):
        errors.append(f"{path}: {tp!r} cannot be represented in JSON")
        return
    raise TypeError(f"conformance checker does not understand the type {tp!r} (at {path})")


def _check_struct(value: Any, tp: type, path: str, errors: list[str], policy: _Policy) -> None:
    if not isinstance(value, dict):
        errors.append(f"{path}: expected object ({tp.__name__}), got {_json_kind(value)}")
        return
    table, forbid = _fields(tp, policy)
    for key, item in value.items():
        spec = table.get(key)
        if spec is None:
            if key in forbid:
                errors.append(f"{path}.{key}: {forbid[key]}")
            else:
                errors.append(f"{path}.{key}: unknown key")
            continue
        _check(item, spec[0], f"{path}.{key}", errors, policy)
    for key, (_, required) in table.items():
        if required and key not in value:
            errors.append(f"{path}.{key}: missing required key")


_union_cache: dict[Any, tuple[list[Any], list[Any]]] = {}


def _union_members(tp: Any) -> tuple[list[Any], list[Any]]:
    """(json-capable members, struct members) of a union, flattened."""
    hit = _union_cache.get(tp)
    if hit is not None:
        return hit
    members: list[Any] = []

    def add(t: Any) -> None:
        t = _unwrap(t)
        if typing.get_origin(t) in _UNION_ORIGINS:
            for a in typing.get_args(t):
                add(a)
        elif not _never_json(t):
            members.append(t)

    add(tp)
    structs = [m for m in members if _is_struct(m)]
    _union_cache[tp] = (members, structs)
    return members, structs


def _check_union(value: Any, tp: Any, path: str, errors: list[str], policy: _Policy) -> None:
    members, structs = _union_members(tp)
    candidates = members

    # Narrow by discriminator (type, then role) when the value is an object.
    if isinstance(value, dict) and structs:
        for disc in _DISCRIMINATORS:
            if disc not in value:
                continue
            declared: list[Any] = []
            narrowed: list[Any] = []
            any_literal = False
            for m in candidates:
                if not _is_struct(m):
                    narrowed.append(m)  # dict[str, object], object, Any ... stay candidates
                    continue
                spec = _fields(m, policy)[0].get(disc)
                if spec is None:
                    continue
                vals = _literal_values(spec[0])
                if vals is None:  # e.g. ``type: str``: accepts any discriminator value
                    narrowed.append(m)
                    continue
                any_literal = True
                declared.extend(v for v in vals if v is not None and v not in declared)
                if _literal_match(value[disc], vals):
                    narrowed.append(m)
            if not any_literal:
                continue
            if not any(_is_struct(m) for m in narrowed) and not any(
                "object" in _kinds(m) for m in narrowed
            ):
                errors.append(
                    f"{path}.{disc}: expected one of {_short(declared)}, got {value[disc]!r}"
                )
                return
            candidates = narrowed

    kind = _json_kind(value)
    matching = [m for m in candidates if kind in _kinds(m)]
    if not matching:
        errors.append(f"{path}: expected {_describe(tp)}, got {kind}")
        return
    best: list[str] | None = None
    for m in matching:
        errs: list[str] = []
        _check(value, m, path, errs, policy)
        if not errs:
            return
        if best is None or len(errs) < len(best):
            best = errs
    assert best is not None
    errors.extend(best)


def format_errors(errors: list[str], limit: int = 40) -> str:
    """Pretty-print an error list for assertion messages."""
    lines = errors[:limit]
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# OpenAI
# ---------------------------------------------------------------------------------------------


def check_openai_chat_request(p: Any) -> list[str]:
    """POST /v1/chat/completions body."""
    from openai.types.chat import completion_create_params as m

    if isinstance(p, dict) and p.get("stream"):
        return conform(p, m.CompletionCreateParamsStreaming)
    return conform(p, m.CompletionCreateParamsNonStreaming)


def check_openai_responses_request(p: Any) -> list[str]:
    """POST /v1/responses body."""
    from openai.types.responses import response_create_params as m

    if isinstance(p, dict) and p.get("stream"):
        return conform(p, m.ResponseCreateParamsStreaming)
    return conform(p, m.ResponseCreateParamsNonStreaming)


def check_openai_completions_request(p: Any) -> list[str]:
    """POST /v1/completions body (legacy completions)."""
    from openai.types import completion_create_params as m

    if isinstance(p, dict) and p.get("stream"):
        return conform(p, m.CompletionCreateParamsStreaming)
    return conform(p, m.CompletionCreateParamsNonStreaming)


def check_openai_chat_response(p: Any) -> list[str]:
    from openai.types.chat import ChatCompletion

    return conform(p, ChatCompletion)


def _openai_stream_error(p: Any) -> list[str] | None:
    """An error inside an OpenAI Chat / Completions stream: a data event that is only
    ``{"error": {message, type, param, code}}`` (the SDK's ``Stream`` raises ``APIError`` on
    it), checked against the SDK's ``ErrorObject``; None when ``p`` is not one."""
    if not (isinstance(p, dict) and set(p) == {"error"}):
        return None
    from openai.types.shared import ErrorObject

    return conform(p["error"], ErrorObject, "$.error")


def check_openai_chat_chunk(p: Any) -> list[str]:
    from openai.types.chat import ChatCompletionChunk

    error = _openai_stream_error(p)
    if error is not None:
        return error
    return conform(p, ChatCompletionChunk)


def check_openai_responses_response(p: Any) -> list[str]:
    from openai.types.responses import Response

    return conform(p, Response)


def check_openai_responses_event(p: Any) -> list[str]:
    from openai.types.responses import ResponseStreamEvent

    return conform(p, ResponseStreamEvent)


def check_openai_completion_response(p: Any) -> list[str]:
    from openai.types import Completion

    return conform(p, Completion)


def check_openai_completion_chunk(p: Any) -> list[str]:
    """One streamed ``Completion`` (legacy Completions streams one per SSE event).

    Documented allowance: OpenAI sends ``"finish_reason": null`` on every chunk but a
    choice's last one, which the SDK's ``CompletionChoice`` (typed for whole responses, where
    the reason is always set) does not admit; such a choice is checked as if it said "stop".
    Nothing else is relaxed.
    """
    if isinstance(p, dict) and isinstance(p.get("choices"), list):
        p = {**p, "choices": [{**c, "finish_reason": "stop"}
                              if isinstance(c, dict) and "finish_reason" in c
                              and c["finish_reason"] is None else c
                              for c in p["choices"]]}
    error = _openai_stream_error(p)
    if error is not None:
        return error
    return check_openai_completion_response(p)


# ---------------------------------------------------------------------------------------------
# Anthropic
# ---------------------------------------------------------------------------------------------

# Documented allowance: the legacy top-level sampling parameters that real clients still send
# (Claude Code, the Anthropic SDKs of 2024-2025, LiteLLM, ...) but that the newest SDK's
# ``MessageCreateParams`` no longer lists.  They are type-checked here and then stripped before
# the payload is checked against the SDK types.  Nothing else is allowed beyond the SDK types.
ANTHROPIC_LEGACY_SAMPLING_KEYS: dict[str, Any] = {
    "temperature": float,  # number
    "top_p": float,  # number
    "top_k": int,
}


def _best(*attempts: list[str]) -> list[str]:
    return min(attempts, key=len)


_ANTHROPIC_BETA_POLICY: list[_Policy] = []


def _anthropic_beta_policy(beta: Any) -> _Policy:
    # The beta MessageCreateParams TypedDict lists ``betas``, but the SDK sends it as the
    # ``anthropic-beta`` HTTP header (messages.create pops it); it is never a body key.
    if not _ANTHROPIC_BETA_POLICY:
        reason = "not a body key: the SDK sends `betas` as the anthropic-beta HTTP header"
        _ANTHROPIC_BETA_POLICY.append(
            _Policy(
                "anthropic-beta",
                forbid={
                    beta.MessageCreateParamsStreaming: {"betas": reason},
                    beta.MessageCreateParamsNonStreaming: {"betas": reason},
                },
            )
        )
    return _ANTHROPIC_BETA_POLICY[0]


def check_anthropic_request(p: Any) -> list[str]:
    """POST /v1/messages body.

    Checked against ``anthropic.types.message_create_params``; if that fails, against the beta
    ``anthropic.types.beta.message_create_params`` (beta features are legitimate; ``betas`` is
    rejected because the SDK sends it as a header).  Legacy ``temperature`` / ``top_p`` /
    ``top_k`` are type-checked and stripped first (ANTHROPIC_LEGACY_SAMPLING_KEYS).  If both
    checks fail, the shorter error list is returned.
    """
    from anthropic.types import message_create_params as ga

    if not isinstance(p, dict):
        return [f"$: expected object, got {_json_kind(p)}"]
    errors: list[str] = []
    body = dict(p)
    for key, tp in ANTHROPIC_LEGACY_SAMPLING_KEYS.items():
        if key in body:
            errors.extend(conform(body.pop(key), tp, f"$.{key}"))
    streaming = bool(p.get("stream"))
    ga_tp = ga.MessageCreateParamsStreaming if streaming else ga.MessageCreateParamsNonStreaming
    errs = conform(body, ga_tp)
    if errs:
        from anthropic.types.beta import message_create_params as beta

        beta_tp = (
            beta.MessageCreateParamsStreaming if streaming else beta.MessageCreateParamsNonStreaming
        )
        beta_errs = conform(body, beta_tp, _policy=_anthropic_beta_policy(beta))
        errs = [] if not beta_errs else _best(errs, beta_errs)
    return errors + errs


def check_anthropic_response(p: Any) -> list[str]:
    from anthropic.types import Message

    errs = conform(p, Message)
    if errs:
        from anthropic.types.beta import BetaMessage

        beta_errs = conform(p, BetaMessage)
        errs = [] if not beta_errs else _best(errs, beta_errs)
    return errs


def check_anthropic_event(p: Any) -> list[str]:
    from anthropic.types import RawMessageStreamEvent

    if isinstance(p, dict) and p.get("type") == "error":
        # The ``error`` event of a stream (the SDK raises it as an API error): an
        # ``ErrorResponse``, as in an error body.
        from anthropic.types.shared import ErrorResponse

        return conform(p, ErrorResponse)
    errs = conform(p, RawMessageStreamEvent)
    if errs:
        from anthropic.types.beta import BetaRawMessageStreamEvent

        beta_errs = conform(p, BetaRawMessageStreamEvent)
        errs = [] if not beta_errs else _best(errs, beta_errs)
    return errs


# ---------------------------------------------------------------------------------------------
# Gemini (Developer API "gemini" and Vertex AI "vertex")
# ---------------------------------------------------------------------------------------------
#
# The REST body of models.generateContent.  Keys are camelCase (the pydantic aliases of
# google.genai.types); snake_case keys are rejected.  The top-level shape is what
# ``_GenerateContentParameters_to_{mldev,vertex}`` + ``_GenerateContentConfig_to_{mldev,vertex}``
# in google/genai/models.py build: ``contents`` plus the keys the config converter writes to
# ``parent_object``; ``generationConfig`` gets the keys it writes to ``to_object``.
#
# Surface differences, read from the converters of google-genai 3.4 (google/genai/models.py).
# Each converter raises ``ValueError("<field> parameter is only supported in ...")`` for a
# field its surface lacks; we reject those keys on that surface.
#
# Only the Vertex AI ("Gemini Enterprise Agent Platform") surface accepts:
#   generationConfig.routingConfig
#                      _GenerateContentConfig_to_mldev raises (routing_config)
#   generationConfig.audioTimestamp
#                      _GenerateContentConfig_to_mldev raises (audio_timestamp)
#   generationConfig.modelConfig
#                      _GenerateContentConfig_to_mldev raises (model_selection_config);
#                      _GenerateContentConfig_to_vertex renames it to "modelConfig", so the
#                      wire key is modelConfig, never modelSelectionConfig
#   modelArmorConfig (top level)
#                      _GenerateContentConfig_to_mldev raises (model_armor_config)
#   outputConfig (top level)
#                      _GenerateContentConfig_to_mldev raises (generation_output_config);
#                      _GenerateContentConfig_to_vertex writes it as "outputConfig"
#   contents[].parts[].functionCall.partialArgs / .willContinue
#                                            _FunctionCall_to_mldev raises
#   toolConfig.functionCallingConfig.streamFunctionCallArguments
#                                            _FunctionCallingConfig_to_mldev raises
#   tools[].retrieval / .enterpriseWebSearch / .parallelAiSearch / .exaAiSearch
#                                            _Tool_to_mldev raises
#   tools[].googleSearch.blockingConfidence / .excludeDomains
#                                            _GoogleSearch_to_mldev raises
#   tools[].googleMaps.groundingTypes        _GoogleMaps_to_mldev raises
#   tools[].googleMaps.authConfig.{apiKeyConfig, authType, googleServiceAccountConfig,
#        httpBasicAuthConfig, oauthConfig, oidcConfig}
#                                            _AuthConfig_to_mldev raises
#   safetySettings[].method                  _SafetySetting_to_mldev raises
#   generationConfig.imageConfig.{personGeneration, prominentPeople, imageOutputOptions}
#                                            _ImageConfig_to_mldev raises
#
# Only the Gemini Developer API accepts:
#   store (top level)                        _GenerateContentConfig_to_vertex raises (store)
#   generationConfig.enableEnhancedCivicAnswers
#                                            _GenerateContentConfig_to_vertex raises
#   contents[].parts[].toolCall / .toolResponse / .partMetadata
#                                            _Part_to_vertex raises
#   contents[].parts[].functionResponse.willContinue
#                                            _FunctionResponse_to_vertex raises
#   contents[].parts[].functionResponse.parts[].mediaProcessing
#                                            _FunctionResponsePart_to_vertex raises
#   toolConfig.includeServerSideToolInvocations
#                                            _ToolConfig_to_vertex raises
#   tools[].fileSearch                       _Tool_to_vertex raises
#   tools[].mcpServers[].name / .streamableHttpTransport
#                                            _McpServer_to_vertex raises
#   generationConfig.speechConfig...replicatedVoiceConfig.{consentAudio, voiceConsentSignature}
#                                            _ReplicatedVoiceConfig_to_vertex raises
#
# Wire keys the SDK types do not declare where the REST body has them:
#   generationConfig.imageConfig (both)      types.GenerationConfig has no image_config, but both
#                                            _GenerateContentConfig_to_* write "imageConfig" into
#                                            generationConfig (types.ImageConfig)
#   generationConfig.modelConfig (vertex)    see above
#   imageConfig.outputMimeType / outputCompressionQuality are SDK-side conveniences, rejected
#                                            on both (_ImageConfig_to_mldev raises;
#                                            _ImageConfig_to_vertex moves them into
#                                            imageOutputOptions)
#
# Accepted on BOTH surfaces (note: ``labels`` is NOT vertex-only in google-genai 3.4:
# _GenerateContentConfig_to_mldev forwards ``labels`` to the body like the vertex converter):
#   contents, systemInstruction, tools, toolConfig, generationConfig, safetySettings,
#   cachedContent, labels, serviceTier, continuationToken.
#
# Response side (check_gemini_response): the body of a generateContent response.  SDK-only
# fields of types.GenerateContentResponse (sdkHttpResponse is filled from HTTP headers,
# automaticFunctionCallingHistory and parsed are computed client-side) are rejected.  The
# Developer API sends candidates[].citationMetadata.citationSources, which
# _CitationMetadata_from_mldev renames to ``citations``; Vertex sends ``citations`` as-is
# (_GenerateContentResponse_from_vertex passes candidates through unchanged).

_gemini_cache: dict[str, Any] = {}

_VERTEX_ONLY = "only supported on Vertex AI, not on the Gemini Developer API ({evidence})"
_GEMINI_ONLY = "only supported on the Gemini Developer API, not on Vertex AI ({evidence})"


def _gemini_setup() -> dict[str, Any]:
    if _gemini_cache:
        return _gemini_cache
    from google.genai import types as g

    # REST body of models.generateContent (both surfaces; the policies below restrict it).
    # Functional syntax so the annotations are real objects (this module uses
    # ``from __future__ import annotations``).
    req = TypedDict(  # type: ignore[misc]  # noqa: UP013
        "GenerateContentRequest",
        {
            "contents": Required[list[g.Content]],
            "systemInstruction": g.Content,
            "tools": list[g.Tool],
            "toolConfig": g.ToolConfig,
            "generationConfig": g.GenerationConfig,
            "safetySettings": list[g.SafetySetting],
            "cachedContent": str,
            "labels": dict[str, str],
            "serviceTier": g.ServiceTier,
            "continuationToken": bytes,
            "store": bool,  # Developer API only
            "modelArmorConfig": g.ModelArmorConfig,  # Vertex only
            "outputConfig": g.GenerationOutputConfig,  # Vertex only
        },
        total=False,
    )

    def v_only(evidence: str) -> str:
        return _VERTEX_ONLY.format(evidence=evidence)

    def g_only(evidence: str) -> str:
        return _GEMINI_ONLY.format(evidence=evidence)

    sdk_side_image = "not a wire key: SDK convenience field ({})"
    gemini = _Policy(
        "gemini",
        add={g.GenerationConfig: {"imageConfig": g.ImageConfig}},
        forbid={
            req: {
                "modelArmorConfig": v_only(
                    "_GenerateContentConfig_to_mldev raises for model_armor_config"
                ),
                "outputConfig": v_only(
                    "_GenerateContentConfig_to_mldev raises for generation_output_config"
                ),
            },
            g.GenerationConfig: {
                "routingConfig": v_only(
                    "_GenerateContentConfig_to_mldev raises for routing_config"
                ),
                "audioTimestamp": v_only(
                    "_GenerateContentConfig_to_mldev raises for audio_timestamp"
                ),
                "modelSelectionConfig": v_only(
                    "_GenerateContentConfig_to_mldev raises for model_selection_config; "
                    "on Vertex the wire key is modelConfig"
                ),
                "modelConfig": v_only(
                    "_GenerateContentConfig_to_mldev raises for model_selection_config, "
                    "which _GenerateContentConfig_to_vertex sends as modelConfig"
                ),
            },
            g.FunctionCall: {
                "partialArgs": v_only("_FunctionCall_to_mldev raises for partial_args"),
                "willContinue": v_only("_FunctionCall_to_mldev raises for will_continue"),
            },
            g.FunctionCallingConfig: {
                "streamFunctionCallArguments": v_only(
                    "_FunctionCallingConfig_to_mldev raises for stream_function_call_arguments"
                ),
            },
            g.Tool: {
                "retrieval": v_only("_Tool_to_mldev raises for retrieval"),
                "enterpriseWebSearch": v_only("_Tool_to_mldev raises for enterprise_web_search"),
                "parallelAiSearch": v_only("_Tool_to_mldev raises for parallel_ai_search"),
                "exaAiSearch": v_only("_Tool_to_mldev raises for exa_ai_search"),
            },
            g.GoogleSearch: {
                "blockingConfidence": v_only(
                    "_GoogleSearch_to_mldev raises for blocking_confidence"
                ),
                "excludeDomains": v_only("_GoogleSearch_to_mldev raises for exclude_domains"),
            },
            g.GoogleMaps: {
                "groundingTypes": v_only("_GoogleMaps_to_mldev raises for grounding_types"),
            },
            g.AuthConfig: {
                k: v_only(f"_AuthConfig_to_mldev raises for {s}")
                for k, s in [
                    ("apiKeyConfig", "api_key_config"),
                    ("authType", "auth_type"),
                    ("googleServiceAccountConfig", "google_service_account_config"),
                    ("httpBasicAuthConfig", "http_basic_auth_config"),
                    ("oauthConfig", "oauth_config"),
                    ("oidcConfig", "oidc_config"),
                ]
            },
            g.SafetySetting: {
                "method": v_only("_SafetySetting_to_mldev raises for method"),
            },
            g.ImageConfig: {
                "personGeneration": v_only("_ImageConfig_to_mldev raises for person_generation"),
                "prominentPeople": v_only("_ImageConfig_to_mldev raises for prominent_people"),
                "imageOutputOptions": v_only(
                    "_ImageConfig_to_mldev raises for image_output_options"
                ),
                "outputMimeType": sdk_side_image.format("_ImageConfig_to_mldev raises"),
                "outputCompressionQuality": sdk_side_image.format("_ImageConfig_to_mldev raises"),
            },
        },
    )
    vertex = _Policy(
        "vertex",
        add={
            g.GenerationConfig: {
                "imageConfig": g.ImageConfig,
                # _GenerateContentConfig_to_vertex: model_selection_config -> "modelConfig"
                "modelConfig": g.ModelSelectionConfig,
            }
        },
        forbid={
            req: {
                "store": g_only("_GenerateContentConfig_to_vertex raises for store"),
            },
            g.GenerationConfig: {
                "enableEnhancedCivicAnswers": g_only(
                    "_GenerateContentConfig_to_vertex raises for enable_enhanced_civic_answers"
                ),
                "modelSelectionConfig": (
                    "not a wire key on Vertex AI: _GenerateContentConfig_to_vertex sends "
                    "model_selection_config as generationConfig.modelConfig"
                ),
            },
            g.Part: {
                "toolCall": g_only("_Part_to_vertex raises for tool_call"),
                "toolResponse": g_only("_Part_to_vertex raises for tool_response"),
                "partMetadata": g_only("_Part_to_vertex raises for part_metadata"),
            },
            g.FunctionResponse: {
                "willContinue": g_only("_FunctionResponse_to_vertex raises for will_continue"),
            },
            g.FunctionResponsePart: {
                "mediaProcessing": g_only(
                    "_FunctionResponsePart_to_vertex raises for media_processing"
                ),
            },
            g.ToolConfig: {
                "includeServerSideToolInvocations": g_only(
                    "_ToolConfig_to_vertex raises for include_server_side_tool_invocations"
                ),
            },
            g.Tool: {
                "fileSearch": g_only("_Tool_to_vertex raises for file_search"),
            },
            g.McpServer: {
                "name": g_only("_McpServer_to_vertex raises for name"),
                "streamableHttpTransport": g_only(
                    "_McpServer_to_vertex raises for streamable_http_transport"
                ),
            },
            g.ReplicatedVoiceConfig: {
                "consentAudio": g_only("_ReplicatedVoiceConfig_to_vertex raises for consent_audio"),
                "voiceConsentSignature": g_only(
                    "_ReplicatedVoiceConfig_to_vertex raises for voice_consent_signature"
                ),
            },
            g.ImageConfig: {
                "outputMimeType": sdk_side_image.format(
                    "_ImageConfig_to_vertex sends it as imageOutputOptions.mimeType"
                ),
                "outputCompressionQuality": sdk_side_image.format(
                    "_ImageConfig_to_vertex sends it as imageOutputOptions.compressionQuality"
                ),
            },
        },
    )
    sdk_only = {
        "sdkHttpResponse": "not a wire key: SDK-only field (filled from HTTP headers)",
        "automaticFunctionCallingHistory": "not a wire key: SDK-only field (client-side AFC)",
        "parsed": "not a wire key: SDK-only field (client-side parsing)",
    }
    gemini_resp = _Policy(
        "gemini-response",
        add={g.CitationMetadata: {"citationSources": list[g.Citation]}},
        forbid={
            g.GenerateContentResponse: sdk_only,
            g.CitationMetadata: {
                "citations": (
                    "the Developer API sends citationSources (_CitationMetadata_from_mldev "
                    "renames it to citations)"
                )
            },
        },
    )
    vertex_resp = _Policy("vertex-response", forbid={g.GenerateContentResponse: sdk_only})
    _gemini_cache.update(
        request=req,
        response=g.GenerateContentResponse,
        gemini=gemini,
        vertex=vertex,
        gemini_resp=gemini_resp,
        vertex_resp=vertex_resp,
    )
    return _gemini_cache


def check_gemini_request(p: Any, surface: Literal["gemini", "vertex"] = "gemini") -> list[str]:
    """REST body of models.generateContent / streamGenerateContent (camelCase keys)."""
    if surface not in ("gemini", "vertex"):
        raise ValueError(f"surface must be 'gemini' or 'vertex', not {surface!r}")
    s = _gemini_setup()
    return conform(p, s["request"], _policy=s[surface])


def check_gemini_response(p: Any, surface: Literal["gemini", "vertex"] = "gemini") -> list[str]:
    """Body of a generateContent response, or one streamGenerateContent chunk (camelCase keys)."""
    if surface not in ("gemini", "vertex"):
        raise ValueError(f"surface must be 'gemini' or 'vertex', not {surface!r}")
    s = _gemini_setup()
    return conform(p, s["response"], _policy=s[surface + "_resp"])


# ---------------------------------------------------------------------------------------------
# Registries by interlingua format id
# ---------------------------------------------------------------------------------------------


def _gemini_request(p: Any) -> list[str]:
    return check_gemini_request(p, "gemini")


def _vertex_request(p: Any) -> list[str]:
    return check_gemini_request(p, "vertex")


def _gemini_response(p: Any) -> list[str]:
    return check_gemini_response(p, "gemini")


def _vertex_response(p: Any) -> list[str]:
    return check_gemini_response(p, "vertex")


def _gemini_stream_error(p: Any) -> list[str] | None:
    """An error inside a Gemini stream: a data line that is only ``{"error": {code, message,
    status, details}}`` (google-genai's ``request_streamed`` raises ``APIError`` with
    ``error.code`` as the HTTP status when a chunk starts with ``{"error":``); None when
    ``p`` is not one."""
    if not (isinstance(p, dict) and set(p) == {"error"}):
        return None
    err = p["error"]
    if not isinstance(err, dict):
        return ["$.error: expected an object"]
    errors = [f"$.error.{k}: unknown key" for k in err
              if k not in ("code", "message", "status", "details")]
    if not (isinstance(err.get("code"), int) and 400 <= err["code"] < 600):
        errors.append("$.error.code: expected an HTTP status (the SDK raises by it)")
    if not isinstance(err.get("message"), str):
        errors.append("$.error.message: expected a string")
    if "status" in err and not isinstance(err["status"], str):
        errors.append("$.error.status: expected a string")
    if "details" in err and not isinstance(err["details"], list):
        errors.append("$.error.details: expected an array")
    if next(iter(p)) != "error":
        errors.append("$: the SDK recognises an error chunk by its text starting with "
                      '{"error":')
    return errors


def _gemini_chunk(p: Any) -> list[str]:
    error = _gemini_stream_error(p)
    return error if error is not None else check_gemini_response(p, "gemini")


def _vertex_chunk(p: Any) -> list[str]:
    error = _gemini_stream_error(p)
    return error if error is not None else check_gemini_response(p, "vertex")


#: Request-body checker per format id.
REQUEST_CHECKERS: dict[str, typing.Callable[[Any], list[str]]] = {
    "openai.chat": check_openai_chat_request,
    "openai.responses": check_openai_responses_request,
    "openai.completions": check_openai_completions_request,
    "anthropic.messages": check_anthropic_request,
    "google.gemini": _gemini_request,
    "google.vertex": _vertex_request,
}

#: Non-streaming response-body checker per format id.
RESPONSE_CHECKERS: dict[str, typing.Callable[[Any], list[str]]] = {
    "openai.chat": check_openai_chat_response,
    "openai.responses": check_openai_responses_response,
    "openai.completions": check_openai_completion_response,
    "anthropic.messages": check_anthropic_response,
    "google.gemini": _gemini_response,
    "google.vertex": _vertex_response,
}

#: Checker for one decoded stream event (SSE ``data:`` payload) per format id.  Legacy
#: completions stream ``Completion`` objects (``finish_reason: null`` allowed on all but a
#: choice's last chunk); Gemini streams ``GenerateContentResponse`` chunks.
STREAM_EVENT_CHECKERS: dict[str, typing.Callable[[Any], list[str]]] = {
    "openai.chat": check_openai_chat_chunk,
    "openai.responses": check_openai_responses_event,
    "openai.completions": check_openai_completion_chunk,
    "anthropic.messages": check_anthropic_event,
    "google.gemini": _gemini_chunk,
    "google.vertex": _vertex_chunk,
}


# ---------------------------------------------------------------------------------------------
# Dialects: the base format's SDK types plus an explicit allowlist of each dialect's
# documented extra fields, per location (see docs/dialects.md for the sources)
# ---------------------------------------------------------------------------------------------
#
# A dialect payload conforms when (1) every allowlisted extra field found at its location has
# the documented type, and (2) what is left once those fields are taken out conforms to the
# base format's SDK types (unknown keys still rejected). Locations are key paths where "*"
# stands for every item of a list: ("messages", "*") is each message.


class _OpenRouterDetail(TypedDict, total=False):
    type: Required[
        Literal["reasoning.text", "reasoning.summary", "reasoning.encrypted",
                "reasoning.server_tool_call"]
    ]
    id: str | None
    format: str | None
    index: int
    text: str | None
    signature: str | None
    summary: str
    data: str
    tool_call_id: str | None
    tool_name: str
    arguments: str
    result: str


class _MiniMaxDetail(TypedDict, total=False):
    type: Required[Literal["reasoning.text"]]
    id: str
    format: str
    index: int
    text: Required[str]


class _CacheControl(TypedDict, total=False):
    type: Required[Literal["ephemeral"]]
    ttl: Literal["5m", "1h"]


class _OpenRouterReasoning(TypedDict, total=False):
    effort: Literal["max", "xhigh", "high", "medium", "low", "minimal", "none"] | None
    max_tokens: int | None
    exclude: bool
    enabled: bool | None
    summary: Literal["auto", "concise", "detailed"] | None
    context: str | None
    mode: str | None


class _Thinking(TypedDict, total=False):
    type: Required[Literal["enabled", "disabled", "adaptive", "auto"]]
    clear_thinking: bool


class _GoogleSignature(TypedDict, total=False):
    thought_signature: str


class _GoogleExtraContent(TypedDict, total=False):
    google: _GoogleSignature


class _GoogleThinkingConfig(TypedDict, total=False):
    thinking_budget: int
    thinking_level: Literal["minimal", "low", "medium", "high", "MINIMAL", "LOW", "MEDIUM",
                            "HIGH"]
    include_thoughts: bool


class _GoogleExtraBodyGoogle(TypedDict, total=False):
    thinking_config: _GoogleThinkingConfig
    cached_content: str
    safety_settings: list[dict[str, Any]]


class _GoogleExtraBody(TypedDict, total=False):
    google: _GoogleExtraBodyGoogle


_Loc = tuple[str, ...]
_Allow = dict[_Loc, dict[str, Any]]
_JSON = dict[str, Any]


def _locations(value: Any, loc: _Loc) -> list[tuple[dict[str, Any], str]]:
    """(object, path) for every object at ``loc`` in ``value``."""
    found: list[tuple[Any, str]] = [(value, "$")]
    for seg in loc:
        nxt: list[tuple[Any, str]] = []
        for v, p in found:
            if seg == "*":
                if isinstance(v, list):
                    nxt += [(x, f"{p}[{i}]") for i, x in enumerate(v)]
            elif isinstance(v, dict) and seg in v:
                nxt.append((v[seg], f"{p}.{seg}"))
        found = nxt
    return [(v, p) for v, p in found if isinstance(v, dict)]


def _strip(value: Any, allow: _Allow) -> tuple[Any, list[str]]:
    """A copy of ``value`` without the allowlisted fields, and the type errors of those."""
    import copy

    body = copy.deepcopy(value)
    errors: list[str] = []
    # Deepest locations first, so a parent's allowed field is checked with its children.
    for loc in sorted(allow, key=len, reverse=True):
        for obj_, path in _locations(body, loc):
            for key, tp in allow[loc].items():
                if key in obj_:
                    errors += conform(obj_.pop(key), tp, f"{path}.{key}")
    return body, errors


def _dialect(base: typing.Callable[[Any], list[str]], allow: _Allow
             ) -> typing.Callable[[Any], list[str]]:
    def check(p: Any) -> list[str]:
        body, errors = _strip(p, allow)
        return errors + base(body)

    return check


_MSG: _Loc = ("messages", "*")
_CHOICE: _Loc = ("choices", "*")
_MESSAGE: _Loc = ("choices", "*", "message")
_DELTA: _Loc = ("choices", "*", "delta")
_PARTS: _Loc = ("messages", "*", "content", "*")
_RC = {"reasoning_content": str | None}

_OPENROUTER_REQUEST: _Allow = {
    (): {"provider": _JSON, "models": list[str], "route": str, "transforms": list[str],
         "plugins": list[_JSON], "usage": _JSON, "reasoning": _OpenRouterReasoning,
         "top_k": int, "min_p": float, "top_a": float, "repetition_penalty": float,
         "session_id": str, "debug": _JSON, "trace": _JSON, "cache_control": _CacheControl,
         "include_reasoning": bool, "image_config": _JSON},
    _MSG: {"reasoning": str | None, "reasoning_content": str | None,
           "reasoning_details": list[_OpenRouterDetail], "cache_control": _CacheControl},
    _PARTS: {"cache_control": _CacheControl},
}
_OPENROUTER_RESPONSE: _Allow = {
    (): {"provider": str, "openrouter_metadata": _JSON},
    _CHOICE: {"native_finish_reason": str | None},
    _MESSAGE: {"reasoning": str | None, "reasoning_details": list[_OpenRouterDetail]},
    ("usage",): {"cost": float | None, "is_byok": bool, "cost_details": _JSON,
                 "server_tool_use_details": _JSON},
}
_OPENROUTER_CHUNK: _Allow = {
    (): {"provider": str, "openrouter_metadata": _JSON},
    _CHOICE: {"native_finish_reason": str | None},
    _DELTA: {"reasoning": str | None, "reasoning_details": list[_OpenRouterDetail]},
    ("usage",): {"cost": float | None, "is_byok": bool, "cost_details": _JSON},
}
_VLLM_REQUEST: _Allow = {
    (): {k: tp for k, tp in (
        ("top_k", int), ("min_p", float), ("repetition_penalty", float),
        ("length_penalty", float), ("min_tokens", int), ("stop_token_ids", list[int]),
        ("ignore_eos", bool), ("include_stop_str_in_output", bool), ("best_of", int),
        ("use_beam_search", bool), ("skip_special_tokens", bool),
        ("spaces_between_special_tokens", bool), ("truncate_prompt_tokens", int),
        ("prompt_logprobs", int), ("allowed_token_ids", list[int]), ("bad_words", list[str]),
        ("echo", bool), ("add_generation_prompt", bool), ("continue_final_message", bool),
        ("add_special_tokens", bool), ("documents", list[dict[str, str]]),
        ("chat_template", str), ("chat_template_kwargs", _JSON), ("mm_processor_kwargs", _JSON),
        ("guided_json", _JSON | str), ("guided_regex", str), ("guided_choice", list[str]),
        ("guided_grammar", str), ("structural_tag", str), ("guided_decoding_backend", str),
        ("guided_whitespace_pattern", str), ("structured_outputs", _JSON), ("priority", int),
        ("request_id", str), ("cache_salt", str), ("kv_transfer_params", _JSON),
        ("vllm_xargs", _JSON), ("return_tokens_as_token_ids", bool),
        ("include_reasoning", bool))},
    ("stream_options",): {"continuous_usage_stats": bool},
    _MSG: {"reasoning_content": str | None, "reasoning": str | None},
}
_VLLM_RESPONSE: _Allow = {
    (): {"prompt_logprobs": list[Any] | None, "kv_transfer_params": _JSON | None,
         "prompt_token_ids": list[int] | None},
    _CHOICE: {"stop_reason": int | str | None},
    _MESSAGE: {"reasoning_content": str | None, "reasoning": str | None},
}
_VLLM_CHUNK: _Allow = {
    _CHOICE: {"stop_reason": int | str | None},
    _DELTA: {"reasoning_content": str | None, "reasoning": str | None},
}
_XAI_REQUEST: _Allow = {(): {"search_parameters": _JSON}, _MSG: _RC}
_XAI_RESPONSE: _Allow = {
    (): {"citations": list[Any]},
    _MESSAGE: _RC,
    ("usage",): {"num_sources_used": int, "cost_in_usd_ticks": int},
}
_XAI_CHUNK: _Allow = {(): {"citations": list[Any]}, _DELTA: _RC,
                      ("usage",): {"num_sources_used": int, "cost_in_usd_ticks": int}}
_DEEPSEEK_REQUEST: _Allow = {(): {"thinking": _Thinking}, _MSG: {**_RC, "prefix": bool}}
_DEEPSEEK_RESPONSE: _Allow = {
    _MESSAGE: _RC,
    ("usage",): {"prompt_cache_hit_tokens": int, "prompt_cache_miss_tokens": int},
}
_DEEPSEEK_CHUNK: _Allow = {
    _DELTA: _RC,
    ("usage",): {"prompt_cache_hit_tokens": int, "prompt_cache_miss_tokens": int},
}
_ZHIPU_REQUEST: _Allow = {
    (): {"thinking": _Thinking, "do_sample": bool, "request_id": str, "user_id": str,
         "tool_stream": bool},
    _MSG: _RC,
}
_ZHIPU_RESPONSE: _Allow = {(): {"request_id": str}, _MESSAGE: _RC}
_ZHIPU_CHUNK: _Allow = {(): {"request_id": str}, _DELTA: _RC}
_MOONSHOT_REQUEST: _Allow = {(): {"thinking": _Thinking}, _MSG: {**_RC, "partial": bool}}
_MOONSHOT_RESPONSE: _Allow = {_MESSAGE: _RC, ("usage",): {"cached_tokens": int}}
_MOONSHOT_CHUNK: _Allow = {_DELTA: _RC, ("usage",): {"cached_tokens": int},
                           _CHOICE: {"usage": _JSON}}
_MINIMAX_REQUEST: _Allow = {(): {"thinking": _Thinking, "reasoning_split": bool},
                            _MSG: {"reasoning_details": list[_MiniMaxDetail]}}
_MINIMAX_RESPONSE: _Allow = {
    (): {"base_resp": _JSON, "input_sensitive": bool, "output_sensitive": bool},
    _MESSAGE: {"reasoning_details": list[_MiniMaxDetail]},
}
_MINIMAX_CHUNK: _Allow = {(): {"base_resp": _JSON},
                          _DELTA: {"reasoning_details": list[_MiniMaxDetail]}}
_GOOGLE_OPENAI_REQUEST: _Allow = {
    (): {"extra_body": _GoogleExtraBody},
    _MSG: {"extra_content": _GoogleExtraContent},
    ("messages", "*", "tool_calls", "*"): {"extra_content": _GoogleExtraContent},
}
_GOOGLE_OPENAI_RESPONSE: _Allow = {
    _MESSAGE: {"extra_content": _GoogleExtraContent},
    ("choices", "*", "message", "tool_calls", "*"): {"extra_content": _GoogleExtraContent},
}
_GOOGLE_OPENAI_CHUNK: _Allow = {
    _DELTA: {"extra_content": _GoogleExtraContent},
    ("choices", "*", "delta", "tool_calls", "*"): {"extra_content": _GoogleExtraContent},
}


def _check_anthropic_host(version: str, *, betas_in_body: bool, stream_key: bool
                          ) -> typing.Callable[[Any], list[str]]:
    """Vertex / Bedrock: the Anthropic body with ``anthropic_version`` and no ``model``."""

    def check(p: Any) -> list[str]:
        if not isinstance(p, dict):
            return [f"$: expected object, got {_json_kind(p)}"]
        errors = []
        body = dict(p)
        if body.pop("anthropic_version", None) != version:
            errors.append(f"$.anthropic_version: must be {version!r}")
        if "model" in body:
            errors.append("$.model: the model goes in the URL, not the body")
        if "anthropic_beta" in body:
            if betas_in_body:
                errors += conform(body.pop("anthropic_beta"), list[str], "$.anthropic_beta")
            else:
                errors.append("$.anthropic_beta: betas go in the anthropic-beta header")
        if "stream" in body and not stream_key:
            errors.append("$.stream: streaming is the endpoint (InvokeModelWithResponseStream)")
        return errors + check_anthropic_request({**body, "model": "claude-host-model"})

    return check


def _check_bedrock_event(p: Any) -> list[str]:
    if isinstance(p, dict) and p.get("type") == "message_stop":
        p = {k: v for k, v in p.items() if k != "amazon-bedrock-invocationMetrics"}
    return check_anthropic_event(p)


_DIALECTS: dict[str, tuple[Any, Any, Any]] = {
    "openrouter.chat": (_OPENROUTER_REQUEST, _OPENROUTER_RESPONSE, _OPENROUTER_CHUNK),
    "vllm.chat": (_VLLM_REQUEST, _VLLM_RESPONSE, _VLLM_CHUNK),
    "xai.chat": (_XAI_REQUEST, _XAI_RESPONSE, _XAI_CHUNK),
    "deepseek.chat": (_DEEPSEEK_REQUEST, _DEEPSEEK_RESPONSE, _DEEPSEEK_CHUNK),
    "zhipu.chat": (_ZHIPU_REQUEST, _ZHIPU_RESPONSE, _ZHIPU_CHUNK),
    "moonshot.chat": (_MOONSHOT_REQUEST, _MOONSHOT_RESPONSE, _MOONSHOT_CHUNK),
    "minimax.chat": (_MINIMAX_REQUEST, _MINIMAX_RESPONSE, _MINIMAX_CHUNK),
    "google.openai": (_GOOGLE_OPENAI_REQUEST, _GOOGLE_OPENAI_RESPONSE, _GOOGLE_OPENAI_CHUNK),
}

#: Dialect allowlists by format id: (request, response, stream chunk).
DIALECT_ALLOWLISTS = dict(_DIALECTS)

for _fid, (_req, _resp, _chunk) in _DIALECTS.items():
    REQUEST_CHECKERS[_fid] = _dialect(check_openai_chat_request, _req)
    RESPONSE_CHECKERS[_fid] = _dialect(check_openai_chat_response, _resp)
    STREAM_EVENT_CHECKERS[_fid] = _dialect(check_openai_chat_chunk, _chunk)

REQUEST_CHECKERS["zhipu.anthropic"] = check_anthropic_request
RESPONSE_CHECKERS["zhipu.anthropic"] = check_anthropic_response
STREAM_EVENT_CHECKERS["zhipu.anthropic"] = check_anthropic_event
REQUEST_CHECKERS["vertex.anthropic"] = _check_anthropic_host(
    "vertex-2023-10-16", betas_in_body=False, stream_key=True)
RESPONSE_CHECKERS["vertex.anthropic"] = check_anthropic_response
STREAM_EVENT_CHECKERS["vertex.anthropic"] = check_anthropic_event
REQUEST_CHECKERS["bedrock.anthropic"] = _check_anthropic_host(
    "bedrock-2023-05-31", betas_in_body=True, stream_key=False)
RESPONSE_CHECKERS["bedrock.anthropic"] = check_anthropic_response
STREAM_EVENT_CHECKERS["bedrock.anthropic"] = _check_bedrock_event
