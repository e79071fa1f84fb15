"""Each target format's stream conventions, as checks on a converted event sequence."""

from __future__ import annotations

from typing import Any


def check_openai_chat(events: list[dict[str, Any]], include_usage: bool = False) -> list[str]:
    errors: list[str] = []
    if not events:
        return ["empty stream"]
    first = events[0]
    if not first.get("choices") or first["choices"][0].get("delta", {}).get("role") != \
            "assistant":
        errors.append("the first chunk must carry the assistant role")
    ids = {e.get("id") for e in events if "error" not in e}
    if len(ids) > 1:
        errors.append(f"chunks carry several ids: {ids}")
    finished: set[int] = set()
    usage_seen = False
    for i, e in enumerate(events):
        if "error" in e:
            continue
        if usage_seen:
            errors.append(f"chunk {i} after the usage chunk")
        if not e["choices"]:
            if e.get("usage") is None:
                errors.append(f"chunk {i} has no choices and no usage")
            usage_seen = True
            continue
        for c in e["choices"]:
            index = c["index"]
            if index in finished:
                errors.append(f"chunk {i}: content after finish_reason of choice {index}")
            if c.get("finish_reason") is not None:
                finished.add(index)
    if not finished:
        errors.append("no chunk carries a finish_reason")
    if usage_seen != include_usage:
        errors.append("usage chunk present though not asked" if usage_seen
                      else "usage chunk missing though asked")
    return errors


def check_anthropic(events: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    types = [e.get("type") for e in events]
    if not types or types[0] != "message_start":
        errors.append("the stream must start with message_start")
    if not types or types[-1] != "message_stop":
        errors.append("the stream must end with message_stop")
    if types.count("message_start") != 1 or types.count("message_stop") != 1:
        errors.append("exactly one message_start and one message_stop")
    if types.count("message_delta") != 1:
        errors.append("exactly one message_delta")
    open_blocks: set[int] = set()
    next_index = 0
    delta_seen = False
    for i, e in enumerate(events):
        t = e.get("type")
        if t == "content_block_start":
            if delta_seen:
                errors.append(f"event {i}: block after message_delta")
            if e["index"] != next_index:
                errors.append(f"event {i}: block index {e['index']}, expected {next_index}")
            next_index += 1
            open_blocks.add(e["index"])
        elif t == "content_block_delta":
            if e["index"] not in open_blocks:
                errors.append(f"event {i}: delta for block {e['index']} that is not open")
        elif t == "content_block_stop":
            if e["index"] not in open_blocks:
                errors.append(f"event {i}: stop for block {e['index']} that is not open")
            open_blocks.discard(e["index"])
        elif t == "message_delta":
            delta_seen = True
            if open_blocks:
                errors.append(f"event {i}: message_delta with blocks still open {open_blocks}")
    return errors


ORDER_CHECKERS = {"openai.chat": check_openai_chat, "anthropic.messages": check_anthropic}
