"""The command line: JSON in, JSON out, losses on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interlingua", *args], input=stdin,
                          capture_output=True, text=True, check=False)


def test_formats() -> None:
    proc = run("formats")
    assert proc.returncode == 0
    assert {"openai.chat", "anthropic.messages"} <= set(proc.stdout.split())


def test_convert_stdin_and_losses_on_stderr() -> None:
    payload = {"model": "gpt-4.1", "n": 3,
               "messages": [{"role": "user", "content": "hello"}]}
    proc = run("convert", "--from", "openai.chat", "--to", "anthropic.messages",
               "--model", "claude-sonnet-4-5", "-", stdin=json.dumps(payload))
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["messages"] == [{"role": "user", "content": "hello"}]
    assert "$.n" in proc.stderr
    strict = run("convert", "--from", "openai", "--to", "anthropic", "--strict",
                 "--model", "claude-sonnet-4-5", stdin=json.dumps(payload))
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["model"] == "claude-sonnet-4-5"


def test_convert_file_and_options() -> None:
    payload = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}
    proc = run("convert", "--from", "openai.chat", "--to", "anthropic.messages", "--model",
               "some-unknown-model", "-o", "default_max_tokens=321", "--compact",
               stdin=json.dumps(payload))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["max_tokens"] == 321


def test_bad_input_exit_codes() -> None:
    proc = run("convert", "--from", "openai.chat", "--to", "anthropic.messages",
               stdin="{not json")
    assert proc.returncode == 2 and "not valid JSON" in proc.stderr
    proc = run("convert", "--from", "openai.chat", "--to", "anthropic.messages",
               stdin=json.dumps({"model": "x", "messages": [{"role": "robot"}]}))
    assert proc.returncode == 2 and "$.messages[0].role" in proc.stderr
    proc = run("convert", "--from", "nope", "--to", "anthropic.messages", stdin="{}")
    assert proc.returncode == 2 and "unknown format" in proc.stderr
    proc = run("convert", "--from", "openai.chat", "--to", "anthropic.messages",
               "/no/such/file.json")
    assert proc.returncode == 2
