"""Benchmark: ``interlingua.validate`` on the benchmark payloads, per layer.

    python bench/bench_validate.py [--quick]

Budget (docs/validation.md): validating the ~185 KB coding-agent request takes under 2 ms.
Prints, per payload and format, the median time (interleaved rounds) of a full validation, of
the schema layer, of the rules (layers 2 and 3), of the limits layer, of the msgspec
decode+encode floor of the same bytes, and of ``jsonschema`` alone on the payload (what the
compiled checker saves).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from payloads import PAYLOADS

import interlingua
from interlingua import models
from interlingua.validate import limits, resolve
from interlingua.validate import schema as schema_layer
from interlingua.validate._core import Ctx

MODELS = {"openai.chat": "gpt-4.1", "anthropic.messages": "claude-sonnet-4-5"}


def _batch(fn: Callable[[], Any]) -> int:
    fn()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t > 0.003:
            return n
        n *= 2


def medians_us(fns: dict[str, Callable[[], Any]], seconds: float) -> dict[str, float]:
    """Median microseconds of each function, measured in interleaved rounds so that a
    shared machine's drift hits them all alike."""
    sizes = {k: _batch(f) for k, f in fns.items()}
    runs: dict[str, list[float]] = {k: [] for k in fns}
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or min(len(v) for v in runs.values()) < 7:
        for k, f in fns.items():
            n = sizes[k]
            t = time.perf_counter()
            for _ in range(n):
                f()
            runs[k].append((time.perf_counter() - t) / n)
    return {k: statistics.median(v) * 1e6 for k, v in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args()
    budget = 0.2 if args.quick else 1.0
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    print(f"python {sys.version.split()[0]}, msgspec {msgspec.__version__}")
    print(f"{'payload':<22}{'format':<20}{'bytes':>9}{'floor':>9}{'validate':>10}"
          f"{'schema':>9}{'rules':>9}{'limits':>9}{'jsonschema':>12}   (microseconds)")
    for name, build in PAYLOADS.items():
        chat = build()
        bodies = {"openai.chat": chat,
                  "anthropic.messages": interlingua.convert_request(
                      chat, "openai.chat", "anthropic.messages",
                      model=MODELS["anthropic.messages"], on_loss="ignore")}
        for fmt, body in bodies.items():
            raw = enc.encode(body)
            errors = [d for d in interlingua.validate(body, fmt) if d.severity == "error"]
            assert not errors, errors
            target = resolve(fmt)
            ctx = Ctx(body, target, "request", body.get("model"), models.lookup(body["model"]))
            js = Draft202012Validator(schema_layer.load(f"{fmt}.request"))
            t = medians_us({
                "floor": lambda r=raw: enc.encode(dec.decode(r)),
                "full": lambda b=body, f=fmt: interlingua.validate(b, f),
                "schema": lambda c=ctx, f=fmt: schema_layer.check(c, f"{f}.request"),
                "rules": lambda b=body, f=fmt: interlingua.validate(b, f, schema=False,
                                                                     limits=False),
                "limits": lambda c=ctx: limits.check(c, []),
            }, budget)
            jsonschema_us = medians_us({"js": lambda b=body, v=js: list(v.iter_errors(b))},
                                       budget / 4)["js"]
            floor, full = t["floor"], t["full"]
            print(f"{name:<22}{fmt:<20}{len(raw):>9,}{floor:>9.0f}{full:>10.0f}"
                  f"{t['schema']:>9.0f}{t['rules']:>9.0f}{t['limits']:>9.0f}"
                  f"{jsonschema_us:>12.0f}")


if __name__ == "__main__":
    main()
