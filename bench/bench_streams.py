"""Benchmark: per-event stream conversion cost, against msgspec decode+encode per event.

    python bench/bench_streams.py [--quick] [--pairs SOURCE>TARGET,...]

For each source format it takes the longest recorded stream in tests/data/recorded and, for
every target, times a whole ``StreamConverter`` run (feed every event, close) divided by the
number of source events. The floor is decoding and re-encoding each event's JSON. Budget
(docs/performance.md): 5 µs per event.

Gemini's text recordings are three chunks long; besides its longest recording (Vertex
function-call arguments in pieces), a text-heavy Gemini stream is made by converting the
longest Anthropic recording to Gemini chunks (source "google.gemini/text").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench_requests import compare

import interlingua
from recorded import recordings, response_formats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pairs", default="", help="only these, e.g. "
                        "'google.gemini>anthropic.messages,anthropic.messages>google.gemini'")
    args = parser.parse_args()
    pairs = {tuple(p.split(">", 1)) for p in args.pairs.split(",") if ">" in p}
    budget = 0.3 if args.quick else 1.0
    enc, dec = msgspec.json.Encoder(), msgspec.json.Decoder()
    # Per source format, the recording with the most deltas (text, reasoning, arguments):
    # the events a proxy converts most.
    longest: dict[str, object] = {}
    for rec in recordings("stream"):
        events = rec.streams()[0]
        score = sum(1 for e in events if _is_delta(e))
        best = longest.get(rec.format)
        if best is None or score > best[2]:  # type: ignore[index]
            longest[rec.format] = (rec, events, score)
    if "anthropic.messages" in longest and "google.gemini" in longest:
        rec, events, _ = longest["anthropic.messages"]  # type: ignore[misc]
        text = list(interlingua.convert_stream(events, "anthropic.messages", "google.gemini",
                                               on_loss="ignore"))
        longest["google.gemini/text"] = (rec, text, 0)
    print(f"{'source':<22}{'target':<22}{'events':>7}{'floor us/ev':>13}{'convert us/ev':>15}"
          f"{'ratio':>7}  recording")
    for label, (rec, events, _) in sorted(longest.items()):  # type: ignore[misc]
        source = label.split("/", 1)[0]
        raws = [enc.encode(e) for e in events]
        n = len(events)

        def floor(raws: list[bytes] = raws) -> None:
            for raw in raws:
                enc.encode(dec.decode(raw))

        for target in response_formats():
            if pairs and (source, target) not in pairs:
                continue

            def run(events: list[dict[str, object]] = events, source: str = source,
                    target: str = target) -> None:
                conv = interlingua.StreamConverter(source, target, on_loss="ignore")
                for ev in events:
                    conv.feed(ev)
                conv.close()

            f, c, ratio = compare(floor, run, budget)
            print(f"{label:<22}{target:<22}{n:>7}{f / n:>13.2f}{c / n:>15.2f}{ratio:>7.1f}  "
                  f"{rec.path.name}{' (as Gemini chunks)' if '/' in label else ''}")


def _is_delta(event: dict[str, object]) -> bool:
    kind = event.get("type")
    if kind == "content_block_delta" or (isinstance(kind, str) and kind.endswith(".delta")):
        return True   # Anthropic deltas; Responses text, reasoning and argument deltas
    choices = event.get("choices")
    if isinstance(event.get("candidates"), list):   # Gemini: a chunk with parts
        return any(isinstance(c, dict) and (c.get("content") or {}).get("parts")
                   for c in event["candidates"])
    return isinstance(choices, list) and any(
        isinstance(c, dict) and c.get("delta") for c in choices)


if __name__ == "__main__":
    main()
