"""JSON Schema <-> Gemini ``Schema``: the compiler between full JSON Schema and Gemini's
OpenAPI 3.0 subset. Usable on its own; the Gemini writer uses it for tool parameters and
response schemas.

Gemini takes schemas two ways. ``parametersJsonSchema`` / ``responseJsonSchema`` accept JSON
Schema (``$ref``/``$defs``, ``anyOf``, ``additionalProperties``...) and need no lowering. The
classic ``parameters`` / ``responseSchema`` fields take a ``Schema`` object, an OpenAPI 3.0
subset that rejects every keyword it does not know ("Invalid JSON payload received. Unknown
name ..."), type arrays ("Proto field is not repeating, cannot start list"), and ``type``
together with ``anyOf``. :func:`to_gemini` lowers JSON Schema (draft 2020-12, with the
draft-07/04 spellings real clients still send) to that subset:

* ``$ref`` to the same document (``#/$defs/...``, ``#/definitions/...``, any JSON pointer)
  is inlined; a reference back into a schema being inlined (recursion) is cut to the bare
  ``type`` of its target and reported, never followed forever;
* ``anyOf`` / ``oneOf`` / type arrays with ``null`` become ``nullable: true``; one remaining
  branch is merged into its parent; ``oneOf`` is sent as ``anyOf`` (reported unless the
  branches are provably disjoint); keywords beside ``anyOf`` are distributed into its
  branches (Gemini refuses ``type`` next to ``anyOf``); ``allOf`` is merged;
* type arrays with several types become ``anyOf``, each branch taking the keywords of its
  type; types are written upper-case (``STRING``, ``OBJECT``...);
* ``const`` becomes a one-value ``enum`` (strings) or ``minimum`` = ``maximum`` (numbers);
  enums must be strings in Gemini: numeric enums are kept as their range (reported), other
  non-string enums are dropped (reported); a string enum without a type gets ``STRING``;
* ``exclusiveMinimum`` / ``exclusiveMaximum`` become ``minimum`` / ``maximum`` (exact for
  integers, reported for numbers); ``examples`` becomes ``example``;
* ``format`` is kept where Gemini documents it (``enum``, ``date-time``; ``float``,
  ``double``; ``int32``, ``int64``), ``required`` names that are not properties are
  removed, and every other keyword (``additionalProperties`` unless the surface takes it,
  ``$schema``, ``patternProperties``, ``propertyNames``, ``multipleOf``, ``uniqueItems``,
  ``prefixItems``, ``not``, ``if``/``then``/``else``...) is dropped.

Every keyword dropped or approximated is reported once, at its own JSON path (inside
``$defs`` when it sits there), through the ``report(path, kind, reason)`` callback; ``kind``
is "dropped" or "approximated" and ``path`` ends with the keyword. The result never accepts
a value the input rejected, except through a reported keyword, and never rejects a value the
input accepted (the property tests check both with ``jsonschema``).

:func:`to_json_schema` is the reverse: Gemini ``Schema`` (upper- or lower-case types,
camelCase or snake_case keys, ``nullable``, Vertex ``ref``/``defs``) -> JSON Schema.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

__all__ = ["GEMINI_FORMATS", "Report", "to_gemini", "to_json_schema"]

#: ``report(path, kind, reason)``: kind is "dropped" or "approximated".
Report = Callable[[str, str, str], None]

#: Formats Gemini documents for each type (Schema.format in the REST reference).
GEMINI_FORMATS: dict[str, frozenset[str]] = {
    "STRING": frozenset({"enum", "date-time"}),
    "NUMBER": frozenset({"float", "double"}),
    "INTEGER": frozenset({"int32", "int64"}),
}

_TYPES = {"string": "STRING", "number": "NUMBER", "integer": "INTEGER", "boolean": "BOOLEAN",
          "array": "ARRAY", "object": "OBJECT", "null": "NULL"}
_JSON_TYPES = {v: k for k, v in _TYPES.items()}

#: Keywords copied as they are (subject to the checks in ``_Lowering.core``).
_ANNOTATIONS = ("title", "description", "default", "example")
_BY_TYPE: dict[str, tuple[str, ...]] = {
    "STRING": ("minLength", "maxLength", "pattern", "format"),
    "NUMBER": ("minimum", "maximum", "format", "exclusiveMinimum", "exclusiveMaximum"),
    "INTEGER": ("minimum", "maximum", "format", "exclusiveMinimum", "exclusiveMaximum"),
    "ARRAY": ("items", "minItems", "maxItems", "prefixItems", "uniqueItems", "contains",
              "minContains", "maxContains", "additionalItems", "unevaluatedItems"),
    "OBJECT": ("properties", "required", "minProperties", "maxProperties",
               "additionalProperties", "propertyOrdering", "patternProperties",
               "propertyNames", "dependentRequired", "dependentSchemas", "dependencies",
               "unevaluatedProperties"),
    "BOOLEAN": (),
    "NULL": (),
}
_TYPED_KEYWORDS = frozenset(k for ks in _BY_TYPE.values() for k in ks)
_SIMPLE = frozenset({"minLength", "maxLength", "pattern", "minimum", "maximum", "minItems",
                     "maxItems", "minProperties", "maxProperties", "propertyOrdering"})
#: Containers of sub-schemas that only exist to be referenced: removed without a report.
_CONTAINERS = frozenset({"$defs", "definitions"})
_LOWER_BOUND = ("minimum", "minLength", "minItems", "minProperties")
_UPPER_BOUND = ("maximum", "maxLength", "maxItems", "maxProperties")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def _number(v: Any, t: str) -> bool:
    return type(v) is int or type(v) is float


#: Keywords a one-type schema may have to be copied as it is (the fast path), and the check
#: each value must pass.
_PLAIN_CHECKS: dict[str, Callable[[Any, str], bool]] = {
    **{k: _number for k in ("minLength", "maxLength", "minimum", "maximum", "minItems",
                            "maxItems", "minProperties", "maxProperties")},
    "pattern": lambda v, t: type(v) is str,
    "enum": lambda v, t: t == "STRING" and type(v) is list and bool(v) and all(
        type(x) is str for x in v),
}
_PLAIN = frozenset({"type", "description", "title", "default", "example", *_PLAIN_CHECKS})


_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    """The JSON path step for an object key."""
    step = _KEYS.get(name)
    if step is None:
        step = f".{name}" if _IDENT.fullmatch(name) else f"[{name!r}]"
        if len(_KEYS) < 4096:
            _KEYS[name] = step
    return step


def _ignore(path: str, kind: str, reason: str) -> None:
    pass


def to_gemini(schema: Any, *, path: str = "$", report: Report | None = None,
              additional_properties: bool = False) -> dict[str, Any]:
    """Lower a JSON Schema to Gemini's ``Schema`` (OpenAPI 3.0 subset). Never mutates input.

    Args:
        schema: a JSON Schema (a dict, or ``true``/``false``).
        path: JSON path of ``schema`` in its payload; reported paths extend it.
        report: called once per dropped or approximated keyword (see the module docstring).
        additional_properties: keep ``additionalProperties`` (Vertex AI's ``Schema`` has it;
            the Gemini Developer API rejects it).
    """
    return _Lowering(schema, path, report or _ignore, additional_properties).node(schema, path)


class _Lowering:
    __slots__ = ("ap", "report_", "reported", "root", "root_path", "stack")

    def __init__(self, root: Any, root_path: str, report: Report, ap: bool) -> None:
        self.root = root
        self.root_path = root_path
        self.report_ = report
        self.ap = ap
        self.stack: list[str] = ["#"]   # the root is being inlined from the start
        self.reported: set[str] = set()

    def report(self, path: str, kind: str, reason: str) -> None:
        if path not in self.reported:
            self.reported.add(path)
            self.report_(path, kind, reason)

    # -- one schema ------------------------------------------------------------------------

    def node(self, s: Any, path: str, *, keep_required: bool = False) -> dict[str, Any]:
        if type(s) is not dict:
            if s is True:
                return {}
            if s is False:
                self.report(path, "dropped", "the schema `false` (no value is valid) has no "
                                             "Gemini equivalent")
                return {}
            self.report(path, "dropped", f"not a schema: {type(s).__name__}")
            return {}
        if "$ref" in s:
            ref = s["$ref"]
            target = self.ref(ref, path)
            rest = {k: v for k, v in s.items() if k != "$ref"}
            if not rest:
                return target
            out = self.merge(target, self.node(rest, path, keep_required=True), f"{path}.$ref")
            self.fix_required(out, f"{path}.required")
            return out
        if "allOf" in s:
            members = s["allOf"]
            rest = {k: v for k, v in s.items() if k != "allOf"}
            out = self.core(rest, path, keep_required=True)
            if type(members) is not list:
                self.report(f"{path}.allOf", "dropped", "allOf is not a list")
                members = []
            for i, member in enumerate(members):
                out = self.merge(self.node(member, f"{path}.allOf[{i}]"), out, f"{path}.allOf")
            self.fix_required(out, f"{path}.required")
            return out
        return self.core(s, path, keep_required=keep_required)

    def ref(self, ref: Any, path: str) -> dict[str, Any]:
        where = f"{path}.$ref"
        if type(ref) is not str or not ref.startswith("#"):
            self.report(where, "dropped", f"reference {ref!r} outside this schema cannot be "
                                          "inlined")
            return {}
        if ref == "#/":
            ref = "#"
        target, target_path = self.resolve(ref)
        if target is None:
            self.report(where, "dropped", f"reference {ref!r} does not resolve")
            return {}
        if ref in self.stack:
            cut: dict[str, Any] = {}
            t = target.get("type") if type(target) is dict else None
            if type(t) is str and t in _TYPES:
                cut["type"] = _TYPES[t]
            self.report(where, "dropped", f"recursive reference {ref!r} cut here: Gemini "
                                          "schemas cannot be recursive, so the nested value "
                                          "is constrained only by its type")
            return cut
        self.stack.append(ref)
        try:
            return self.node(target, target_path)
        finally:
            self.stack.pop()

    def resolve(self, ref: str) -> tuple[Any, str]:
        node = self.root
        path = self.root_path
        if ref in ("#", "#/"):
            return node, path
        for raw in ref[2:].split("/") if ref.startswith("#/") else ():
            segment = raw.replace("%25", "%").replace("~1", "/").replace("~0", "~")
            if type(node) is dict and segment in node:
                node = node[segment]
                path += _key(segment)
            elif type(node) is list and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
                path += f"[{segment}]"
            else:
                return None, path
        if not ref.startswith("#/"):
            return None, path  # "#name" anchors: not supported
        return node, path

    def core(self, s: dict[str, Any], path: str, *, keep_required: bool = False
             ) -> dict[str, Any]:
        t = s.get("type")
        if type(t) is str and s.keys() <= _PLAIN:
            # Fast path: one type and keywords Gemini takes as they are.
            up = _TYPES.get(t.lower())
            if up is not None and up != "NULL":
                plain: dict[str, Any] = {"type": up}
                for k, v in s.items():
                    if k in _PLAIN_CHECKS and not _PLAIN_CHECKS[k](v, up):
                        break
                    if k != "type":
                        plain[k] = v
                else:
                    return plain
        # Types: a list becomes nullable and/or anyOf branches.
        nullable = s.get("nullable") is True
        types: list[str] | None = None
        if t is not None:
            raw_types = t if type(t) is list else [t]
            types = []
            for x in raw_types:
                if x == "null":
                    nullable = True
                elif type(x) is str and x.lower() in _TYPES:
                    types.append(_TYPES[x.lower()])
                else:
                    self.report(f"{path}.type", "dropped", f"unknown type {x!r}")
            if not types and not nullable:
                types = None
            if len(types or ()) > 1:
                return self.split_types(s, types or [], nullable, path)
        union_key = "anyOf" if "anyOf" in s else "oneOf" if "oneOf" in s else None
        if union_key is not None:
            return self.union(s, union_key, types, nullable, path)
        out: dict[str, Any] = {}
        if types:
            out["type"] = types[0]
        elif nullable and types is not None:
            out["type"] = "NULL"
            nullable = False
        if "enum" in s or "const" in s:
            # The values decide whether null is valid (null must be both typed and listed).
            null_ok = types is None or nullable or out.get("type") == "NULL"
            self.values(s, out, path, null_ok)
            nullable = bool(out.pop("nullable", False))
        kind = out.get("type")
        for k, v in s.items():
            if k in ("type", "nullable", "enum", "const", "anyOf", "oneOf"):
                continue
            if k in _SIMPLE:
                if k == "propertyOrdering" or type(v) in (int, float) or (
                        k == "pattern" and type(v) is str):
                    self.bound(out, k, v)
                else:
                    self.report(f"{path}.{k}", "dropped", f"{k} has an invalid value")
            elif k in _ANNOTATIONS:
                out[k] = v
            elif k == "examples":
                if type(v) is list and v:
                    out.setdefault("example", v[0])
                    if len(v) > 1:
                        self.report(f"{path}.examples", "approximated",
                                    "only the first of the examples is kept (Gemini's "
                                    "example takes one value)")
                else:
                    self.report(f"{path}.examples", "dropped", "examples is not a list")
            elif k == "properties":
                if type(v) is not dict:
                    self.report(f"{path}.properties", "dropped", "properties is not an object")
                    continue
                out["properties"] = {name: self.node(sub, f"{path}.properties{_key(name)}")
                                     for name, sub in v.items()}
            elif k == "items":
                if type(s.get("prefixItems")) is list and s["prefixItems"]:
                    self.report(f"{path}.items", "dropped", "items after prefixItems cannot "
                                                           "be expressed (Gemini has no "
                                                           "tuples)")
                elif type(v) is dict or type(v) is bool:
                    if v is True or v == {}:
                        continue
                    out["items"] = self.node(v, f"{path}.items")
                else:
                    self.report(f"{path}.items", "dropped", "tuple-style items (a list) has no "
                                                          "Gemini equivalent")
            elif k == "required":
                continue  # after properties, below
            elif k == "format":
                self.format(out, kind, v, path)
            elif k in ("exclusiveMinimum", "exclusiveMaximum"):
                self.exclusive(s, out, k, v, kind, path)
            elif k == "additionalProperties":
                if v is True or v == {}:
                    continue  # the default: no constraint to lose
                if self.ap and s.get("patternProperties"):
                    self.report(f"{path}.{k}", "dropped", "additionalProperties beside the "
                                                          "dropped patternProperties would "
                                                          "reject what those allowed")
                elif self.ap:
                    out[k] = v if type(v) is bool else self.node(v, f"{path}.{k}")
                else:
                    self.report(f"{path}.{k}", "dropped", "additionalProperties is not "
                                                          "accepted by this Gemini surface")
            elif k in _CONTAINERS:
                continue
            else:
                self.report(f"{path}.{k}", "dropped", f"keyword {k!r} has no Gemini "
                                                      "equivalent")
        if "required" in s:
            self.required(s["required"], out, path, keep_required)
        if nullable:
            out["nullable"] = True
        if "type" in out and len(out) > 1:
            out = {"type": out.pop("type"), **out}
        return out

    def bound(self, out: dict[str, Any], k: str, v: Any) -> None:
        have = out.get(k)
        if have is None or k in ("pattern", "propertyOrdering"):
            out[k] = v
        elif k in _LOWER_BOUND:
            out[k] = max(have, v)
        elif k in _UPPER_BOUND:
            out[k] = min(have, v)

    def required(self, req: Any, out: dict[str, Any], path: str, keep: bool = False
                 ) -> None:
        if type(req) is not list or not all(type(x) is str for x in req):
            self.report(f"{path}.required", "dropped", "required is not a list of names")
            return
        props = out.get("properties")
        if props is None and keep:
            if req:
                out["required"] = list(req)   # for the branches it is distributed into
            return
        keep_names = [x for x in req if props is not None and x in props]
        if len(keep_names) != len(req):
            gone = [x for x in req if x not in keep_names]
            self.report(f"{path}.required", "dropped", f"required names {gone!r} are not "
                                                       "properties (Gemini rejects them)")
        if keep_names:
            out["required"] = keep_names

    def format(self, out: dict[str, Any], kind: Any, v: Any, path: str) -> None:
        allowed = GEMINI_FORMATS.get(kind) if kind is not None else None
        if allowed is None:
            allowed = frozenset().union(*GEMINI_FORMATS.values())
        if v in allowed:
            out["format"] = v
        else:
            self.report(f"{path}.format", "dropped", f"format {v!r} is not one Gemini "
                                                     "documents for this type")

    def exclusive(self, s: dict[str, Any], out: dict[str, Any], k: str, v: Any, kind: Any,
                  path: str) -> None:
        lower = k == "exclusiveMinimum"
        bound_key = "minimum" if lower else "maximum"
        if type(v) is bool:  # draft-04: a flag on minimum / maximum
            if not v:
                return
            if bound_key not in s or type(s[bound_key]) not in (int, float):
                self.report(f"{path}.{k}", "dropped", f"{k}: true without {bound_key}")
                return
            value = s[bound_key]
        elif type(v) in (int, float):
            value = v
        else:
            self.report(f"{path}.{k}", "dropped", f"{k} must be a number")
            return
        if kind == "INTEGER" and math.isfinite(value):
            exact = math.floor(value) + 1 if lower else math.ceil(value) - 1
            if type(v) is bool and bound_key in out:
                out[bound_key] = exact   # replaces the inclusive bound it qualified
            else:
                self.bound(out, bound_key, exact)
            return
        if type(v) is not bool:
            self.bound(out, bound_key, value)
        self.report(f"{path}.{k}", "approximated", f"{k} {value} sent as the inclusive "
                                                   f"{bound_key} (Gemini has no exclusive "
                                                   "bounds)")

    def values(self, s: dict[str, Any], out: dict[str, Any], path: str, null_ok: bool
               ) -> None:
        """``enum`` and ``const`` (Gemini enums are strings). Sets ``out["nullable"]`` when
        null is one of the values and is valid."""
        for k in ("enum", "const"):
            if k not in s:
                continue
            raw = s[k]
            if k == "enum":
                if type(raw) is not list:
                    self.report(f"{path}.enum", "dropped", "enum is not a list")
                    continue
                values = raw
            else:
                values = [raw]
            kind = out.get("type")
            if kind is not None:
                values = [x for x in values if x is None or _is(x, kind)]
            has_null = None in values and null_ok
            values = [x for x in values if x is not None]
            if has_null:
                out["nullable"] = True
            if not values:
                if has_null and (kind is None or kind == "NULL"):
                    out["type"] = "NULL"
                    out.pop("nullable", None)
                else:
                    out["enum"] = []   # no valid value (or only null, with nullable)
                continue
            if all(type(x) is str for x in values):
                if kind is None:
                    out["type"] = "STRING"
                have = out.get("enum")
                out["enum"] = values if have is None else [x for x in have if x in values]
            elif all(type(x) in (int, float) for x in values):
                if kind is None:
                    out["type"] = "INTEGER" if all(_is(x, "INTEGER") for x in values) \
                        else "NUMBER"
                self.bound(out, "minimum", min(values))
                self.bound(out, "maximum", max(values))
                if len(values) > 1:
                    self.report(f"{path}.{k}", "approximated",
                                f"{k} of numbers {values!r} kept as the range "
                                f"{min(values)}..{max(values)} (Gemini enums are strings)")
            elif kind == "BOOLEAN" and set(values) == {True, False}:
                continue   # both booleans: the type says it all
            else:
                self.report(f"{path}.{k}", "dropped", f"{k} of non-string values {values!r} "
                                                      "has no Gemini equivalent")

    # -- unions ----------------------------------------------------------------------------

    def split_types(self, s: dict[str, Any], types: list[str], nullable: bool, path: str
                    ) -> dict[str, Any]:
        """``{"type": [a, b]}``: one anyOf branch per type with the keywords of that type."""
        if "anyOf" in s or "oneOf" in s:
            self.report(f"{path}.type", "dropped", "a list of types beside anyOf/oneOf "
                                                   "cannot be expressed; the union was kept")
            return self.core({k: v for k, v in s.items() if k != "type"}, path)
        has_values = "enum" in s or "const" in s
        common_raw: dict[str, Any] = {}
        branches: list[dict[str, Any]] = []
        for t in types:
            branch: dict[str, Any] = {"type": _JSON_TYPES[t]}
            satisfiable = True
            for k, v in s.items():
                if k in _BY_TYPE[t]:
                    branch[k] = v
                elif k in ("enum", "const"):
                    vals = [x for x in (v if k == "enum" and type(v) is list else [v])
                            if _is(x, t)]
                    satisfiable = satisfiable and bool(vals)
                    branch["enum"] = vals
            if satisfiable:
                branches.append(branch)
        for k, v in s.items():
            if k not in _TYPED_KEYWORDS and k not in ("type", "enum", "const", "nullable"):
                common_raw[k] = v   # annotations, and keywords of no type (reported by core)
        if has_values:
            values = s["enum"] if type(s.get("enum")) is list else [s.get("const")]
            nullable = nullable and None in values
        out = self.core(common_raw, path) if common_raw else {}
        lowered = [self.core(b, path) for b in branches]
        if nullable:
            lowered = [{**b, "nullable": True} for b in lowered]
        if not lowered:
            return {**out, "type": "NULL"} if nullable else {**out, "enum": []}
        if len(lowered) == 1:
            return {**lowered[0], **out}
        out["anyOf"] = lowered
        return out

    def union(self, s: dict[str, Any], key: str, types: list[str] | None, nullable: bool,
              path: str) -> dict[str, Any]:
        raw = s[key]
        if "anyOf" in s and "oneOf" in s:
            self.report(f"{path}.oneOf", "dropped", "oneOf beside anyOf cannot be expressed; "
                                                    "anyOf was kept")
        if type(raw) is not list:
            self.report(f"{path}.{key}", "dropped", f"{key} is not a list")
            return self.core({k: v for k, v in s.items() if k not in ("anyOf", "oneOf")},
                             path)
        branches = [self.node(b, f"{path}.{key}[{i}]") for i, b in enumerate(raw)]
        # null is valid when the schema's own type allows it and some branch accepts it.
        null_branches = sum(_accepts_null(b) for b in branches)
        nullable = (types is None or nullable) and null_branches > 0
        kept = []
        for b in branches:
            if b.get("type") == "NULL" and not (b.keys() - {"type", *_ANNOTATIONS}):
                continue
            if b.get("nullable"):
                b = {k: v for k, v in b.items() if k != "nullable"}
            kept.append(b)
        if key == "oneOf" and (null_branches > 1 or (len(kept) > 1 and not _disjoint(kept))):
            self.report(f"{path}.oneOf", "approximated", "oneOf sent as anyOf: Gemini cannot "
                                                         "require exactly one match")
        # Keywords beside the union constrain every branch: distribute them.
        parent_raw = {k: v for k, v in s.items() if k not in ("anyOf", "oneOf", "type",
                                                              "nullable")}
        annotations = {k: parent_raw.pop(k) for k in _ANNOTATIONS if k in parent_raw}
        if types:
            parent_raw["type"] = _JSON_TYPES[types[0]]
        parent = self.core(parent_raw, path, keep_required=True) if parent_raw else {}
        parent.pop("nullable", None)
        if parent:
            kept = [self.merge(b, parent, f"{path}.{key}") for b in kept]
            for b in kept:
                self.fix_required(b, f"{path}.required")
        out: dict[str, Any]
        if not kept:
            out = {"type": "NULL"} if nullable else {
                k: v for k, v in parent.items() if k != "required"} | {"enum": []}
            out.update(annotations)
            return out
        if len(kept) == 1:
            out = dict(kept[0])
            for k, v in annotations.items():
                if k in out and out[k] != v and k in ("description", "title"):
                    self.report(f"{path}.{key}", "approximated",
                                f"the {k} of the single {key} branch was replaced by the "
                                "schema's own")
                out[k] = v
            if nullable:
                out["nullable"] = True
            return out
        if nullable:
            kept = [{**b, "nullable": True} for b in kept]
        return {**annotations, "anyOf": kept}

    # -- merging (allOf, $ref siblings, distributed union keywords) ------------------------

    def merge(self, base: dict[str, Any], over: dict[str, Any], site: str) -> dict[str, Any]:
        """``base`` AND ``over`` as one schema; ``over`` wins a conflict it cannot settle
        (reported once at ``site``, the keyword that caused the merge)."""
        if not base:
            return dict(over)
        out = dict(base)
        for k, v in over.items():
            if k not in out or out[k] == v:
                out[k] = v
                continue
            have = out[k]
            if k == "properties":
                props = dict(have)
                for name, sub in v.items():
                    props[name] = self.merge(props[name], sub, site) if name in props else sub
                out[k] = props
            elif k == "required":
                out[k] = list(dict.fromkeys([*have, *v]))
            elif k in _LOWER_BOUND:
                out[k] = max(have, v)
            elif k in _UPPER_BOUND:
                out[k] = min(have, v)
            elif k == "nullable":
                pass   # settled below
            elif k == "enum":
                out[k] = [x for x in have if x in v]
            elif k == "type" and {have, v} == {"INTEGER", "NUMBER"}:
                out[k] = "INTEGER"
            elif k == "items" and type(have) is dict and type(v) is dict:
                out[k] = self.merge(have, v, site)
            else:
                if k not in ("description", "title", "example", "default") or (have and v):
                    self.report(site, "approximated", f"conflicting {k!r} values cannot be "
                                                      "combined in one Gemini schema; the "
                                                      "outer one was kept")
                out[k] = v
        # null passes the merged schema only when it passes both.
        null_ok = _accepts_null(base) and _accepts_null(over)
        if null_ok and "type" in out and out["type"] != "NULL":
            out["nullable"] = True
        elif not null_ok:
            out.pop("nullable", None)
        if "type" in out and "anyOf" in out:
            # Gemini refuses type beside anyOf: push the type into the branches.
            # Everything beside the anyOf constrains each branch: P and (B1 or B2) is
            # (P and B1) or (P and B2).
            typed = {k: out.pop(k) for k in list(out)
                     if k != "anyOf" and k not in _ANNOTATIONS and k != "nullable"}
            out.pop("nullable", None)
            if "type" in over:   # the side that wins a conflict keeps winning it
                branches = [self.merge(b, typed, site) for b in out["anyOf"]]
            else:
                branches = [self.merge(typed, b, site) for b in out["anyOf"]]
            out["anyOf"] = [{**b, "nullable": True} for b in branches] if null_ok else branches
        if "additionalProperties" in out and (base.get("properties") or {}).keys() != (
                over.get("properties") or {}).keys():
            self.report(site, "approximated", "additionalProperties of a merged schema now "
                                              "applies to the other side's properties too")
        return out


    def fix_required(self, out: dict[str, Any], site: str) -> None:
        for branch in out.get("anyOf") or ():
            self.fix_required(branch, site)
        if "required" not in out:
            return
        props = out.get("properties") or {}
        names = [x for x in out["required"] if x in props]
        if len(names) != len(out["required"]):
            self.report(site, "dropped", "required names that are not properties of the "
                                         "schema they were combined with were removed "
                                         "(Gemini rejects them)")
            if names:
                out["required"] = names
            else:
                del out["required"]


def _is(value: Any, kind: str) -> bool:
    """Whether a JSON value is of a Gemini type (JSON Schema's rules: 1.0 is an integer)."""
    t = type(value)
    if kind == "STRING":
        return t is str
    if kind == "INTEGER":
        return t is int or (t is float and value.is_integer())
    if kind == "NUMBER":
        return t is int or t is float
    if kind == "BOOLEAN":
        return t is bool
    if kind == "ARRAY":
        return t is list
    if kind == "OBJECT":
        return t is dict
    return value is None


def _accepts_null(schema: dict[str, Any]) -> bool:
    """Whether a lowered schema accepts null (untyped keywords pass non-matching types)."""
    if schema.get("nullable") is True:
        return True
    if "enum" in schema:
        return False   # Gemini enums are strings; null only through nullable
    if "type" in schema:
        return bool(schema["type"] == "NULL")
    if "anyOf" in schema:
        return any(_accepts_null(b) for b in schema["anyOf"])
    return True


def _disjoint(branches: list[dict[str, Any]]) -> bool:
    """Whether no value can match two branches (so anyOf means the same as oneOf)."""
    types = [b.get("type") for b in branches]
    if all(types) and len(set(types)) == len(types) and not {"NUMBER", "INTEGER"} <= set(types):
        return True
    # A tagged union: a required property with a distinct one-value enum in each branch.
    first = branches[0].get("properties") or {}
    for name in first:
        tags = []
        for b in branches:
            prop = (b.get("properties") or {}).get(name)
            if prop is None or name not in (b.get("required") or ()) or \
                    len(prop.get("enum") or ()) != 1 or prop.get("nullable"):
                break
            tags.append(prop["enum"][0])
        else:
            if len(set(tags)) == len(tags):
                return True
    return False


# -- the reverse -----------------------------------------------------------------------------

_SNAKE = re.compile(r"_([a-z0-9])")


def to_json_schema(schema: Any) -> Any:
    """Gemini ``Schema`` -> JSON Schema (lower-case types, ``nullable`` as a ``null`` type or
    branch, Vertex ``ref``/``defs`` as ``$ref``/``$defs``, snake_case keys as camelCase).
    Keywords JSON Schema does not know (``propertyOrdering``, ``example``) are kept: JSON
    Schema ignores them. Never mutates its input."""
    if type(schema) is not dict:
        return schema
    out: dict[str, Any] = {}
    nullable = False
    for k, v in schema.items():
        if "_" in k:
            k = _SNAKE.sub(lambda m: m.group(1).upper(), k)
        if k == "type":
            if type(v) is str:
                name = _JSON_TYPES.get(v.upper())
                if name is not None:
                    out["type"] = name
            else:
                out["type"] = v
        elif k == "nullable":
            nullable = v is True
        elif k == "properties" and type(v) is dict:
            out[k] = {name: to_json_schema(sub) for name, sub in v.items()}
        elif k == "defs" and type(v) is dict:
            out["$defs"] = {name: to_json_schema(sub) for name, sub in v.items()}
        elif k == "ref" and type(v) is str:
            out["$ref"] = v.replace("#/defs/", "#/$defs/", 1)
        elif k in ("items", "additionalProperties") and type(v) is dict:
            out[k] = to_json_schema(v)
        elif k == "anyOf" and type(v) is list:
            out[k] = [to_json_schema(b) for b in v]
        else:
            out[k] = v
    if nullable:
        t = out.get("type")
        if type(t) is str and t != "null":
            out["type"] = [t, "null"]
        elif "anyOf" in out and {"type": "null"} not in out["anyOf"]:
            out["anyOf"] = [*out["anyOf"], {"type": "null"}]
        if type(out.get("enum")) is list and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out
