"""Offline validation: predict the vendor's 4xx before sending a payload.

    >>> import interlingua
    >>> for d in interlingua.validate(body, format="anthropic.messages"):
    ...     print(d.path, d.severity, d.rule, d.message)
    >>> fixed = interlingua.repair(body, format="anthropic.messages")
    >>> fixed.payload, fixed.changes

Four layers, each a list of rules with a stable id (``RULES``, ``docs/validation.md``):

1. schema: the published JSON Schemas in ``schemas/`` (generated from the vendors' SDK
   types), checked with ``jsonschema`` (the ``interlingua[validate]`` extra);
2. structure: tool calls and results paired and ordered, roles, ids and names, empty
   content;
3. model: what the target model accepts, from the model capability table
   (``interlingua.models``): thinking and sampling, budgets, efforts, roles, signatures;
4. limits: request and image sizes, image pixels and counts, data URIs, string lengths and
   an estimate of the tokens against the context window.

An ``error`` means the vendor would reject the payload; a ``warning`` is anything less
certain. :func:`repair` applies the safe fixes (never to the input; every change listed).
"""

from __future__ import annotations

import copy
import json
import sys
import types
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import msgspec

from .. import models
from ..errors import UnknownFormatError
from . import anthropic, gemini, openai, schema
from . import limits as limits_mod
from ._core import Ctx, Diagnostic, Fix, Kind, Rule, Target
from .rules import RULES

__all__ = ["KINDS", "RULES", "Change", "Diagnostic", "Fix", "PatchError", "Repaired", "Rule",
           "Target", "apply_patch", "check_batch", "repair", "resolve", "validate"]

KINDS: tuple[Kind, ...] = ("request", "response", "event")

_BASES: dict[str, Target] = {
    "openai.chat": Target(id="openai.chat", family="openai.chat", schema="openai.chat"),
    "openai.responses": Target(id="openai.responses", family="openai.responses",
                               schema="openai.responses"),
    "openai.completions": Target(id="openai.completions", family="openai.completions",
                                 schema="openai.completions"),
    "anthropic.messages": Target(id="anthropic.messages", family="anthropic.messages",
                                 surface="anthropic", schema="anthropic.messages"),
    "google.gemini": Target(id="google.gemini", family="google.gemini", surface="gemini",
                            schema="google.gemini"),
    "google.vertex": Target(id="google.vertex", family="google.gemini", surface="vertex",
                            schema="google.vertex"),
}
_SURFACES = {"vertex.anthropic": "vertex", "bedrock.anthropic": "bedrock"}


@lru_cache(maxsize=1)
def _known() -> dict[str, Target]:
    """Base formats plus every dialect ``schemas/index.json`` lists."""
    known = dict(_BASES)
    index = schema.schema_dir() / "index.json"
    if index.is_file():
        doc = json.loads(index.read_text(encoding="utf-8"))
        for fid, entry in doc.get("formats", {}).items():
            base = entry.get("base")
            if fid in known or base not in known:
                continue
            b = known[base]
            known[fid] = Target(id=fid, family=b.family,
                                surface=_SURFACES.get(fid, b.surface), schema=fid, open=True)
    return known


def _family_of(format_id: str) -> Target | None:
    """An unknown (newly registered) format: its base family from its class, else its id."""
    from ..registry import get_format

    try:
        cls = type(get_format(format_id))
        for klass in cls.__mro__[1:]:
            base = getattr(klass, "id", None)
            if isinstance(base, str) and base in _BASES:
                b = _BASES[base]
                return Target(id=format_id, family=b.family, surface=b.surface,
                              schema=b.schema, open=True)
    except Exception:  # a half-built format must not break validation of its base
        pass
    suffixes = {".chat": "openai.chat", ".anthropic": "anthropic.messages",
                ".responses": "openai.responses", ".gemini": "google.gemini"}
    for suffix, base in suffixes.items():
        if format_id.endswith(suffix):
            b = _BASES[base]
            return Target(id=format_id, family=b.family, surface=b.surface, schema=b.schema,
                          open=True)
    return None


def resolve(format: str) -> Target:
    """The :class:`Target` for a format id or alias (raises :class:`UnknownFormatError`)."""
    known = _known()
    if format in known:
        return known[format]
    from .. import registry

    try:
        canonical = registry.resolve(format)
    except UnknownFormatError:
        raise UnknownFormatError(format, sorted(set(known) | set(registry.formats()))) \
            from None
    if canonical in known:
        return known[canonical]
    target = _family_of(canonical)
    if target is None:
        raise UnknownFormatError(format, sorted(set(known) | set(registry.formats())))
    return target


def validate(payload: Any, format: str = "anthropic.messages", kind: Kind = "request",
             model: str | None = None, *, schema: bool = True,
             limits: bool = True) -> list[Diagnostic]:
    """Check ``payload`` against what the vendor of ``format`` accepts.

    Args:
        payload: the decoded JSON body (never mutated).
        format: a format id or alias (``interlingua.formats()``, plus the dialect ids and
            ``google.gemini`` / ``google.vertex``).
        kind: ``"request"``, ``"response"`` or ``"event"`` (one stream event: the JSON of an
            SSE ``data:`` line). Layers 2-4 apply to requests.
        model: the model the payload goes to; defaults to the payload's ``model`` (Gemini
            and Bedrock / Vertex Claude bodies have none: pass it).
        schema: run layer 1 (needs ``jsonschema``: ``pip install 'interlingua[validate]'``).
        limits: run layer 4 (sizes, images, the token estimate).

    Returns:
        The diagnostics, errors and warnings, in payload order within each layer. No error
        means the vendor is expected to accept the payload.

    Raises:
        UnknownFormatError: ``format`` is not a known format id.
        ImportError: ``schema=True`` and ``jsonschema`` is not installed.
        ValueError: ``kind`` is not one of :data:`KINDS`.
    """
    target = resolve(format)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    model_name = model
    if model_name is None and isinstance(payload, Mapping):
        m = payload.get("model")
        model_name = m if isinstance(m, str) else None
    info = models.lookup(model_name) if model_name else None
    if isinstance(payload, Mapping) and not isinstance(payload, dict):
        payload = dict(payload)
    ctx = Ctx(payload, target, kind, model_name, info)
    if not isinstance(payload, dict):
        ctx.report("schema.type", "$", f"expected a JSON object, got {type(payload).__name__}")
        return ctx.out
    if schema and target.schema is not None:
        _schema_layer(ctx, f"{target.schema}.{kind}")
    if kind == "request":
        images: list[limits_mod.Image] = []
        _CHECKERS[target.family](ctx, images)
        if model_name and info is None:
            ctx.report("model.unknown", "$.model" if "model" in payload else "$",
                       f"model {model_name!r} is not in the capability table: model rules "
                       "were skipped")
        if limits:
            limits_mod.check(ctx, images)
    elif target.family == "openai.chat":
        openai.check_chat_output(ctx)
    return _dedupe(ctx.out)



def _schema_layer(ctx: Ctx, name: str) -> None:
    schema.check(ctx, name)
    if ctx.target.open:
        ctx.out[:] = [d for d in ctx.out if d.rule != "schema.unknown-field"]


_CHECKERS = {
    "openai.chat": openai.check_chat,
    "openai.responses": openai.check_responses,
    "openai.completions": openai.check_completions,
    "anthropic.messages": anthropic.check_request,
    "google.gemini": gemini.check_request,
}


def _dedupe(out: list[Diagnostic]) -> list[Diagnostic]:
    """A specific rule wins over the generic schema finding at the same path."""
    specific = {d.path for d in out if d.layer != "schema"}
    if not specific:
        return out
    return [d for d in out if d.layer != "schema" or d.path not in specific]


# -- repair -------------------------------------------------------------------------------

class Change(msgspec.Struct, frozen=True, kw_only=True):
    """One fix :func:`repair` applied: the rule, where, what, and the JSON Patch it ran."""

    rule: str
    path: str
    description: str
    patch: tuple[dict[str, Any], ...]

    def __str__(self) -> str:
        return f"{self.path}: {self.description} [{self.rule}]"


class Repaired(msgspec.Struct, kw_only=True):
    """What :func:`repair` returns.

    Attributes:
        payload: the repaired payload (a new object; the input is untouched).
        changes: every change applied, in order.
        diagnostics: what :func:`validate` still reports on the repaired payload.
    """

    payload: Any
    changes: list[Change]
    diagnostics: list[Diagnostic]

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


class PatchError(ValueError):
    """A JSON Patch operation does not apply to the document."""


def _parse_pointer(ptr: str) -> list[str]:
    if ptr == "":
        return []
    if not ptr.startswith("/"):
        raise PatchError(f"not a JSON pointer: {ptr!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def _walk(doc: Any, parts: list[str]) -> Any:
    node = doc
    for part in parts:
        if isinstance(node, dict):
            if part not in node:
                raise PatchError(f"no key {part!r}")
            node = node[part]
        elif isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                raise PatchError(f"no index {part!r}") from None
        else:
            raise PatchError(f"cannot descend into {type(node).__name__}")
    return node


def _take(doc: Any, ptr: str) -> Any:
    parts = _parse_pointer(ptr)
    if not parts:
        raise PatchError("cannot remove the document itself")
    parent = _walk(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"no key {last!r}")
        return parent.pop(last)
    if isinstance(parent, list):
        try:
            return parent.pop(int(last))
        except (ValueError, IndexError):
            raise PatchError(f"no index {last!r}") from None
    raise PatchError(f"cannot remove from {type(parent).__name__}")


def _put(doc: Any, ptr: str, value: Any, *, replace: bool) -> None:
    parts = _parse_pointer(ptr)
    if not parts:
        raise PatchError("cannot replace the document itself")
    parent = _walk(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError(f"no key {last!r}")
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-" and not replace:
            parent.append(value)
            return
        try:
            index = int(last)
        except ValueError:
            raise PatchError(f"bad index {last!r}") from None
        if replace:
            if not 0 <= index < len(parent):
                raise PatchError(f"no index {index}")
            parent[index] = value
        else:
            if not 0 <= index <= len(parent):
                raise PatchError(f"no index {index}")
            parent.insert(index, value)
    else:
        raise PatchError(f"cannot write into {type(parent).__name__}")


def apply_patch(doc: Any, patch: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> Any:
    """Apply JSON Patch (RFC 6902) ``add`` / ``remove`` / ``replace`` / ``move`` operations
    to a copy of ``doc`` and return it (raises :class:`PatchError`; ``doc`` is untouched)."""
    out = copy.deepcopy(doc)
    for op in patch:
        kind = op.get("op")
        if kind == "remove":
            _take(out, op["path"])
        elif kind == "replace":
            _put(out, op["path"], copy.deepcopy(op["value"]), replace=True)
        elif kind == "add":
            _put(out, op["path"], copy.deepcopy(op["value"]), replace=False)
        elif kind == "move":
            value = _take(out, op["from"])
            _put(out, op["path"], value, replace=False)
        else:
            raise PatchError(f"unsupported operation {kind!r}")
    return out


def repair(payload: Any, format: str = "anthropic.messages", kind: Kind = "request",
           model: str | None = None, *, warnings: bool = False,
           max_changes: int = 256) -> Repaired:
    """Apply the safe fixes of :func:`validate`'s diagnostics and return the result.

    Fixes are applied one at a time, re-validating after each (a fix can change what else
    is wrong, and array positions move). Only errors are fixed unless ``warnings=True``.
    The input is never mutated; ``Repaired.changes`` lists every change and
    ``Repaired.diagnostics`` what remains.
    """
    work = copy.deepcopy(payload)
    changes: list[Change] = []
    tried: set[tuple[str, str]] = set()
    diagnostics = validate(work, format, kind, model)
    while len(changes) < max_changes:
        todo = [d for d in diagnostics if d.fix is not None and (d.rule, d.path) not in tried
                and (d.severity == "error" or warnings)]
        if not todo:
            break
        d = todo[0]
        tried.add((d.rule, d.path))
        assert d.fix is not None
        try:
            work = apply_patch(work, d.fix.patch)
        except PatchError:
            continue
        changes.append(Change(rule=d.rule, path=d.path, description=d.fix.description,
                              patch=d.fix.patch))
        diagnostics = validate(work, format, kind, model)
    return Repaired(payload=work, changes=changes, diagnostics=diagnostics)


def check_batch(format: str, n_requests: int, n_bytes: int, *,
                aliyun: bool = False) -> list[Diagnostic]:
    """Batch-file limits: ``n_requests`` requests in a file of ``n_bytes`` for ``format``
    (``aliyun=True``: DashScope / Bailian's 500 MB)."""
    return limits_mod.check_batch(resolve(format), n_requests, n_bytes, aliyun=aliyun)


class _CallableModule(types.ModuleType):
    """``interlingua.validate`` is this package and the function at once: importing the
    package binds it as the attribute ``validate`` of ``interlingua``, so the package itself
    calls :func:`validate`."""

    def __call__(self, payload: Any, format: str = "anthropic.messages",
                 kind: Kind = "request", model: str | None = None, **options: Any
                 ) -> list[Diagnostic]:
        return validate(payload, format, kind, model, **options)


sys.modules[__name__].__class__ = _CallableModule
