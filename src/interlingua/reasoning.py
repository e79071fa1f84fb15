"""One documented table between reasoning effort levels and thinking token budgets.

Vendors express "how much to think" three ways: an effort level (OpenAI
``reasoning_effort``, Anthropic ``output_config.effort``), a token budget (Anthropic
``budget_tokens``, Gemini 2.5 ``thinkingBudget``) and a level (Gemini 3 ``thinkingLevel``).
interlingua converts through a share of a *reference* token count:

==========  =====
effort      share
==========  =====
minimal     0.10
low         0.20
medium      0.50
high        0.80
xhigh       0.90
max         1.00
==========  =====

The reference is the request's max output tokens when the target counts thinking inside it
(Anthropic: ``budget_tokens < max_tokens``), else the model's largest budget (Gemini 2.5).
A budget maps back to the effort whose share is nearest, so effort -> budget -> effort is
stable. Every result is clamped to the model's range; a clamp is reported by the caller.

Gemini 3 ``thinkingLevel`` values (minimal, low, medium, high, xhigh) sit on the same scale
as efforts: an effort maps to the level of the same name, or to the nearest level the model
has (ties go to the higher one; ``max`` -> the highest, ``none`` -> the lowest, since a level
cannot turn thinking off), and a level reads back as the effort of its name. A budget maps to
a level through its effort.
"""

from __future__ import annotations

EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")

SHARE: dict[str, float] = {
    "minimal": 0.10,
    "low": 0.20,
    "medium": 0.50,
    "high": 0.80,
    "xhigh": 0.90,
    "max": 1.00,
}


def budget_for_effort(effort: str, reference: int) -> int:
    """Token budget for ``effort`` given the reference token count (before clamping)."""
    if effort == "none":
        return 0
    share = SHARE.get(effort, SHARE["medium"])
    return max(1, round(share * reference))


def effort_for_budget(budget: int, reference: int) -> str:
    """The effort level whose share of ``reference`` is nearest to ``budget``."""
    if budget <= 0:
        return "none"
    if budget < 0 or reference <= 0:
        return "high"
    share = budget / reference
    return min(SHARE, key=lambda e: (abs(SHARE[e] - share), -SHARE[e]))


def nearest_effort(effort: str, supported: list[str] | tuple[str, ...]) -> str:
    """The supported effort closest to ``effort`` on the scale (ties go to the higher one)."""
    if effort in supported or not supported:
        return effort
    rank = {e: i for i, e in enumerate(EFFORTS)}
    want = rank.get(effort, rank["medium"])
    return min(supported, key=lambda e: (abs(rank.get(e, 3) - want), -rank.get(e, 3)))


def clamp(value: int, low: int | None, high: int | None) -> int:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def level_for_effort(effort: str, levels: list[str] | tuple[str, ...]) -> str:
    """The thinking level (Gemini 3) for ``effort`` among the model's ``levels``."""
    if effort == "none" and levels:
        return levels[0]
    return nearest_effort(effort, levels)
