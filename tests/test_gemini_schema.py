"""The JSON Schema <-> Gemini Schema compiler (interlingua.gemini_schema).

Property tests, checked with ``jsonschema`` on generated schemas and instances:

* lowering never rejects a value the original accepts;
* lowering never accepts a value the original rejects, except through a keyword it
  reported: every instance valid under the lowered schema (read back as JSON Schema) is
  valid under the original with the reported keywords removed;
* the reverse (Gemini -> JSON Schema) keeps the meaning of Gemini's own schemas.

Plus examples of each rule, and the shapes real clients send (pydantic, MCP, Zod).
"""

from __future__ import annotations

import copy
import random
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlingua.gemini_schema import to_gemini, to_json_schema

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
V = jsonschema.Draft202012Validator


def lower(schema: Any, **kw: Any) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    losses: list[tuple[str, str, str]] = []
    out = to_gemini(schema, report=lambda p, k, r: losses.append((p, k, r)), **kw)
    return out, losses


# -- generated schemas ---------------------------------------------------------------------

NAMES = ["a", "b", "c", "d"]
STRINGS = st.sampled_from(["", "a", "ab", "abc", "x y", "2024-01-02T03:04:05Z"])
INTS = st.integers(-3, 6)
NUMS = st.one_of(INTS, st.sampled_from([-1.5, 0.5, 2.25, 3.0]))
SCALARS = st.one_of(st.none(), st.booleans(), INTS, NUMS, STRINGS)


def leaf() -> st.SearchStrategy[dict[str, Any]]:
    string = st.fixed_dictionaries({"type": st.just("string")}, optional={
        "minLength": st.integers(0, 2), "maxLength": st.integers(1, 4),
        "pattern": st.sampled_from(["^[a-c]*$", "b"]),
        "format": st.sampled_from(["date-time", "email", "uuid"]),
        "enum": st.lists(STRINGS, min_size=1, max_size=3, unique=True),
        "const": STRINGS, "description": st.just("text")})
    integer = st.fixed_dictionaries({"type": st.sampled_from(["integer", "number"])}, optional={
        "minimum": NUMS, "maximum": NUMS, "exclusiveMinimum": NUMS, "exclusiveMaximum": NUMS,
        "multipleOf": st.sampled_from([2, 3]), "enum": st.lists(NUMS, min_size=1, max_size=3,
                                                               unique=True),
        "const": INTS, "format": st.sampled_from(["int32", "double", "uuid"])})
    other = st.one_of(
        st.just({"type": "boolean"}), st.just({"type": "null"}), st.just({}),
        st.fixed_dictionaries({"enum": st.lists(SCALARS, min_size=1, max_size=4, unique=True)}),
        st.fixed_dictionaries({"const": SCALARS}),
        st.fixed_dictionaries({"type": st.lists(st.sampled_from(
            ["string", "integer", "number", "boolean", "null", "array", "object"]),
            min_size=1, max_size=3, unique=True)}, optional={
            "minLength": st.integers(0, 2), "minimum": INTS, "maxItems": st.integers(0, 2),
            "enum": st.lists(SCALARS, min_size=1, max_size=4, unique=True),
            "examples": st.lists(SCALARS, min_size=1, max_size=2)}),
        st.just({"$ref": "#/$defs/A"}), st.just({"$ref": "#/$defs/B"}),
        st.just({"$ref": "#/$defs/A", "description": "see A"}),
    )
    return st.one_of(string, integer, other)


def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = st.dictionaries(st.sampled_from(NAMES), children, min_size=0, max_size=3)
    obj = st.fixed_dictionaries({"type": st.just("object"), "properties": props}, optional={
        "required": st.lists(st.sampled_from([*NAMES, "zz"]), max_size=3, unique=True),
        "additionalProperties": st.one_of(st.booleans(), children),
        "minProperties": st.integers(0, 2), "maxProperties": st.integers(1, 3),
        "patternProperties": st.just({"^x": {"type": "integer"}}),
        "propertyNames": st.just({"maxLength": 2}), "title": st.just("T")})
    arr = st.fixed_dictionaries({"type": st.just("array")}, optional={
        "items": children, "minItems": st.integers(0, 2), "maxItems": st.integers(0, 3),
        "uniqueItems": st.booleans(), "prefixItems": st.lists(children, max_size=2)})
    union = st.one_of(*(st.fixed_dictionaries({key: st.lists(
        children, min_size=1, max_size=3)}, optional={
        "type": st.sampled_from(["object", "string", "integer"]),
        "description": st.just("union"), "required": st.just(["a"])})
        for key in ("anyOf", "oneOf", "allOf")))
    nullable = st.builds(lambda c: {"anyOf": [c, {"type": "null"}]}, children)
    misc = st.builds(lambda c, k: {**c, k: {"type": "string"}} if isinstance(c, dict) else c,
                     children, st.sampled_from(["not", "if", "contains", "dependentSchemas"]))
    return st.one_of(obj, arr, union, nullable, misc)


SCHEMA = st.recursive(leaf(), extend, max_leaves=8)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    root = draw(SCHEMA)
    if not isinstance(root, dict):
        root = {"type": "object", "properties": {"x": root}}
    root = dict(root)
    root["$defs"] = {"A": draw(SCHEMA), "B": draw(st.one_of(SCHEMA, st.just(
        {"type": "object", "properties": {"next": {"$ref": "#/$defs/B"},
                                          "v": {"type": "integer"}}})))}
    if draw(st.booleans()):
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return root


# -- instances -----------------------------------------------------------------------------

def _resolve(root: Any, ref: str) -> Any:
    node = root
    for seg in ref[2:].split("/"):
        node = node.get(seg, {}) if isinstance(node, dict) else {}
    return node


def sample(schema: Any, root: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value aimed at ``schema`` (often valid, often just at a boundary, sometimes not)."""
    if depth > 5 or not isinstance(schema, dict) or rng.random() < 0.05:
        return rng.choice([None, True, 0, 1, -1, 2.5, "", "ab", [], {}, {"a": 1}, [1, "a"]])
    if "$ref" in schema and isinstance(schema["$ref"], str):
        return sample(_resolve(root, schema["$ref"]), root, rng, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key] and rng.random() < 0.7:
            return sample(rng.choice(schema[key]), root, rng, depth + 1)
    if "const" in schema and rng.random() < 0.6:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"] and rng.random() < 0.7:
        return rng.choice(schema["enum"])
    t = schema.get("type")
    if isinstance(t, list):
        t = rng.choice(t) if t else None
    if t is None:
        t = rng.choice(["string", "integer", "number", "boolean", "null", "object", "array"])
    t = str(t).lower()
    if t == "string":
        lo, hi = schema.get("minLength", 0), schema.get("maxLength", 4)
        if not isinstance(lo, int) or not isinstance(hi, int) or hi < lo:
            lo, hi = 0, 4
        return "".join(rng.choice("abcxy") for _ in range(rng.randint(lo, hi)))
    if t in ("integer", "number"):
        edges = [v for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                 if isinstance(v := schema.get(k), (int, float)) and not isinstance(v, bool)]
        pool = [*edges, *(e + d for e in edges for d in (-1, 1, 0.5)), 0, 1, -2, 3, 5]
        value = rng.choice(pool)
        return int(value) if t == "integer" and float(value).is_integer() else value
    if t == "boolean":
        return rng.random() < 0.5
    if t == "null":
        return None
    if t == "array":
        n = rng.randint(0, 3)
        items = schema.get("items", {})
        return [sample(items, root, rng, depth + 1) for _ in range(n)]
    props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    out = {}
    for name, sub in props.items():
        if rng.random() < 0.8:
            out[name] = sample(sub, root, rng, depth + 1)
    if rng.random() < 0.2:
        out[rng.choice(["zz", "xq"])] = rng.choice([1, "a", None])
    return out


# -- S' (the original without what was reported) -------------------------------------------

_TOKEN = re.compile(r"\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"[^\"]*\")\]")


def _tokens(path: str) -> list[Any]:
    assert path.startswith("$"), path
    tokens: list[Any] = []
    for m in _TOKEN.finditer(path, 1):
        name, index, quoted = m.groups()
        tokens.append(int(index) if index is not None else
                      name if name is not None else eval(quoted))
    return tokens


def _one_of_nodes(node: Any, at: tuple[Any, ...]) -> set[tuple[Any, ...]]:
    found: set[tuple[Any, ...]] = set()
    if isinstance(node, dict):
        if "oneOf" in node:
            found.add(at)
        for k, v in node.items():
            found |= _one_of_nodes(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found |= _one_of_nodes(v, (*at, i))
    return found


def without(schema: Any, paths: list[str]) -> Any:
    """``schema`` without the keywords at ``paths``. A oneOf with a removal inside it is
    relaxed to anyOf: taking a constraint out of one branch of a oneOf can make another
    value match twice, so only the relaxed form is implied by the removal."""
    out = copy.deepcopy(schema)
    relax: set[tuple[Any, ...]] = set()
    for path in paths:
        tokens = _tokens(path)
        for j, tok in enumerate(tokens[:-1]):
            if tok == "oneOf":
                relax.add(tuple(tokens[:j]))
        node = out
        try:
            for tok in tokens[:-1]:
                node = node[tok]
        except (KeyError, IndexError, TypeError):
            continue   # inside something already removed
        last = tokens[-1]
        if isinstance(node, dict):
            node.pop(last, None)
        elif isinstance(node, list):
            node[last] = True   # a dropped sub-schema (false / junk) constrains nothing
    if any("$defs" in path for path in paths):
        # a removal inside $defs reaches every reference to it: relax every oneOf
        relax |= _one_of_nodes(out, ())
    for parent in sorted(relax, key=len, reverse=True):
        node = out
        try:
            for tok in parent:
                node = node[tok]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(node, dict) and "oneOf" in node and "anyOf" not in node:
            node["anyOf"] = node.pop("oneOf")
    return out


def _check(schema: dict[str, Any], data: Any, **kw: Any) -> None:
    lowered, losses = lower(schema, **kw)
    back = to_json_schema(lowered)
    V.check_schema(back)
    kept = without(schema, [p for p, _, _ in losses])
    original, low, relaxed = V(schema), V(back), V(kept)
    try:
        original.is_valid({"a": [1, {"b": None}], "next": {"next": {}}})
    except (RecursionError, BaseException) as exc:  # pyo3 panics on deep recursion too
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return   # a reference loop with no structure ({"$ref": "#/$defs/A"} in A)
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    for i in range(40):
        target = schema if i % 2 else back
        x = sample(target, schema if i % 2 else {"$defs": {}}, rng)
        try:
            valid = original.is_valid(x)
        except (RecursionError, BaseException) as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return
        if valid:
            assert low.is_valid(x), (x, lowered, "lowering rejected a valid value")
        if low.is_valid(x):
            assert relaxed.is_valid(x), (x, lowered, losses, "accepted an invalid value "
                                                             "without reporting why")


@SETTINGS
@given(documents(), st.data())
def test_lowering_is_sound_and_complete(schema: dict[str, Any], data: Any) -> None:
    try:
        V.check_schema(schema)
    except jsonschema.SchemaError:
        return
    _check(schema, data)


@SETTINGS
@given(documents(), st.data())
def test_lowering_with_additional_properties_vertex(schema: dict[str, Any], data: Any) -> None:
    try:
        V.check_schema(schema)
    except jsonschema.SchemaError:
        return
    _check(schema, data, additional_properties=True)


@SETTINGS
@given(documents())
def test_lowered_schemas_use_only_gemini_keywords(schema: dict[str, Any]) -> None:
    lowered, _ = lower(schema)
    allowed = {"type", "format", "title", "description", "nullable", "enum", "maxItems",
               "minItems", "properties", "required", "minProperties", "maxProperties",
               "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
               "default", "items", "minimum", "maximum"}

    def walk(node: Any, path: str) -> None:
        assert isinstance(node, dict), path
        assert node.keys() <= allowed, (path, node.keys() - allowed)
        assert not ("type" in node and "anyOf" in node), path
        if "type" in node:
            assert node["type"] in {"STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY",
                                    "OBJECT", "NULL"}, path
        if "enum" in node:
            assert all(isinstance(x, str) for x in node["enum"]), path
        if "required" in node:
            assert set(node["required"]) <= set(node.get("properties", {})), path
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{path}.{name}")
        if "items" in node:
            walk(node["items"], f"{path}.items")
        for i, sub in enumerate(node.get("anyOf", ())):
            walk(sub, f"{path}.anyOf[{i}]")

    walk(lowered, "$")


@st.composite
def gemini_schemas(draw: Any, depth: int = 0) -> dict[str, Any]:
    t = draw(st.sampled_from(["STRING", "string", "INTEGER", "NUMBER", "BOOLEAN", "ARRAY",
                              "OBJECT"] if depth < 2 else ["STRING", "INTEGER", "BOOLEAN"]))
    out: dict[str, Any] = {"type": t}
    if draw(st.booleans()):
        out["nullable"] = draw(st.booleans())
    kind = t.upper()
    if kind == "STRING" and draw(st.booleans()):
        out["enum"] = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, unique=True))
    if kind in ("INTEGER", "NUMBER") and draw(st.booleans()):
        out["minimum"] = draw(INTS)
    if kind == "ARRAY":
        out["items"] = draw(gemini_schemas(depth + 1))
    if kind == "OBJECT":
        props = draw(st.dictionaries(st.sampled_from(NAMES), gemini_schemas(depth + 1),
                                     max_size=3))
        out["properties"] = props
        if props and draw(st.booleans()):
            out["required"] = draw(st.lists(st.sampled_from(sorted(props)), min_size=1,
                                            unique=True))
    return out


@SETTINGS
@given(gemini_schemas(), st.data())
def test_reverse_then_lower_keeps_the_meaning(g: dict[str, Any], data: Any) -> None:
    """Gemini -> JSON Schema -> Gemini accepts exactly the same values, with no loss."""
    js = to_json_schema(g)
    V.check_schema(js)
    again, losses = lower(js)
    assert not losses, losses
    a, b = V(js), V(to_json_schema(again))
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    for _ in range(30):
        x = sample(js, js, rng)
        assert a.is_valid(x) == b.is_valid(x), (x, js, again)


# -- examples ------------------------------------------------------------------------------

def test_ref_and_defs_are_inlined_and_recursion_is_cut() -> None:
    schema = {"type": "object", "$defs": {"Node": {"type": "object", "properties": {
        "name": {"type": "string"}, "children": {"type": "array", "items": {
            "$ref": "#/$defs/Node"}}}, "required": ["name"]}},
              "properties": {"root": {"$ref": "#/$defs/Node"}}}
    out, losses = lower(schema, path="$.p")
    node = out["properties"]["root"]
    assert node["properties"]["children"]["items"] == {"type": "OBJECT"}
    assert [(p, k) for p, k, _ in losses] == [
        ("$.p.$defs.Node.properties.children.items.$ref", "dropped")]
    # self-reference to the root
    out, losses = lower({"type": "object", "properties": {"next": {"$ref": "#"}}})
    assert out == {"type": "OBJECT", "properties": {"next": {"type": "OBJECT"}}}
    assert len(losses) == 1


def test_nullable_type_arrays_const_and_enums() -> None:
    out, losses = lower({"type": "object", "properties": {
        "a": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "A"},
        "b": {"type": ["integer", "null"]},
        "c": {"const": "fixed"},
        "d": {"type": ["string", "integer"], "minLength": 2, "minimum": 1},
        "e": {"enum": [1, 2, 3]},
        "f": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "g": {"type": "integer", "exclusiveMinimum": 0},
        "h": {"type": "number", "exclusiveMaximum": 1.5}}})
    p = out["properties"]
    assert p["a"] == {"type": "STRING", "nullable": True, "description": "A"}
    assert p["b"] == {"type": "INTEGER", "nullable": True}
    assert p["c"] == {"type": "STRING", "enum": ["fixed"]}
    assert p["d"] == {"anyOf": [{"type": "STRING", "minLength": 2},
                                {"type": "INTEGER", "minimum": 1}]}
    assert p["e"] == {"type": "INTEGER", "minimum": 1, "maximum": 3}
    assert p["f"] == {"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]}
    assert p["g"] == {"type": "INTEGER", "minimum": 1}
    assert p["h"] == {"type": "NUMBER", "maximum": 1.5}
    assert sorted((path, kind) for path, kind, _ in losses) == [
        ("$.properties.e.enum", "approximated"),
        ("$.properties.h.exclusiveMaximum", "approximated")]


def test_unsupported_keywords_are_dropped_once_each_with_their_path() -> None:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
              "additionalProperties": False, "properties": {
                  "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                  "n": {"type": "number", "multipleOf": 0.5},
                  "when": {"type": "string", "format": "date-time"},
                  "mail": {"type": "string", "format": "email"}},
              "required": ["tags", "missing"], "propertyNames": {"pattern": "^[a-z]+$"}}
    out, losses = lower(schema, path="$.tools[0].input_schema")
    assert out == {"type": "OBJECT", "properties": {
        "tags": {"type": "ARRAY", "items": {"type": "STRING"}},
        "n": {"type": "NUMBER"}, "when": {"type": "STRING", "format": "date-time"},
        "mail": {"type": "STRING"}}, "required": ["tags"]}
    assert sorted(p for p, _, _ in losses) == sorted(f"$.tools[0].input_schema{s}" for s in (
        ".$schema", ".additionalProperties", ".properties.tags.uniqueItems",
        ".properties.n.multipleOf", ".properties.mail.format", ".required",
        ".propertyNames"))
    assert schema["properties"]["tags"]["uniqueItems"] is True   # input untouched


def test_vertex_keeps_additional_properties() -> None:
    out, losses = lower({"type": "object", "properties": {"m": {
        "type": "object", "additionalProperties": {"type": "integer"}}},
        "additionalProperties": False}, additional_properties=True)
    assert out == {"type": "OBJECT", "properties": {"m": {
        "type": "OBJECT", "additionalProperties": {"type": "INTEGER"}}},
        "additionalProperties": False}
    assert losses == []


def test_pydantic_optional_model_and_discriminated_union() -> None:
    schema = {"$defs": {
        "Cat": {"properties": {"kind": {"const": "cat", "type": "string"},
                               "lives": {"type": "integer"}}, "required": ["kind", "lives"],
                "title": "Cat", "type": "object"},
        "Dog": {"properties": {"kind": {"const": "dog", "type": "string"},
                               "good": {"type": "boolean"}}, "required": ["kind"],
                "title": "Dog", "type": "object"}},
        "properties": {"pet": {"discriminator": {"propertyName": "kind"}, "oneOf": [
            {"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}], "title": "Pet"},
            "owner": {"anyOf": [{"$ref": "#/$defs/Cat"}, {"type": "null"}], "default": None}},
        "required": ["pet"], "title": "Home", "type": "object"}
    out, losses = lower(schema)
    pet = out["properties"]["pet"]
    assert [b["title"] for b in pet["anyOf"]] == ["Cat", "Dog"]
    assert out["properties"]["owner"]["nullable"] is True
    assert out["properties"]["owner"]["type"] == "OBJECT"
    # oneOf of a tagged union is exact; only the discriminator annotation is dropped
    assert [(p, k) for p, k, _ in losses] == [("$.properties.pet.discriminator", "dropped")]


def test_reverse_conversion() -> None:
    g = {"type": "OBJECT", "properties": {
        "a": {"type": "STRING", "nullable": True, "enum": ["x", "y"], "format": "enum"},
        "b": {"type": "ARRAY", "items": {"type": "INTEGER"}, "max_items": 3},
        "c": {"anyOf": [{"type": "STRING"}, {"type": "NUMBER"}], "nullable": True},
        "d": {"ref": "#/defs/D"}}, "defs": {"D": {"type": "BOOLEAN"}},
        "required": ["a"], "propertyOrdering": ["a", "b"]}
    assert to_json_schema(g) == {"type": "object", "properties": {
        "a": {"type": ["string", "null"], "enum": ["x", "y", None], "format": "enum"},
        "b": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
        "c": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]},
        "d": {"$ref": "#/$defs/D"}}, "$defs": {"D": {"type": "boolean"}},
        "required": ["a"], "propertyOrdering": ["a", "b"]}


def test_never_crashes_on_junk() -> None:
    for junk in (None, 3, "x", [], {"type": 7}, {"properties": []}, {"items": [1]},
                 {"$ref": 5}, {"$ref": "#/nowhere"}, {"$ref": "http://x/s.json"},
                 {"anyOf": "x"}, {"allOf": [{"type": "string"}, {"type": "integer"}]},
                 {"enum": "x"}, {"required": "a"}, {"minimum": "1"}, False, True):
        lower(junk)


@pytest.mark.parametrize("schema", [{"type": "string"}, {"type": "object", "properties": {}}])
def test_input_is_never_mutated(schema: dict[str, Any]) -> None:
    before = copy.deepcopy(schema)
    lower(schema)
    assert schema == before
