"""Units of city figures: the money and head-count units chainmap converts between."""

from __future__ import annotations

import re

from chainmap.errors import InputDataError

#: Units chainmap converts between (value of one unit in the base unit of its kind).
_MONEY = {
    "元": 1.0,
    "yuan": 1.0,
    "cny": 1.0,
    "千元": 1e3,
    "万元": 1e4,
    "10000yuan": 1e4,
    "10,000yuan": 1e4,
    "cny10,000": 1e4,
    "cny10000": 1e4,
    "百万元": 1e6,
    "millionyuan": 1e6,
    "cnymillion": 1e6,
    "亿元": 1e8,
    "100millionyuan": 1e8,
    "cny100million": 1e8,
}
_PEOPLE = {
    "人": 1.0,
    "persons": 1.0,
    "person": 1.0,
    "万人": 1e4,
    "10000persons": 1e4,
    "10,000persons": 1e4,
}


def norm_unit(unit: str) -> str:
    """Unit text as compared: no white space, lower case."""
    return re.sub(r"\s+", "", unit).lower()


def unit_factor(from_unit: str, to_unit: str) -> float:
    """Factor that converts a figure in ``from_unit`` into ``to_unit``.

    Equal strings (or an empty ``from_unit``) give 1; otherwise both units must be known
    money units (元, 万元, 亿元, ...) or both known head counts (人, 万人).

    Examples
    --------
    >>> unit_factor("亿元", "万元")
    10000.0
    >>> unit_factor("", "万元")
    1.0
    """
    a, b = norm_unit(from_unit), norm_unit(to_unit)
    if not a or a == b:
        return 1.0
    for table in (_MONEY, _PEOPLE):
        if a in table and b in table:
            return table[a] / table[b]
    msg = (
        f"cannot convert city data in unit {from_unit!r} into the parent's unit {to_unit!r}; "
        "state the city data in the parent's unit"
    )
    raise InputDataError(msg)
