"""The six industry development stages (产业发展阶段) and what each may become.

The source report (000:1248) names six stages: 萌芽期, 过热期, 验证放量期, 稳健增长期,
成熟期, 衰退期. It says leading industries are generally chosen *before* maturity
and that industries *before* steady growth can be cultivated as potential leading
industries.

Eligibility (:func:`stage_eligibility`): 稳健增长期 industries are leading candidates;
萌芽期 and 验证放量期 are potential leading industries to cultivate (and, when
``strict=False``, may also be picked as leading outright, a question the report leaves
open); 过热期 (hype), 成熟期 and 衰退期 industries are not chosen. Excluding 过热期 is the
tool's choice: a boom is not evidence of a durable advantage, and investing into it is
what the stage's name warns against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chainmap.errors import ScenarioError

StageGroup = Literal["early", "steady", "late"]


@dataclass(frozen=True)
class StageInfo:
    """One life-cycle stage: key, labels, order (1–6) and eligibility group."""

    key: str
    zh: str
    en: str
    order: int
    group: StageGroup


#: The six stages in life-cycle order (000:1248).
STAGES: tuple[StageInfo, ...] = (
    StageInfo("emergence", "萌芽期", "Emergence", 1, "early"),
    StageInfo("overheating", "过热期", "Overheating (hype)", 2, "early"),
    StageInfo("validation", "验证放量期", "Validation & volume ramp-up", 3, "early"),
    StageInfo("steady_growth", "稳健增长期", "Steady growth", 4, "steady"),
    StageInfo("maturity", "成熟期", "Maturity", 5, "late"),
    StageInfo("decline", "衰退期", "Decline", 6, "late"),
)

STAGE_KEYS: tuple[str, ...] = tuple(s.key for s in STAGES)
_BY_KEY = {s.key: s for s in STAGES}
_ALIASES: dict[str, str] = {}
for _s in STAGES:
    for _text in (_s.key, _s.zh, _s.en, _s.key.replace("_", " "), _s.zh.removesuffix("期")):
        _ALIASES[_text.casefold()] = _s.key
_ALIASES.update(
    {
        "embryonic": "emergence",
        "hype": "overheating",
        "ramp-up": "validation",
        "ramp_up": "validation",
        "steady": "steady_growth",
        "growth": "steady_growth",
        "mature": "maturity",
        "declining": "decline",
    }
)


def parse_stage(text: str, *, where: str = "stage") -> str:
    """Stage key from a Chinese or English label (case-insensitive).

    Raises
    ------
    ScenarioError
        Unknown label; the message names ``where`` and the accepted labels.

    Examples
    --------
    >>> parse_stage("稳健增长期"), parse_stage("Maturity"), parse_stage("萌芽")
    ('steady_growth', 'maturity', 'emergence')
    """
    key = _ALIASES.get(str(text).strip().casefold())
    if key is None:
        accepted = ", ".join(f"{s.zh}/{s.key}" for s in STAGES)
        msg = f"{where}: unknown development stage {text!r} (use one of {accepted})"
        raise ScenarioError(msg)
    return key


def stage_info(key: str) -> StageInfo:
    """The :class:`StageInfo` of a stage key or label."""
    return _BY_KEY[parse_stage(key)]


# ----- eligibility ------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """What an industry in a stage may become.

    Attributes
    ----------
    can_lead : bool
        May be chosen as a leading industry (主导产业).
    can_be_potential : bool
        May be named a potential leading industry to cultivate (潜在主导产业).
    """

    can_lead: bool
    can_be_potential: bool


def stage_eligibility(stage: str, *, strict: bool = False) -> Eligibility:
    """Eligibility of a stage (000:1248; the strict/lenient switch is the tool's).

    * 稳健增长期 → leading candidate.
    * 萌芽期, 验证放量期 → potential leading industry; with ``strict=False``
      (lenient) they may also be picked as leading outright.
    * 过热期, 成熟期, 衰退期 → neither.

    Examples
    --------
    >>> stage_eligibility("验证放量期", strict=True)
    Eligibility(can_lead=False, can_be_potential=True)
    >>> stage_eligibility("validation", strict=False).can_lead
    True
    """
    info = stage_info(stage)
    if info.key == "overheating":  # hype: neither led nor cultivated (watch list)
        return Eligibility(can_lead=False, can_be_potential=False)
    group = info.group
    if group == "steady":
        return Eligibility(can_lead=True, can_be_potential=False)
    if group == "early":
        return Eligibility(can_lead=not strict, can_be_potential=True)
    return Eligibility(can_lead=False, can_be_potential=False)
