"""Gap classes, their thresholds and the diagnosis record (see :mod:`chainmap.gaps.diagnosis`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainmap.errors import ScenarioError
from chainmap.iomath import Array

GAP_CLASSES: dict[str, tuple[str, str]] = {
    "break": ("断点", "break point"),
    "choke": ("堵点", "choke point"),
    "weak": ("弱点", "weak point"),
    "sound": ("健全", "sound"),
    "minor": ("次要", "minor link"),
}
ACTIONS: dict[str, tuple[str, str]] = {
    "fill": ("补链", "fill the chain"),
    "strengthen": ("强链", "strengthen the chain"),
    "extend": ("延链", "extend the chain"),
    "none": ("", ""),
}
ACTION_OF = {"break": "fill", "choke": "strengthen", "weak": "strengthen"}


@dataclass(frozen=True)
class GapThresholds:
    """Thresholds of the gap classification (shares are fractions).

    Defaults: a link under 1 % of j's inputs is minor; under 15 % bought locally is a
    break point, under 40 % weak (both from the observed local shares of the provincial
    tables, see the module docstring); a supplier with large local output (city location
    quotient ≥ ``large_lq`` = 1 against the parent, or ≥ ``large_output_share`` = 0.5 % of
    city output) is never a break point (at worst weak) and counts as present; a choke
    point takes ≥ 5 % of j's inputs with a national import share ≥ 25 % (about four times
    China's 2020 average of 6 %); key links cover 80 % of requirements; a filled supplier
    reaches 50 % local share; a buyer taking ≥ 2 % of j's national output at under half
    its national presence is an extension target.
    """

    min_cost_share: float = 0.01
    break_share: float = 0.15
    sound_share: float = 0.40
    choke_cost_share: float = 0.05
    choke_import_share: float = 0.25
    key_share: float = 0.80
    fill_target: float = 0.50
    extension_sales_share: float = 0.02
    extension_presence: float = 0.50
    large_lq: float = 1.0
    large_output_share: float = 0.005

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if name == "large_lq":
                if value < 0:
                    raise ScenarioError(f"gap threshold large_lq must be ≥ 0; got {value}")
                continue
            if not 0.0 <= value <= 1.0:
                msg = f"gap threshold {name} must lie in [0, 1]; got {value}"
                raise ScenarioError(msg)
        if self.break_share > self.sound_share:
            msg = "gap threshold break_share must not exceed sound_share"
            raise ScenarioError(msg)


@dataclass(frozen=True)
class GapDiagnosis:
    """Result of :func:`diagnose_gaps`: per-link table, downstream table and summary."""

    sector: tuple[str, ...]
    links: pd.DataFrame
    downstream: pd.DataFrame
    summary: dict[str, Any]
    thresholds: GapThresholds


def classify_links(
    cost_share: Array, local_share: Array, mu: Array, t: GapThresholds, large: Array | None = None
) -> list[str]:
    """Gap class of each link (first match wins: minor, break, choke, weak, sound).

    ``large`` marks suppliers with large local output: never a break point.

    Examples
    --------
    >>> import numpy as np
    >>> classify_links(np.array([0.005, 0.1, 0.1]), np.array([0.0, 0.1, 0.3]),
    ...                np.array([0.0, 0.0, 0.0]), GapThresholds())
    ['minor', 'break', 'weak']
    """
    big = np.zeros(len(cost_share), dtype=bool) if large is None else np.asarray(large, bool)
    out = []
    for cs, ls, m, lg in zip(cost_share, local_share, mu, big, strict=True):
        if cs < t.min_cost_share:
            out.append("minor")
        elif ls < t.break_share and not lg:
            out.append("break")
        elif cs >= t.choke_cost_share and not np.isnan(m) and m >= t.choke_import_share:
            out.append("choke")
        elif ls < t.sound_share:
            out.append("weak")
        else:
            out.append("sound")
    return out


def calc_key_links(need: Array, key_share: float) -> Array:
    """Boolean mask of the fewest links (largest first, ties by position) covering ``key_share``.

    Examples
    --------
    >>> import numpy as np
    >>> calc_key_links(np.array([0.1, 0.5, 0.3, 0.1]), 0.8).tolist()
    [False, True, True, False]
    """
    v = np.asarray(need, dtype=float)
    order = np.argsort(-v, kind="stable")
    cum_before = np.concatenate([[0.0], np.cumsum(v[order])[:-1]]) / max(v.sum(), 1e-300)
    key = np.zeros(v.size, dtype=bool)
    key[order] = (cum_before < key_share - 1e-12) & (v[order] > 0)
    return key
