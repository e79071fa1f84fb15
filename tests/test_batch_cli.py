"""``interlingua batch convert``: files in, files and a manifest out, a summary on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "batches"
CLAUDE = "claude-sonnet-4-5"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interlingua", "batch", "convert", *args],
                          input=stdin, capture_output=True, text=True, check=False, cwd=cwd)


def chat_line(custom_id: str, **body: Any) -> str:
    return json.dumps({"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions",
                       "body": {"model": "gpt-4.1",
                                "messages": [{"role": "user", "content": "hi"}], **body}})


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_convert_splits_and_writes_a_manifest(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", *(chat_line(f"r{n}") for n in range(5)))
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--model", CLAUDE,
               "--max-requests", "2", str(src), str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["in.jsonl", "out-001.jsonl", "out-002.jsonl", "out-003.jsonl",
                     "out.manifest.json"]
    manifest = json.loads((tmp_path / "out.manifest.json").read_text())
    assert [f["lines"] for f in manifest["files"]] == [2, 2, 1]
    assert manifest["files"][0]["first_id"] == "r0"
    assert manifest["limits"]["max_requests"] == 2
    assert manifest["input"] == str(src)
    assert "5 requests read, 5 written, 0 bad" in proc.stderr
    assert "wrote" in proc.stderr and "manifest:" in proc.stderr


def test_bad_lines_exit_1_and_go_to_rejects(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", chat_line("a"), "{oops", chat_line("a"))
    proc = run("--from", "openai", "--to", "anthropic", "--model", CLAUDE, "--rejects",
               str(tmp_path / "rejects.jsonl"), str(src), str(tmp_path / "out.jsonl"))
    assert proc.returncode == 1, proc.stderr
    assert "bad line 2" in proc.stderr and "duplicate id 'a' on line 3" in proc.stderr
    assert (tmp_path / "rejects.jsonl").read_text().splitlines() == ["{oops", chat_line("a")]
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    manifest = json.loads((tmp_path / "out.manifest.json").read_text())
    assert [b["line"] for b in manifest["bad_lines"]] == [2, 3]


def test_strict_exits_1_on_losses(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", chat_line("a", n=2))
    args = ["--from", "openai.batch", "--to", "anthropic.batch", "--model", CLAUDE, str(src),
            str(tmp_path / "out.jsonl")]
    assert run(*args).returncode == 0
    strict = run("--strict", *args)
    assert strict.returncode == 1
    assert "$.body.n: dropped" in strict.stderr


def test_stdin_to_stdout(tmp_path: Path) -> None:
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--model", CLAUDE, "-",
               "-", stdin=chat_line("a") + "\n" + chat_line("b") + "\n")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["custom_id"] for x in proc.stdout.splitlines()] == ["a", "b"]
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--model", CLAUDE,
               "--layout", "create", "-", "-", stdin=chat_line("a") + "\n")
    assert [r["custom_id"] for r in json.loads(proc.stdout)["requests"]] == ["a"]


def test_results_round_trip_with_the_requests_manifest(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", chat_line("doc/1"))
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--model", CLAUDE,
               str(src), str(tmp_path / "claude.jsonl"))
    assert proc.returncode == 0, proc.stderr
    sent = json.loads((tmp_path / "claude.jsonl").read_text())
    result = {"custom_id": sent["custom_id"], "result": {"type": "succeeded", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": CLAUDE,
        "content": [{"type": "text", "text": "hello"}], "stop_reason": "end_turn",
        "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}}
    results = write(tmp_path / "results.jsonl", json.dumps(result))
    proc = run("--results", "--from", "anthropic.batch", "--to", "openai.batch",
               "--requests-manifest", str(tmp_path / "claude.manifest.json"), str(results),
               str(tmp_path / "openai-results.jsonl"))
    assert proc.returncode == 0, proc.stderr
    line = json.loads((tmp_path / "openai-results.jsonl").read_text())
    assert line["custom_id"] == "doc/1"
    assert line["response"]["body"]["choices"][0]["message"]["content"] == "hello"
    assert "outcomes: succeeded 1" in proc.stderr


def test_directory_output_and_create_layout(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    proc = run("--from", "anthropic.batch", "--to", "anthropic.batch", "--layout", "create",
               str(GOLDEN / "anthropic.batch" / "02-create-body" / "input.json"), f"{out}/")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["batch.json", "batch.manifest.json"]
    body = json.loads((out / "batch.json").read_text())
    assert [r["custom_id"] for r in body["requests"]] == ["faq-1", "faq-2", "faq-3"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", chat_line("a"))
    out = str(tmp_path / "out.jsonl")
    proc = run("--from", "openai.batch", "--to", "nope.batch", str(src), out)
    assert proc.returncode == 2 and "unknown format 'nope.batch'" in proc.stderr
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", str(tmp_path / "no.jsonl"),
               out)
    assert proc.returncode == 2 and "cannot read" in proc.stderr
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--on-error", "raise",
               "--model", CLAUDE, "-", out, stdin="{bad\n")
    assert proc.returncode == 2 and "line 1" in proc.stderr
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--endpoint",
               "/v1/responses", str(src), out)
    assert proc.returncode == 2 and "endpoint" in proc.stderr
    proc = run("--from", "openai.batch", "--to", "anthropic.batch", "--max-bytes", "lots",
               str(src), out)
    assert proc.returncode == 2


def test_max_bytes_accepts_sizes(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", *(chat_line(f"r{n}") for n in range(4)))
    proc = run("--from", "openai.batch", "--to", "openai.batch", "--max-bytes", "0.3k",
               str(src), str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "out.manifest.json").read_text())
    assert manifest["limits"]["max_bytes"] == 300
    assert all(f["bytes"] <= 300 for f in manifest["files"]) and len(manifest["files"]) > 1
