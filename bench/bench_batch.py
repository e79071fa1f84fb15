"""Benchmark: converting a 100 MB batch file, against msgspec decode+encode of the same lines.

    python bench/bench_batch.py [--size-mb 100] [--quick]

It writes a deterministic OpenAI batch file of realistic chat requests (short
classifications, summaries of a document, agentic requests with tools and tool results, a few
long documents) in a temporary directory, then:

* times ``convert_batch`` against the floor (``msgspec.json.encode(msgspec.json.decode(line))``
  per line) in alternating rounds over slices of the file, and reports the median per-round
  ratio (stable on a shared machine, as in ``bench_requests.py``);
* converts the whole file once, file to file (``convert_batch_file``: streaming reader,
  rolling writer, manifest), in a fresh interpreter, and reports lines per second and the
  peak RSS of that process (``VmHWM``, else ``resource.getrusage``), beside the peak RSS of a fresh
  interpreter that runs the floor over the file and of one that only imports interlingua.

Both directions are measured: openai.batch -> anthropic.batch, and the Anthropic file it
produced back to openai.batch.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from payloads import WORDS, _code, _text, _tools

MODELS = {"anthropic.batch": "claude-sonnet-4-5", "openai.batch": "gpt-4.1"}
MB = 1024 * 1024


# -- the input ---------------------------------------------------------------------------------

def _request(rng: random.Random, n: int) -> dict[str, Any]:
    kind = rng.random()
    model = rng.choice(("gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1"))
    if kind < 0.55:  # a short classification: system prompt, one ticket, a JSON schema
        body: dict[str, Any] = {"model": model, "temperature": 0, "max_completion_tokens": 200,
                                "messages": [
                                    {"role": "system", "content": _text(rng, 120)},
                                    {"role": "user", "content": _text(rng, rng.randint(40, 200))}]}
        if rng.random() < 0.5:
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "label", "strict": True, "schema": {
                    "type": "object", "additionalProperties": False,
                    "required": ["category", "score"],
                    "properties": {"category": {"type": "string", "enum": WORDS[:6]},
                                   "score": {"type": "integer"}}}}}
    elif kind < 0.85:  # summarise a document
        body = {"model": model, "max_completion_tokens": 800, "messages": [
            {"role": "system", "content": "Summarise the document in five bullet points."},
            {"role": "user", "content": _text(rng, rng.randint(600, 1500))}]}
    elif kind < 0.95:  # an agentic request: tools, calls and results, sometimes an image
        tools = _tools(rng, rng.randint(2, 5))
        messages: list[dict[str, Any]] = [{"role": "system", "content": _text(rng, 150)},
                                          {"role": "user", "content": _text(rng, 30)}]
        for t in range(rng.randint(1, 3)):
            call = {"id": f"call_{n}_{t}", "type": "function", "function": {
                "name": rng.choice(tools)["function"]["name"],
                "arguments": json.dumps({"path": f"/src/module_{t}.py", "recursive": False})}}
            messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
            messages.append({"role": "tool", "tool_call_id": call["id"],
                             "content": _code(rng, rng.randint(10, 60))})
        if rng.random() < 0.3:
            image = base64.b64encode(rng.randbytes(rng.randint(2000, 12000))).decode()
            messages.append({"role": "user", "content": [
                {"type": "text", "text": "What does this screenshot show?"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}}]})
        else:
            messages.append({"role": "user", "content": _text(rng, 25)})
        body = {"model": model, "messages": messages, "tools": tools, "tool_choice": "auto",
                "max_completion_tokens": 2048}
    else:  # a long document
        body = {"model": model, "max_completion_tokens": 1500, "messages": [
            {"role": "user", "content": "Answer from the contract below.\n\n"
                                        + _text(rng, rng.randint(5000, 9000))}]}
    return {"custom_id": f"req-{n:07d}", "method": "POST", "url": "/v1/chat/completions",
            "body": body}


def generate(path: Path, size: int, seed: int = 8) -> int:
    """Write a batch of about ``size`` bytes; return its line count."""
    rng = random.Random(seed)
    enc = msgspec.json.Encoder()
    written = n = 0
    with open(path, "wb") as fh:
        while written < size:
            n += 1
            line = enc.encode(_request(rng, n)) + b"\n"
            fh.write(line)
            written += len(line)
    return n


# -- timing in alternating rounds -----------------------------------------------------------------

def _slices(path: Path, slice_bytes: int) -> list[list[bytes]]:
    slices: list[list[bytes]] = [[]]
    size = 0
    with open(path, "rb") as fh:
        for line in fh:
            slices[-1].append(line)
            size += len(line)
            if size >= slice_bytes:
                slices.append([])
                size = 0
    return [s for s in slices if s]


def rounds(path: Path, source: str, target: str, seconds: float) -> tuple[float, float, float]:
    """(floor lines/s, convert lines/s, median per-round ratio convert/floor)."""
    from interlingua.batch import convert_batch
    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    slices = _slices(path, 2 * MB)

    def floor(lines: list[bytes]) -> None:
        for line in lines:
            enc.encode(dec.decode(line))

    def convert(lines: list[bytes]) -> None:
        for _ in convert_batch(lines, source, target, model=MODELS[target], on_loss="ignore"):
            pass

    def timed(fn: Callable[[list[bytes]], None], lines: list[bytes]) -> float:
        t = time.perf_counter()
        fn(lines)
        return time.perf_counter() - t

    convert(slices[0][:50])  # formats and model tables load on first use
    ratios, floor_rates, convert_rates = [], [], []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end or len(ratios) < 5:
        lines = slices[i % len(slices)]
        i += 1
        f = timed(floor, lines)
        c = timed(convert, lines)
        ratios.append(c / f)
        floor_rates.append(len(lines) / f)
        convert_rates.append(len(lines) / c)
    return statistics.median(floor_rates), statistics.median(convert_rates), \
        statistics.median(ratios)


# -- whole-file runs in fresh interpreters ----------------------------------------------------------

def child(argv: list[str]) -> None:
    """``--child convert IN OUT SOURCE TARGET`` | ``--child floor IN OUT`` | ``--child idle``."""
    what = argv[0]
    result: dict[str, Any] = {}
    t = time.perf_counter()
    if what == "convert":
        from interlingua.batch import convert_batch_file
        src, out, source, target = argv[1:5]
        conv, manifest = convert_batch_file(src, out, source, target, model=MODELS[target],
                                            on_loss="ignore")
        result.update(lines=conv.report.written, bad=conv.report.bad,
                      files=len(manifest["files"]), losses=conv.report.loss_count)
    elif what == "floor":
        dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
        lines = 0
        with open(argv[1], "rb") as fh, open(argv[2], "wb") as out:
            for line in fh:
                out.write(enc.encode(dec.decode(line)) + b"\n")
                lines += 1
        result.update(lines=lines)
    else:
        import interlingua
        interlingua.convert_request({"model": "gpt-4.1", "messages": [
            {"role": "user", "content": "hi"}]}, "openai.chat", "anthropic.messages",
            model="claude-sonnet-4-5", on_loss="ignore")
        import interlingua.batch
    result["seconds"] = time.perf_counter() - t
    result["maxrss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def peak_rss_mb() -> float:
    """This process's peak RSS. ``VmHWM`` where Linux has it: ``ru_maxrss`` of a process
    started by fork+exec can report the parent's peak (the hiwater mark of the forked memory
    carries over exec), which would charge the parent's slices to the child."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(*args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--quick", action="store_true", help="a 20 MB file, short rounds")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    size_mb = 20.0 if args.quick else args.size_mb
    budget = 5.0 if args.quick else 20.0
    print(f"python {sys.version.split()[0]}, msgspec {msgspec.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "openai.jsonl"
        t = time.perf_counter()
        lines = generate(src, int(size_mb * MB))
        print(f"generated {src.stat().st_size / MB:.1f} MB, {lines} requests "
              f"({time.perf_counter() - t:.1f} s)")
        idle = run_child("idle")
        floor_run = run_child("floor", str(src), str(Path(tmp) / "floor.jsonl"))
        print(f"peak RSS: interlingua imported and warm {idle['maxrss_mb']:.0f} MB; floor over "
              f"the whole file {floor_run['maxrss_mb']:.0f} MB "
              f"({floor_run['lines'] / floor_run['seconds']:,.0f} lines/s)")
        anthropic_file = Path(tmp) / "anthropic.jsonl"
        header = (f"{'direction':<36}{'floor l/s':>11}{'convert l/s':>13}{'ratio':>7}"
                  f"{'file l/s':>10}{'MB/s':>7}{'peak RSS':>10}{'files':>6}")
        print(header)
        for source, target, path, out in (
                ("openai.batch", "anthropic.batch", src, anthropic_file),
                ("anthropic.batch", "openai.batch", anthropic_file,
                 Path(tmp) / "back.jsonl")):
            whole = run_child("convert", str(path), str(out), source, target)
            floor_rate, convert_rate, ratio = rounds(path, source, target, budget)
            size = path.stat().st_size / MB
            print(f"{source + ' -> ' + target:<36}{floor_rate:>11,.0f}{convert_rate:>13,.0f}"
                  f"{ratio:>7.2f}{whole['lines'] / whole['seconds']:>10,.0f}"
                  f"{size / whole['seconds']:>7.1f}{whole['maxrss_mb']:>8.0f} MB"
                  f"{whole['files']:>6}")


if __name__ == "__main__":
    main()
