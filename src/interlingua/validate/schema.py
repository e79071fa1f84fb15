"""Layer 1: the published JSON Schemas (``schemas/``), checked with ``jsonschema``.

Checking a large request with ``jsonschema`` alone costs tens of milliseconds, so each schema
is also compiled here into a boolean checker for the keywords ``scripts/gen_schemas.py``
emits (``type``, ``properties``, ``required``, ``additionalProperties``, ``items``, ``enum``,
``const``, ``anyOf``, ``allOf``, ``if``/``then``/``else``, ``not``, ``$ref`` and the numeric and
length bounds). A payload the compiled checker accepts is valid under the schema; only a
payload it rejects is handed to ``jsonschema``, which lists every error with its path. A
schema with any other keyword is not compiled and always goes to ``jsonschema``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ._core import Ctx, Severity, fix, key_path, pointer, remove

Check = Callable[[Any], bool]

#: Keywords that never affect validity.
_ANNOTATIONS = frozenset({"$schema", "$comment", "$defs", "$id", "title", "description",
                          "default", "examples", "deprecated", "readOnly", "writeOnly",
                          "discriminator", "format"})


class _Unsupported(Exception):
    pass


def schema_dir() -> Path:
    """Where the published schemas live: the installed package's copy, else the checkout's
    top-level ``schemas/``."""
    here = resources.files(__package__) / "schemas"
    if here.is_dir():
        return Path(str(here))
    return Path(__file__).resolve().parents[3] / "schemas"


@lru_cache(maxsize=64)
def load(name: str) -> dict[str, Any] | None:
    """The schema ``schemas/<name>.json`` (e.g. ``openai.chat.request``), or None."""
    path = schema_dir() / f"{name}.json"
    if not path.is_file():
        return None
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


# -- the compiled checker ------------------------------------------------------------------

def _true(value: Any) -> bool:
    return True


def _false(value: Any) -> bool:
    return False


def _is_int(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _is_int,
    "number": _is_num,
}


#: JSON type -> the exact Python types of decoded JSON values.
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "object": (dict,), "array": (list,), "boolean": (bool,),
    "null": (type(None),), "integer": (int,), "number": (int, float),
}


def equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema defines it (``true`` is not ``1``)."""
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    return bool(a == b)


class Compiler:
    """Compiles one schema document into a boolean checker."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        done = self.refs.get(ref)
        if done is not None:
            return done
        if not ref.startswith("#/"):
            raise _Unsupported(ref)
        slot: list[Check] = []

        def lazy(value: Any) -> bool:   # recursion: filled in below
            return slot[0](value)

        self.refs[ref] = lazy
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        compiled = self.compile(node)
        slot.append(compiled)
        self.refs[ref] = compiled
        return compiled

    def compile(self, s: Any) -> Check:
        if s is True:
            return _true
        if s is False:
            return _false
        if not isinstance(s, dict):
            raise _Unsupported(repr(s))
        checks: list[Check] = []
        keys = set(s) - _ANNOTATIONS
        handled: set[str] = set()

        if "$ref" in s:
            checks.append(self.ref(s["$ref"]))
            handled.add("$ref")
        obj = self.object_check(s)
        if "type" in s:
            if s["type"] == "object" and obj is not None:
                checks.append(obj[1])          # the object check also checks the type
                obj = None
            else:
                checks.append(self.type_check(s["type"]))
            handled.add("type")
        if "const" in s:
            const = s["const"]
            if isinstance(const, str):
                checks.append(lambda v: v == const and isinstance(v, str))
            else:
                checks.append(lambda v: equal(v, const))
            handled.add("const")
        if "enum" in s:
            checks.append(self.enum_check(s["enum"]))
            handled.add("enum")
        if obj is not None:
            checks.append(obj[0])
        handled |= {"properties", "required", "additionalProperties"}
        if "items" in s:
            item = self.compile(s["items"])

            def items(v: Any) -> bool:
                if not isinstance(v, list):
                    return True
                for x in v:  # noqa: SIM110 (a loop beats all() + a generator here)
                    if not item(x):
                        return False
                return True

            checks.append(items)
            handled.add("items")
        if "anyOf" in s:
            checks.append(self.any_of(s["anyOf"]))
            handled.add("anyOf")
        if "oneOf" in s:
            branches = [self.compile(b) for b in s["oneOf"]]
            checks.append(lambda v: sum(1 for b in branches if b(v)) == 1)
            handled.add("oneOf")
        if "allOf" in s:
            checks.append(self.all_of(s["allOf"]))
            handled.add("allOf")
        if "if" in s:
            cond = self.compile(s["if"])
            then = self.compile(s.get("then", True))
            other = self.compile(s.get("else", True))
            checks.append(lambda v: then(v) if cond(v) else other(v))
            handled |= {"if", "then", "else"}
        if "not" in s:
            neg = self.compile(s["not"])
            checks.append(lambda v: not neg(v))
            handled.add("not")
        checks.extend(self.bounds(s, handled))
        if keys - handled:
            raise _Unsupported(", ".join(sorted(keys - handled)))
        if not checks:
            return _true
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            a, b = checks
            return lambda v: a(v) and b(v)
        return lambda v: all(c(v) for c in checks)

    @staticmethod
    def type_check(t: Any) -> Check:
        if isinstance(t, str):
            return _TYPES[t]
        preds = [_TYPES[x] for x in t]
        return lambda v: any(p(v) for p in preds)

    @staticmethod
    def enum_check(values: list[Any]) -> Check:
        if all(isinstance(x, str) for x in values):
            allowed = frozenset(values)
            return lambda v: isinstance(v, str) and v in allowed
        return lambda v: any(equal(v, x) for x in values)

    def object_check(self, s: dict[str, Any]) -> tuple[Check, Check] | None:
        """``(check, typed check)``: the second also requires an object."""
        props_schema = s.get("properties")
        required = tuple(s.get("required", ()))
        addl = s.get("additionalProperties", True)
        if props_schema is None and not required and addl is True:
            return None
        props = {k: self.compile(v) for k, v in (props_schema or {}).items()}
        closed = addl is False
        extra = None if addl in (True, False) else self.compile(addl)

        def fields(v: dict[str, Any]) -> bool:
            for key in required:
                if key not in v:
                    return False
            for key, value in v.items():
                f = props.get(key)
                if f is None:
                    if closed:
                        return False
                    if extra is not None and not extra(value):
                        return False
                elif not f(value):
                    return False
            return True

        def check(v: Any) -> bool:
            return not isinstance(v, dict) or fields(v)

        def typed(v: Any) -> bool:
            return isinstance(v, dict) and fields(v)

        return check, typed

    def any_of(self, branches_schema: list[Any]) -> Check:
        branches = [self.compile(b) for b in branches_schema]
        by_type = self.type_table(branches_schema, branches)
        if by_type is not None:
            def by_kind(v: Any) -> bool:
                f = by_type.get(type(v))
                return f is not None and f(v)
            return by_kind
        if len(branches) == 2:
            a, b = branches
            return lambda v: a(v) or b(v)
        return lambda v: any(b(v) for b in branches)

    def type_table(self, schemas: list[Any], compiled: list[Check]
                   ) -> dict[type, Check] | None:
        """When every branch names JSON types and no two share one, pick the branch by the
        value's Python type (exact types: a subclass falls back to the slow path)."""
        table: dict[type, Check] = {}
        for sub, check in zip(schemas, compiled, strict=True):
            node = sub
            while isinstance(node, dict) and "$ref" in node and len(node) == 1:
                node = self.resolve(node["$ref"])
            t = node.get("type") if isinstance(node, dict) else None
            kinds = [t] if isinstance(t, str) else t if isinstance(t, list) else None
            if not kinds:
                return None
            for kind in kinds:
                pys = _PY_TYPES.get(kind)
                if pys is None:
                    return None
                for py in pys:
                    if py in table:
                        return None
                    table[py] = check
        return table

    def resolve(self, ref: str) -> Any:
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def all_of(self, items: list[Any]) -> Check:
        table = self.dispatch_table(items)
        if table is not None:
            key, by_value, absent = table

            def dispatch(v: Any) -> bool:
                if not isinstance(v, dict):
                    return True
                if key not in v:
                    return absent(v) if absent is not None else True
                tag = v[key]
                f = by_value.get(tag) if isinstance(tag, str) else None
                # Not one of the dispatched constants: no ``if`` holds, nothing to check.
                return True if f is None else f(v)

            return dispatch
        parts = [self.compile(x) for x in items]
        return lambda v: all(p(v) for p in parts)

    def dispatch_table(self, items: list[Any]
                       ) -> tuple[str, dict[str, Check], Check | None] | None:
        """``allOf: [{if: {properties: {K: {const: c}}, required: [K]}, then: X}, ...]``
        (what gen_schemas.py emits for tagged unions) as a dict lookup."""
        key: str | None = None
        by_value: dict[str, Check] = {}
        absent: Check | None = None
        for item in items:
            if not isinstance(item, dict) or set(item) != {"if", "then"}:
                return None
            cond = item["if"]
            if set(cond) == {"not"} and set(cond["not"]) == {"required"}:
                req = cond["not"]["required"]
                if len(req) != 1 or (key is not None and req[0] != key):
                    return None
                key = req[0]
                absent = self.compile(item["then"])
                continue
            if set(cond) != {"properties", "required"}:
                return None
            props, req = cond["properties"], cond["required"]
            if len(props) != 1 or len(req) != 1 or next(iter(props)) != req[0]:
                return None
            k = req[0]
            if key is not None and k != key:
                return None
            key = k
            const = props[k]
            if set(const) != {"const"} or not isinstance(const["const"], str):
                return None
            by_value[const["const"]] = self.compile(item["then"])
        if key is None:
            return None
        return key, by_value, absent

    @staticmethod
    def bounds(s: dict[str, Any], handled: set[str]) -> Iterable[Check]:
        if "minimum" in s:
            lo = s["minimum"]
            handled.add("minimum")
            yield lambda v: not _is_num(v) or v >= lo
        if "maximum" in s:
            hi = s["maximum"]
            handled.add("maximum")
            yield lambda v: not _is_num(v) or v <= hi
        if "exclusiveMinimum" in s:
            xlo = s["exclusiveMinimum"]
            handled.add("exclusiveMinimum")
            yield lambda v: not _is_num(v) or v > xlo
        if "exclusiveMaximum" in s:
            xhi = s["exclusiveMaximum"]
            handled.add("exclusiveMaximum")
            yield lambda v: not _is_num(v) or v < xhi
        if "minLength" in s:
            n = s["minLength"]
            handled.add("minLength")
            yield lambda v: not isinstance(v, str) or len(v) >= n
        if "maxLength" in s:
            m = s["maxLength"]
            handled.add("maxLength")
            yield lambda v: not isinstance(v, str) or len(v) <= m
        if "minItems" in s:
            a = s["minItems"]
            handled.add("minItems")
            yield lambda v: not isinstance(v, list) or len(v) >= a
        if "maxItems" in s:
            b = s["maxItems"]
            handled.add("maxItems")
            yield lambda v: not isinstance(v, list) or len(v) <= b
        if "pattern" in s:
            rx = re.compile(s["pattern"])
            handled.add("pattern")
            yield lambda v: not isinstance(v, str) or rx.search(v) is not None


@lru_cache(maxsize=64)
def fast_checker(name: str) -> Check | None:
    """The compiled checker of ``schemas/<name>.json`` (None: not compilable)."""
    schema = load(name)
    if schema is None:
        return None
    try:
        return Compiler(schema).compile(schema)
    except _Unsupported:
        return None


# -- jsonschema: every error, with its path --------------------------------------------------

_MISSING = ("jsonschema is needed for schema validation: pip install 'interlingua[validate]' "
            "(or pass schema=False to skip the schema layer)")


@lru_cache(maxsize=64)
def _validator(name: str) -> Any:
    try:
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - exercised by a test that hides the module
        raise ImportError(_MISSING) from None
    return Draft202012Validator(load(name))


def require_jsonschema() -> None:
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        raise ImportError(_MISSING) from None


def _path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else key_path(out, part)
    return out


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def _short(values: Iterable[Any], limit: int = 8) -> str:
    vals = list(values)
    text = ", ".join(json.dumps(v) for v in vals[:limit])
    return text + (f", ... ({len(vals)} in all)" if len(vals) > limit else "")


#: Vendor wording of schema violations per family: (required, type, enum, unknown nested,
#: unknown top-level). ``{loc}`` is the vendor's own spelling of the location.
_TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "openai": ("Missing required parameter: '{loc}'.",
               "Invalid type for '{loc}': expected {expected}, but got {got} instead.",
               "Invalid value: '{value}'. Supported values are: {allowed}.",
               "Additional properties are not allowed ('{key}' was unexpected) - '{parent}'",
               "Unrecognized request argument supplied: {key}"),
    "anthropic": ("{loc}: Field required",
                  "{loc}: Input should be a valid {expected}",
                  "{loc}: Input should be {allowed}",
                  "{loc}: Extra inputs are not permitted",
                  "{loc}: Extra inputs are not permitted"),
    "google": ("* GenerateContentRequest.{loc}: {key} is not specified",
               "Invalid value at '{loc}' ({expected}), {value}",
               "Invalid value at '{loc}' (type.googleapis.com enum), \"{value}\"",
               "Invalid JSON payload received. Unknown name \"{key}\" at '{parent}': "
               "Cannot find field.",
               "Invalid JSON payload received. Unknown name \"{key}\": Cannot find field."),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _loc(parts: list[Any], style: str) -> str:
    if style == "anthropic":
        return ".".join(str(p) for p in parts)
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            name = _CAMEL.sub(lambda m: "_" + m.group(1).lower(), p) if style == "google" else p
            out += ("." if out else "") + name
    return out


def _style(ctx: Ctx) -> str:
    family = ctx.target.family
    if family.startswith("anthropic"):
        return "anthropic"
    if family.startswith("google"):
        return "google"
    return "openai"


def check(ctx: Ctx, name: str, *, fast: bool = True) -> None:
    """Validate ``ctx.payload`` against ``schemas/<name>.json`` and report every error."""
    if load(name) is None:
        return
    require_jsonschema()
    if fast:
        checker = fast_checker(name)
        if checker is not None and checker(ctx.payload):
            return
    style = _style(ctx)
    for error in _validator(name).iter_errors(ctx.payload):
        _report(ctx, error, style)


def _branch_errors(error: Any) -> list[Any] | None:
    """For an ``anyOf`` failure: the errors of the branch the value was meant for (the one
    whose type matches and that fails the least), or None if no branch fits its type."""
    by_branch: dict[int, list[Any]] = {}
    for sub in error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    best: list[Any] | None = None
    for subs in by_branch.values():
        shallow_type = any(s.validator == "type" and not s.relative_path for s in subs)
        if shallow_type:
            continue
        if best is None or len(subs) < len(best):
            best = subs
    return best


def _report(ctx: Ctx, error: Any, style: str) -> None:
    if ctx.kind != "request" and error.validator in ("required", "enum", "const",
                                                    "additionalProperties"):
        # Nothing rejects a response: a missing or unexpected value there is a warning.
        _report_as(ctx, error, style, "warning")
        return
    _report_as(ctx, error, style, None)


def _report_as(ctx: Ctx, error: Any, style: str, level: Severity | None) -> None:
    validator = error.validator
    parts = list(error.absolute_path)
    path = _path(parts)
    texts = _TEXTS[style]
    if validator in ("anyOf", "oneOf"):
        branch = _branch_errors(error)
        if branch:
            for sub in branch:
                _report(ctx, sub, style)
            return
        kinds = sorted({t for s in error.context or () if s.validator == "type"
                        for t in ([s.validator_value] if isinstance(s.validator_value, str)
                                  else s.validator_value)})
        got = _json_type(error.instance)
        ctx.report("schema.type", path,
                   f"expected {' or '.join(kinds) or 'another shape'}, got {got}",
                   vendor_error=texts[1].format(loc=_loc(parts, style),
                                                expected=" or ".join(kinds), got=got,
                                                value=json.dumps(error.instance)[:80]))
        return
    if validator == "required":
        inst = error.instance if isinstance(error.instance, dict) else {}
        for key in error.validator_value:
            if key in inst:
                continue
            sub = [*parts, key]
            ctx.report("schema.required", key_path(path, key), f"required field {key!r} is missing",
                       vendor_error=texts[0].format(loc=_loc(sub, style), key=key),
                       severity=level)
        return
    if validator == "additionalProperties":
        inst = error.instance if isinstance(error.instance, dict) else {}
        known = error.schema.get("properties", {})
        for key in inst:
            if key in known:
                continue
            sub = [*parts, key]
            text = texts[4] if not parts else texts[3]
            severity: Severity | None = level or ("error" if style == "google" else None)
            ctx.report("schema.unknown-field", key_path(path, key),
                       f"unknown field {key!r} (not in the {ctx.target.id} schema)",
                       vendor_error=text.format(key=key, loc=_loc(sub, style),
                                                parent=_loc(parts, style)),
                       fix=fix(f"remove {key!r}",
                               remove(pointer(*sub))),
                       severity=severity)
        return
    if validator == "type":
        value = error.validator_value
        expected = value if isinstance(value, str) else " or ".join(value)
        got = _json_type(error.instance)
        ctx.report("schema.type", path, f"expected {expected}, got {got}",
                   vendor_error=texts[1].format(loc=_loc(parts, style), expected=expected,
                                                got=got, value=json.dumps(error.instance)[:80]))
        return
    if validator in ("enum", "const"):
        allowed = error.validator_value if validator == "enum" else [error.validator_value]
        value = error.instance
        ctx.report("schema.enum", path,
                   f"{json.dumps(value)[:80]} is not one of {_short(allowed)}",
                   vendor_error=texts[2].format(loc=_loc(parts, style), value=value,
                                                allowed=_short(allowed)), severity=level)
        return
    ctx.report("schema.type", path, error.message[:300])
