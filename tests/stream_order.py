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


def check_openai_completions(events: list[dict[str, Any]], include_usage: bool | None = None
                             ) -> list[str]:
    """Legacy Completions chunks: one id, text pieces per choice, one finish_reason per
    choice on its last chunk, a usage chunk with empty choices last (and, when
    ``include_usage`` is given, present exactly when asked)."""
    errors: list[str] = []
    if not events:
        return ["empty stream"]
    ids = {e.get("id") for e in events if "error" not in e}
    if len(ids) > 1:
        errors.append(f"chunks carry several ids: {ids}")
    finished: set[int] = set()
    usage_seen = False
    for i, e in enumerate(events):
        if "error" in e:
            continue
        if e.get("object") != "text_completion":
            errors.append(f"chunk {i}: object is {e.get('object')!r}")
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
                errors.append(f"chunk {i}: text after finish_reason of choice {index}")
            if c.get("finish_reason") is not None:
                finished.add(index)
    if not finished:
        errors.append("no chunk carries a finish_reason")
    if include_usage is not None and usage_seen != include_usage:
        errors.append("usage chunk present though not asked" if usage_seen
                      else "usage chunk missing though asked")
    return errors


_RESPONSES_TERMINAL = {"response.completed": "completed", "response.incomplete": "incomplete",
                       "response.failed": "failed"}


def check_openai_responses(events: list[dict[str, Any]]) -> list[str]:
    """Responses events: response.created then response.in_progress first; strictly
    increasing sequence_number; output items added with contiguous output_index from 0 and
    done once with the same id and type; content parts (and reasoning summary parts) added
    with contiguous indices, deltas only inside an open part, a .done whose text is the sum
    of the deltas, every part done before its item; exactly one final completed / incomplete
    / failed event, last, whose status matches and whose output lists the items streamed."""
    errors: list[str] = []
    if not events:
        return ["empty stream"]
    types = [e.get("type") for e in events]
    if types[0] != "response.created":
        errors.append(f"the stream must start with response.created, not {types[0]!r}")
    if len(types) < 2 or types[1] != "response.in_progress":
        errors.append("response.in_progress must follow response.created")
    terminal = [i for i, t in enumerate(types) if t in _RESPONSES_TERMINAL]
    if len(terminal) != 1 or terminal[0] != len(events) - 1:
        errors.append(f"exactly one final completed/incomplete/failed event, last "
                      f"(found at {terminal})")
    last_seq = -1
    items: dict[int, dict[str, Any]] = {}       # open items by output_index
    done: list[dict[str, Any]] = []
    next_index = 0
    parts: dict[tuple[int, int], list[str]] = {}      # open content parts -> deltas
    summaries: dict[tuple[int, int], list[str]] = {}  # open summary parts -> deltas
    next_part: dict[int, int] = {}
    next_summary: dict[int, int] = {}
    args: dict[int, list[str]] = {}
    error_seen = False
    for i, e in enumerate(events):
        t = e.get("type")
        seq = e.get("sequence_number")
        if not isinstance(seq, int) or seq <= last_seq:
            errors.append(f"event {i} ({t}): sequence_number {seq!r} after {last_seq}")
        else:
            last_seq = seq
        oi = e.get("output_index")
        if t == "error":
            error_seen = True
            continue
        if t == "response.output_item.added":
            if oi != next_index:
                errors.append(f"event {i}: output_index {oi}, expected {next_index}")
            next_index += 1
            items[oi] = e["item"]
            next_part[oi] = 0
            next_summary[oi] = 0
            args[oi] = []
            continue
        if t == "response.output_item.done":
            added = items.pop(oi, None)
            if added is None:
                errors.append(f"event {i}: done for item {oi} that is not open")
                continue
            item = e["item"]
            if item.get("id") != added.get("id") or item.get("type") != added.get("type"):
                errors.append(f"event {i}: item {oi} done as {item.get('type')} "
                              f"{item.get('id')}, added as {added.get('type')} "
                              f"{added.get('id')}")
            if any(k[0] == oi for k in parts) or any(k[0] == oi for k in summaries):
                errors.append(f"event {i}: item {oi} done with parts still open")
            if item.get("type") == "function_call" and args[oi] and \
                    item.get("arguments") != "".join(args[oi]):
                errors.append(f"event {i}: function call arguments differ from the deltas")
            done.append(item)
            continue
        if oi is not None and t != "response.output_item.added" and oi not in items:
            errors.append(f"event {i} ({t}): item {oi} is not open")
            continue
        if oi is not None and e.get("item_id") is not None and \
                e["item_id"] != items[oi].get("id"):
            errors.append(f"event {i} ({t}): item_id {e['item_id']!r} is not the id of item "
                          f"{oi}")
        ci = e.get("content_index")
        si = e.get("summary_index")
        if t == "response.content_part.added":
            if ci != next_part[oi]:
                errors.append(f"event {i}: content_index {ci}, expected {next_part[oi]}")
            next_part[oi] += 1
            parts[(oi, ci)] = []
        elif t == "response.content_part.done":
            if parts.pop((oi, ci), None) is None:
                errors.append(f"event {i}: content part {oi}/{ci} is not open")
        elif t in ("response.output_text.delta", "response.refusal.delta",
                   "response.reasoning_text.delta"):
            if (oi, ci) not in parts:
                errors.append(f"event {i} ({t}): content part {oi}/{ci} is not open")
            else:
                parts[(oi, ci)].append(e.get("delta") or "")
        elif t in ("response.output_text.done", "response.refusal.done",
                   "response.reasoning_text.done"):
            key = "refusal" if t == "response.refusal.done" else "text"
            if (oi, ci) not in parts:
                errors.append(f"event {i} ({t}): content part {oi}/{ci} is not open")
            elif parts[(oi, ci)] and "".join(parts[(oi, ci)]) != e.get(key):
                errors.append(f"event {i} ({t}): text differs from the deltas")
        elif t == "response.output_text.annotation.added":
            if (oi, ci) not in parts:
                errors.append(f"event {i}: annotation for part {oi}/{ci} that is not open")
        elif t == "response.reasoning_summary_part.added":
            if si != next_summary[oi]:
                errors.append(f"event {i}: summary_index {si}, expected {next_summary[oi]}")
            next_summary[oi] += 1
            summaries[(oi, si)] = []
        elif t == "response.reasoning_summary_part.done":
            if summaries.pop((oi, si), None) is None:
                errors.append(f"event {i}: summary part {oi}/{si} is not open")
        elif t == "response.reasoning_summary_text.delta":
            if (oi, si) not in summaries:
                errors.append(f"event {i}: summary part {oi}/{si} is not open")
            else:
                summaries[(oi, si)].append(e.get("delta") or "")
        elif t == "response.reasoning_summary_text.done":
            if (oi, si) not in summaries:
                errors.append(f"event {i}: summary part {oi}/{si} is not open")
            elif summaries[(oi, si)] and "".join(summaries[(oi, si)]) != e.get("text"):
                errors.append(f"event {i}: summary text differs from the deltas")
        elif t in ("response.function_call_arguments.delta",
                   "response.custom_tool_call_input.delta"):
            args[oi].append(e.get("delta") or "")
        elif t in _RESPONSES_TERMINAL:
            r = e.get("response") or {}
            if r.get("status") != _RESPONSES_TERMINAL[t]:
                errors.append(f"event {i}: {t} with status {r.get('status')!r}")
            if items:
                errors.append(f"event {i}: {t} with items still open {sorted(items)}")
            if [x.get("id") for x in r.get("output") or ()] != [x.get("id") for x in done]:
                errors.append(f"event {i}: the final output does not list the items streamed")
            if error_seen and t != "response.failed":
                errors.append(f"event {i}: an error event, then {t}")
    return errors


ORDER_CHECKERS["openai.completions"] = check_openai_completions
ORDER_CHECKERS["openai.responses"] = check_openai_responses


#: The fields that hold a Gemini part's data: a part has exactly one.
_GEMINI_DATA = ("text", "functionCall", "functionResponse", "inlineData", "fileData",
                "executableCode", "codeExecutionResult", "toolCall", "toolResponse")
_GEMINI_COUNTS = ("promptTokenCount", "cachedContentTokenCount", "candidatesTokenCount",
                  "thoughtsTokenCount", "toolUsePromptTokenCount", "totalTokenCount")


def check_gemini(events: list[dict[str, Any]], partial_calls: bool = False) -> list[str]:
    """Gemini ``streamGenerateContent`` chunks: one responseId and modelVersion on every
    chunk; every part holds exactly one data field (a thoughtSignature or the thought flag
    never stands alone: signatures stay on their part); function calls are whole (name and
    args, no partialArgs / willContinue, unless ``partial_calls``); a candidate says nothing
    after the chunk with its finishReason, and every candidate gets one (unless an error
    chunk ends the stream); usage is cumulative (counts never go down) and, when any chunk
    has it, the last chunk has it; nothing follows an error chunk."""
    errors: list[str] = []
    if not events:
        return ["empty stream"]
    ids = {(e.get("responseId"), e.get("modelVersion")) for e in events if "error" not in e}
    if len(ids) > 1:
        errors.append(f"chunks carry several responseId / modelVersion: {ids}")
    finished: set[int] = set()
    seen: set[int] = set()
    usage_seen = False
    last_counts: dict[str, int] = {}
    error_at: int | None = None
    for i, e in enumerate(events):
        if error_at is not None:
            errors.append(f"chunk {i} after the error chunk {error_at}")
        if "error" in e:
            error_at = i
            continue
        for pos, cand in enumerate(e.get("candidates") or ()):
            index = cand.get("index", pos)
            seen.add(index)
            if index in finished:
                errors.append(f"chunk {i}: candidate {index} after its finishReason")
            for j, part in enumerate((cand.get("content") or {}).get("parts") or ()):
                data = [k for k in _GEMINI_DATA if k in part]
                if len(data) != 1:
                    errors.append(f"chunk {i} part {j}: data fields {data} (exactly one; a "
                                  "signature never stands alone)")
                if part.get("thought") and not isinstance(part.get("text"), str):
                    errors.append(f"chunk {i} part {j}: a thought part without text")
                fc = part.get("functionCall")
                if isinstance(fc, dict) and not partial_calls and (
                        not fc.get("name") or not isinstance(fc.get("args"), dict)
                        or "partialArgs" in fc or "willContinue" in fc):
                    errors.append(f"chunk {i} part {j}: a function call that is not whole")
            if cand.get("finishReason") is not None:
                finished.add(index)
        usage = e.get("usageMetadata")
        if usage is not None:
            usage_seen = True
            for key in _GEMINI_COUNTS:
                if usage.get(key, 0) < last_counts.get(key, 0):
                    errors.append(f"chunk {i}: usage {key} went down")
                last_counts[key] = usage.get(key, 0)
    if error_at is None:
        if not seen <= finished or not finished:
            errors.append(f"candidates without a finishReason: {sorted(seen - finished)}")
        if usage_seen and "usageMetadata" not in events[-1]:
            errors.append("the last chunk does not carry the usage")
    return errors


ORDER_CHECKERS["google.gemini"] = check_gemini
ORDER_CHECKERS["google.vertex"] = check_gemini
