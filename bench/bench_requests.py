"""Benchmark: convert_request against the floor of msgspec decode + encode of the same bytes.

    python bench/bench_requests.py [--quick]

For each payload and direction it prints the median time of one ``convert_request`` (on the
decoded dict, as a proxy calls it) and of the floor (``msgspec.json.decode`` then
``msgspec.json.encode`` of the payload's bytes), and their ratio. Budget (docs/performance.md):
within 3x of the floor on the two larger payloads.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from payloads import PAYLOADS

import interlingua

PAIRS = [("openai.chat", "anthropic.messages"), ("anthropic.messages", "openai.chat"),
         ("openai.responses", "openai.chat"), ("openai.chat", "openai.responses"),
         ("openai.responses", "anthropic.messages"), ("anthropic.messages", "openai.responses"),
         ("openai.chat", "google.gemini")]
MODELS = {"openai.chat": "gpt-4.1", "anthropic.messages": "claude-sonnet-4-5",
          "openai.responses": "gpt-4.1", "google.gemini": "gemini-2.5-flash"}


def _batch(fn: Callable[[], Any]) -> int:
    """How many calls of ``fn`` take about 5 ms."""
    fn()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t > 0.005:
            return n
        n *= 2


def _time(fn: Callable[[], Any], n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def compare(floor: Callable[[], Any], subject: Callable[[], Any], seconds: float
            ) -> tuple[float, float, float]:
    """Median microseconds of ``floor`` and ``subject`` and the median of their per-round
    ratio. Rounds alternate the two, so machine noise (frequency changes, neighbours) hits
    both alike and the ratio stays stable even when absolute times drift."""
    nf, ns = _batch(floor), _batch(subject)
    floors, subjects, ratios = [], [], []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(ratios) < 7:
        f = _time(floor, nf)
        s = _time(subject, ns)
        floors.append(f)
        subjects.append(s)
        ratios.append(s / f)
    return (statistics.median(floors) * 1e6, statistics.median(subjects) * 1e6,
            statistics.median(ratios))


def import_time_ms() -> float:
    code = "import time; t=time.perf_counter(); import interlingua; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args()
    budget = 0.3 if args.quick else 1.5
    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    print(f"python {sys.version.split()[0]}, msgspec {msgspec.__version__}")
    print(f"{'payload':<22}{'direction':<42}{'bytes':>9}{'floor us':>10}{'convert us':>12}"
          f"{'ratio':>8}")
    for name, build in PAYLOADS.items():
        chat = build()
        sources = {"openai.chat": chat,
                   "anthropic.messages": interlingua.convert_request(
                       chat, "openai.chat", "anthropic.messages",
                       model=MODELS["anthropic.messages"], on_loss="ignore"),
                   "openai.responses": interlingua.convert_request(
                       chat, "openai.chat", "openai.responses",
                       model=MODELS["openai.responses"], on_loss="ignore")}
        for source, target in PAIRS:
            payload = sources[source]
            raw = enc.encode(payload)
            floor, conv, ratio = compare(
                lambda raw=raw: enc.encode(dec.decode(raw)),
                lambda p=payload, s=source, t=target: interlingua.convert_request(
                    p, s, t, model=MODELS[t], on_loss="ignore"), budget)
            print(f"{name:<22}{source + ' -> ' + target:<42}{len(raw):>9}{floor:>10.1f}"
                  f"{conv:>12.1f}{ratio:>8.2f}")
    chat = PAYLOADS["agentic 12 KB"]()
    raw = enc.encode(chat)
    floor, conv, ratio = compare(
        lambda: enc.encode(dec.decode(raw)),
        lambda: interlingua.convert_request(chat, "openai.chat", "anthropic.messages",
                                            model=MODELS["anthropic.messages"], on_loss="ignore",
                                            copy=True), budget)
    print(f"{'agentic, copy=True':<22}{'openai.chat -> anthropic.messages':<42}{len(raw):>9}"
          f"{floor:>10.1f}{conv:>12.1f}{ratio:>8.2f}")
    gemini_schemas(budget)
    print(f"import interlingua: {import_time_ms():.1f} ms (median of 5 fresh interpreters)")


def gemini_schemas(budget: float) -> None:
    """The classic-Schema mode for Gemini: the whole conversion (lowered schemas cached across
    requests, as in a proxy), and lowering the 20 tool schemas from scratch."""
    from interlingua.gemini_schema import to_gemini

    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    chat = PAYLOADS["coding agent 200 KB"]()
    raw = enc.encode(chat)
    direction = "openai.chat -> google.gemini"
    floor, conv, ratio = compare(
        lambda: enc.encode(dec.decode(raw)),
        lambda: interlingua.convert_request(chat, "openai.chat", "google.gemini",
                                            model=MODELS["google.gemini"], on_loss="ignore",
                                            gemini_schema="openapi"), budget)
    print(f"{'coding, openapi':<22}{direction:<42}{len(raw):>9}{floor:>10.1f}"
          f"{conv:>12.1f}{ratio:>8.2f}")
    schemas = [t["function"]["parameters"] for t in chat["tools"]]
    runs = []
    for _ in range(max(7, int(budget * 20))):
        t = time.perf_counter()
        for s in schemas:
            to_gemini(s)
        runs.append(time.perf_counter() - t)
    print(f"lowering {len(schemas)} tool schemas to Gemini's Schema, uncached: "
          f"{statistics.median(runs) * 1e6:.0f} us")


if __name__ == "__main__":
    main()
