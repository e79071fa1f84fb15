"""The published JSON Schemas (schemas/), the typed wire schemas they come from
(src/interlingua/types/) and the rule tables of docs/validation.md are up to date."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))


def _script(name: str) -> Any:
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return _script("gen_schemas").all_schemas()  # type: ignore[no-any-return]


def test_committed_schemas_are_fresh(generated: dict[str, Any]) -> None:
    gen = _script("gen_schemas")
    out = ROOT / "schemas"
    stale = [name for name, schema in generated.items()
             if not (out / name).exists() or (out / name).read_text() != gen.dumps(schema)]
    extra = sorted(p.name for p in out.glob("*.json") if p.name not in generated)
    assert not stale and not extra, (
        f"stale: {stale}, not generated: {extra}; run python scripts/gen_schemas.py")


def test_schemas_are_valid_draft_2020_12(generated: dict[str, Any]) -> None:
    """Against the 2020-12 meta-schema (a sample: the large ones take seconds each; the
    golden tests run every request schema through jsonschema anyway)."""
    from jsonschema import Draft202012Validator

    for name in ("openai.chat.request.json", "openai.chat.event.json",
                 "openai.completions.response.json", "google.gemini.request.json",
                 "deepseek.chat.request.json"):
        Draft202012Validator.check_schema(generated[name])


def test_typed_schemas_are_fresh() -> None:
    """Regenerated from the installed SDKs, the typed modules come out as committed."""
    assert _script("gen_types").main(["--check"]) == 0, "run python scripts/gen_types.py"


def test_rule_tables_are_fresh() -> None:
    doc = _script("gen_validation_doc")
    text = doc.DOC.read_text()
    assert doc.render(text) == text, "run python scripts/gen_validation_doc.py"


def test_types_import_and_describe_the_roots() -> None:
    for module in ("openai_chat", "openai_responses", "openai_completions",
                   "anthropic_messages", "google_gemini", "google_vertex"):
        mod = importlib.import_module(f"interlingua.types.{module}")
        for root in ("Request", "Response", "StreamEvent"):
            assert hasattr(mod, root), (module, root)
    from interlingua.types.dialects import DIALECTS

    assert set(DIALECTS) >= {"openrouter.chat", "vllm.chat", "xai.chat", "deepseek.chat",
                             "zhipu.chat", "moonshot.chat", "minimax.chat", "google.openai",
                             "vertex.anthropic", "bedrock.anthropic"}


def test_index_lists_every_schema() -> None:
    index = json.loads((ROOT / "schemas" / "index.json").read_text())
    listed = {f for entry in index["formats"].values() for k, f in entry.items() if k != "base"}
    files = {p.name for p in (ROOT / "schemas").glob("*.json")} - {"index.json"}
    assert listed == files
