"""Generate ``schemas/<format>.<kind>.json`` from the typed wire schemas in
``src/interlingua/types/``.

    python scripts/gen_schemas.py            # rewrite schemas/
    python scripts/gen_schemas.py --check    # exit 1 if a committed schema is stale

Dev-time only (needs pydantic). For every format and kind (request, response, event):

1. pydantic's ``TypeAdapter(root).json_schema()`` of the TypedDict root (draft 2020-12);
2. ``title`` keywords dropped (noise; ``$defs`` keep their names, ``description`` the SDK
   type each definition comes from); string enums sorted (stable output);
3. google formats: every camelCase property also listed in snake_case (the proto3 JSON
   mapping accepts both spellings);
4. base format requests: ``additionalProperties: false`` on every object with fixed
   properties (the three vendors reject unknown keys); responses, events and dialects stay
   open (vendors add fields; compatible endpoints ignore unknown ones); dialects get their
   own fields (``interlingua.types.dialects``);
5. unions of objects told apart by a ``type`` (or ``role``) constant are rewritten from
   ``anyOf`` to ``if``/``then`` on that constant: equivalent, but a validator checks only the
   branch the value names, so errors point into it and validation is fast.
"""

from __future__ import annotations

import argparse
import copy
import functools
import importlib
import importlib.metadata
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "schemas"
sys.path.insert(0, str(ROOT / "src"))

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = {"request": "Request", "response": "Response", "event": "StreamEvent"}
BASES = {
    "openai.chat": ("openai_chat", "openai"),
    "openai.responses": ("openai_responses", "openai"),
    "openai.completions": ("openai_completions", "openai"),
    "anthropic.messages": ("anthropic_messages", "anthropic"),
    "google.gemini": ("google_gemini", "google-genai"),
    "google.vertex": ("google_vertex", "google-genai"),
}
KIND_TITLES = {"request": "request body", "response": "response body",
               "event": "stream event (one SSE data payload)"}
#: Properties that tell union members apart, in order of preference.
DISCRIMINATORS = ("type", "role")

_SCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains",
               "propertyNames", "unevaluatedProperties", "unevaluatedItems")


def walk(node: Any, fn: Any) -> None:
    """Call ``fn(schema)`` on every subschema of ``node`` (post-order)."""
    if not isinstance(node, dict):
        return
    for key in _SCHEMA_MAPS:
        sub = node.get(key)
        if isinstance(sub, dict):
            for value in sub.values():
                walk(value, fn)
    for key in _SCHEMA_LISTS:
        sub = node.get(key)
        if isinstance(sub, list):
            for value in sub:
                walk(value, fn)
    for key in _SCHEMA_ONE:
        if key in node:
            walk(node[key], fn)
    fn(node)


def _drop_titles(schema: dict[str, Any]) -> None:
    schema.pop("title", None)


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake_aliases(schema: dict[str, Any]) -> None:
    props = schema.get("properties")
    if not isinstance(props, dict):
        return
    for key in list(props):
        snake = _CAMEL.sub(lambda m: "_" + m.group(1).lower(), key)
        if snake != key and snake not in props:
            props[snake] = props[key]


def _sort_enum(schema: dict[str, Any]) -> None:
    """typing caches ``Literal`` types by their set of values, so the order pydantic sees
    depends on what the process built before: sort string enums for a stable output."""
    enum = schema.get("enum")
    if isinstance(enum, list) and all(isinstance(v, str) for v in enum):
        schema["enum"] = sorted(enum)


def _close(schema: dict[str, Any]) -> None:
    if "properties" in schema and "additionalProperties" not in schema:
        schema["additionalProperties"] = False


def _open(schema: dict[str, Any]) -> None:
    if schema.get("additionalProperties") is False:
        del schema["additionalProperties"]


class Dispatcher:
    """Rewrites discriminated ``anyOf`` unions into ``if``/``then`` dispatch."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs

    def resolve(self, branch: dict[str, Any]) -> dict[str, Any]:
        ref = branch.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return self.resolve(self.defs[ref[len("#/$defs/"):]])
        return branch

    @staticmethod
    def values(prop: Any) -> list[Any] | None:
        if not isinstance(prop, dict):
            return None
        if "const" in prop:
            return [prop["const"]]
        enum = prop.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            return list(enum)
        return None

    def __call__(self, schema: dict[str, Any]) -> None:
        branches = schema.get("anyOf")
        if not isinstance(branches, list):
            return
        objects = [b for b in branches if self.resolve(b).get("type") == "object"
                   and isinstance(self.resolve(b).get("properties"), dict)]
        if len(objects) < 2:
            return
        others = [b for b in branches if b not in objects]
        for disc in DISCRIMINATORS:
            table = [(b, self.values(self.resolve(b)["properties"].get(disc)),
                      disc in self.resolve(b).get("required", ())) for b in objects]
            if all(vals is not None for _, vals, _ in table):
                break
        else:
            return
        groups: dict[Any, list[dict[str, Any]]] = {}
        absent: list[dict[str, Any]] = []
        for branch, vals, required in table:
            for v in vals or ():
                groups.setdefault(v, []).append(branch)
            if not required:
                absent.append(branch)

        def then(members: list[dict[str, Any]]) -> dict[str, Any]:
            return members[0] if len(members) == 1 else {"anyOf": members}

        rules: list[dict[str, Any]] = [
            {"if": {"properties": {disc: {"const": v}}, "required": [disc]}, "then": then(m)}
            for v, m in groups.items()]
        dispatch: dict[str, Any] = {"type": "object",
                                    "properties": {disc: {"enum": list(groups)}}}
        if absent:
            rules.append({"if": {"not": {"required": [disc]}}, "then": then(absent)})
        else:
            dispatch["required"] = [disc]
        dispatch["allOf"] = rules
        if others:
            schema["anyOf"] = [*others, dispatch]
        else:
            del schema["anyOf"]
            if set(schema) & set(dispatch):
                schema.setdefault("allOf", []).append(dispatch)
            else:
                schema.update(dispatch)


def _adapter_schema(tp: Any) -> dict[str, Any]:
    from pydantic import TypeAdapter
    schema: dict[str, Any] = TypeAdapter(tp).json_schema(ref_template="#/$defs/{model}")
    return schema


def _finish(schema: dict[str, Any], *, google: bool, strict: bool) -> dict[str, Any]:
    walk(schema, _drop_titles)
    walk(schema, _sort_enum)
    if google:
        walk(schema, _snake_aliases)
    walk(schema, _close if strict else _open)
    walk(schema, Dispatcher(schema.get("$defs", {})))
    return schema


def _wrap(schema: dict[str, Any], format_id: str, kind: str, comment: str) -> dict[str, Any]:
    defs = schema.pop("$defs", None)
    head = {"$schema": DIALECT, "$comment": comment,
            "title": f"{format_id} {KIND_TITLES[kind]}"}
    schema.pop("description", None)
    out = {**head, **schema}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def _raw(format_id: str, kind: str) -> tuple[dict[str, Any], str]:
    schema, origin = _raw_cached(format_id, kind)
    return copy.deepcopy(schema), origin


@functools.cache
def _raw_cached(format_id: str, kind: str) -> tuple[dict[str, Any], str]:
    module_name, sdk = BASES[format_id]
    module = importlib.import_module(f"interlingua.types.{module_name}")
    version = importlib.metadata.version(sdk)
    return (_adapter_schema(getattr(module, KINDS[kind])),
            f"src/interlingua/types/{module_name}.py ({sdk} {version})")


def base_schema(format_id: str, kind: str) -> dict[str, Any]:
    schema, origin = _raw(format_id, kind)
    # Requests are closed (the vendors reject unknown keys); responses and events stay open
    # (vendors add fields; the SDK models accept extra keys).
    _finish(schema, google=format_id.startswith("google."), strict=kind == "request")
    return _wrap(schema, format_id, kind,
                 f"Generated by scripts/gen_schemas.py from {origin}; do not edit.")


def _merge_fields(target: dict[str, Any], added: dict[str, Any], defs: dict[str, Any]) -> None:
    for name, sub in added.pop("$defs", {}).items():
        if name in defs and defs[name] != sub:
            raise SystemExit(f"dialect definition {name!r} collides with a base definition")
        defs[name] = sub
    target.setdefault("properties", {}).update(added.get("properties", {}))
    req = [*target.get("required", []), *[r for r in added.get("required", [])
                                            if r not in target.get("required", [])]]
    if req:
        target["required"] = req


def dialect_schema(format_id: str, kind: str) -> dict[str, Any]:
    from interlingua.types.dialects import DIALECTS

    d = DIALECTS[format_id]
    schema, origin = _raw(d.base, kind)
    defs = schema.setdefault("$defs", {})
    root = schema
    if "$ref" in schema:
        root = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if kind == "request":
        _merge_fields(root, _adapter_schema(d.request), defs)
        if d.optional:
            root["required"] = [r for r in root.get("required", []) if r not in d.optional]
    for def_name, td in d.overlays.get(kind, {}).items():
        if def_name not in defs:
            raise SystemExit(f"{format_id}: no base definition {def_name!r} to extend")
        _merge_fields(defs[def_name], _adapter_schema(td), defs)
    _finish(schema, google=False, strict=False)
    return _wrap(schema, format_id, kind,
                 f"Generated by scripts/gen_schemas.py from {origin} and "
                 f"src/interlingua/types/dialects.py; do not edit. Base format: {d.base}.")


def all_schemas() -> dict[str, dict[str, Any]]:
    from interlingua.types.dialects import DIALECTS

    out: dict[str, dict[str, Any]] = {}
    for format_id in BASES:
        for kind in KINDS:
            out[f"{format_id}.{kind}.json"] = base_schema(format_id, kind)
    for format_id in DIALECTS:
        for kind in KINDS:
            out[f"{format_id}.{kind}.json"] = dialect_schema(format_id, kind)
    index = {"$comment": "Generated by scripts/gen_schemas.py; do not edit.",
             "formats": {}}
    for name in out:
        format_id, kind = name[:-len(".json")].rsplit(".", 1)
        entry = index["formats"].setdefault(format_id, {})
        if format_id in DIALECTS:
            entry["base"] = DIALECTS[format_id].base
        entry[kind] = name
    out["index.json"] = index
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a schema is stale")
    args = ap.parse_args(argv)
    schemas = all_schemas()
    if args.check:
        stale = [n for n, s in schemas.items()
                 if not (OUT / n).exists() or (OUT / n).read_text() != dumps(s)]
        extra = sorted(p.name for p in OUT.glob("*.json") if p.name not in schemas)
        for name in stale:
            print(f"stale: schemas/{name}")
        for name in extra:
            print(f"not generated: schemas/{name}")
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for name, schema in schemas.items():
        (OUT / name).write_text(dumps(schema))
    for p in OUT.glob("*.json"):
        if p.name not in schemas:
            p.unlink()
    print(f"wrote {len(schemas)} files to {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
