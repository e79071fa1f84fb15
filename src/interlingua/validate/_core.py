"""The validator's data types (diagnostics, fixes, rules) and the per-call context."""

from __future__ import annotations

import contextlib
import re
from typing import Any, Literal, TypeGuard

import msgspec

from ..models import ModelInfo

Severity = Literal["error", "warning"]
Layer = Literal["schema", "structure", "model", "limits"]
Kind = Literal["request", "response", "event"]


class Fix(msgspec.Struct, frozen=True, kw_only=True):
    """A safe repair of one diagnostic.

    Attributes:
        description: what the fix does, in words ("remove `top_k`").
        patch: the change as JSON Patch operations (RFC 6902: ``add``, ``remove``,
            ``replace``, ``move``) with JSON Pointer paths into the payload, so any language
            can apply it. :func:`interlingua.repair` applies them.
    """

    description: str
    patch: tuple[dict[str, Any], ...]


class Diagnostic(msgspec.Struct, frozen=True, kw_only=True):
    """One finding of :func:`interlingua.validate`.

    Attributes:
        path: JSON path of the offending value (``$`` is the payload itself), in the style
            of :class:`interlingua.InvalidPayloadError` (``$.messages[2].content[0]``).
        severity: ``"error"`` when the vendor would reject the payload (a 4xx), else
            ``"warning"`` (likely a problem, or a rule we cannot be sure applies).
        rule: a stable rule id, e.g. ``"anthropic.thinking.temperature"`` (``docs/validation.md``
            lists them all).
        message: what is wrong, in words, with the values involved.
        vendor_error: the error text the vendor returns for this, where it is known.
        source: where the rule comes from: a documentation URL or a public issue
            (``owner/repo#N``).
        fix: a safe repair, where one exists (see :func:`interlingua.repair`).
        layer: ``"schema"``, ``"structure"``, ``"model"`` or ``"limits"``.
    """

    path: str
    severity: Severity
    rule: str
    message: str
    vendor_error: str | None = None
    source: str | None = None
    fix: Fix | None = None
    layer: Layer = "structure"

    def __str__(self) -> str:
        return f"{self.path}: {self.severity}: {self.message} [{self.rule}]"


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """A rule of the catalogue (``interlingua.validate.RULES``).

    ``formats`` names the format families or format ids the rule applies to (empty: all);
    ``vendor_error`` may hold ``{placeholders}`` filled in per diagnostic.
    """

    id: str
    layer: Layer
    severity: Severity
    title: str
    source: str
    formats: tuple[str, ...] = ()
    vendor_error: str | None = None
    fixable: bool = False


class Target(msgspec.Struct, frozen=True, kw_only=True):
    """The format being validated, resolved: its id, family and surface."""

    id: str
    #: "openai.chat" | "openai.responses" | "openai.completions" | "anthropic.messages" |
    #: "google.gemini"
    family: str
    #: google: "gemini" | "vertex"; anthropic: "anthropic" | "vertex" | "bedrock"; else "".
    surface: str = ""
    #: the schemas/ file prefix, or None when there is no published schema for the id.
    schema: str | None = None
    #: a dialect (compatible endpoint): unknown keys are not flagged.
    open: bool = False


_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


def key_path(path: str, key: str) -> str:
    """``path`` + one object key, in the library's JSON path style."""
    return f"{path}.{key}" if _IDENT.match(key) else f"{path}[{key!r}]"


def pointer(*parts: str | int) -> str:
    """A JSON Pointer (RFC 6901) from path segments."""
    out = []
    for part in parts:
        text = str(part).replace("~", "~0").replace("/", "~1")
        out.append(text)
    return "/" + "/".join(out) if out else ""


class Ctx:
    """State of one validation: the payload, what it is, and the diagnostics so far."""

    __slots__ = ("kind", "model", "model_name", "out", "payload", "target")

    def __init__(self, payload: Any, target: Target, kind: Kind, model_name: str | None,
                 model: ModelInfo | None) -> None:
        self.payload = payload
        self.target = target
        self.kind = kind
        self.model_name = model_name
        self.model = model
        self.out: list[Diagnostic] = []

    def report(self, rule_id: str, path: str, message: str, *, fix: Fix | None = None,
               severity: Severity | None = None, vendor_error: str | None = None,
               **values: Any) -> None:
        """Record a diagnostic of ``rule_id``; ``values`` fill the vendor error template
        (``vendor_error`` replaces it; ``""`` drops it)."""
        from .rules import RULES, applies

        if not applies(rule_id, self.target.id, self.target.family):
            return
        rule = RULES[rule_id]
        vendor = vendor_error if vendor_error is not None else rule.vendor_error
        vendor = vendor or None          # "" means: the vendor's wording is not known here
        if vendor_error is None and vendor is not None and values:
            with contextlib.suppress(KeyError, IndexError, ValueError):
                vendor = vendor.format(**values)
        self.out.append(Diagnostic(path=path, severity=severity or rule.severity,
                                   rule=rule_id, message=message, vendor_error=vendor,
                                   source=rule.source, fix=fix, layer=rule.layer))


def fix(description: str, *ops: dict[str, Any]) -> Fix:
    return Fix(description=description, patch=tuple(ops))


def remove(ptr: str) -> dict[str, Any]:
    return {"op": "remove", "path": ptr}


def replace(ptr: str, value: Any) -> dict[str, Any]:
    return {"op": "replace", "path": ptr, "value": value}


def move(src: str, dst: str) -> dict[str, Any]:
    return {"op": "move", "from": src, "path": dst}


def is_num(value: Any) -> TypeGuard[int | float]:
    return type(value) in (int, float)


def as_list(value: Any) -> list[Any]:
    return value if type(value) is list else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}
