"""Resolve what a user typed (a code or a sector name) to an industry code.

Every command and function that takes a sector from a person goes through
:func:`resolve_sector`, so the rules are the same everywhere:

1. an exact industry code (``"079"``);
2. a purely numeric code written without its leading zeros (``"79"`` for ``"079"``),
   when exactly one code matches;
3. the exact Chinese or English name (``"汽车整车"``, ``"Manufacture of automobiles"``);
   English names match regardless of case and repeated spaces.

Anything else is an :class:`~chainmap.errors.InputDataError` that lists the closest
codes and names (substring matches first, then :mod:`difflib` similarity), so a
typo is one retry away. Nothing is guessed: a partial name never resolves silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from chainmap.errors import InputDataError, Issue
from chainmap.io.table import IOTable

#: How many suggestions an unknown-sector error lists.
MAX_SUGGESTIONS = 5

_NAME_COLUMNS: tuple[str, ...] = ("name", "name_zh", "name_en")


def _norm(text: str) -> str:
    """Case-folded text with runs of whitespace collapsed (for English names)."""
    return " ".join(text.split()).casefold()


def _describe(table: IOTable, code: str) -> str:
    """``code name_zh (name_en)`` for messages."""
    zh = table.label(code, "zh")
    en = table.label(code, "en")
    return f"{code} {zh}" + (f" ({en})" if en and en != zh else "")


def _name_index(table: IOTable) -> dict[str, set[str]]:
    """Normalised name → codes carrying that name in any name column."""
    index: dict[str, set[str]] = {}
    for column in _NAME_COLUMNS:
        if column not in table.sectors.columns:
            continue
        for code, value in table.sectors[column].items():
            name = str(value or "").strip()
            if name:
                index.setdefault(_norm(name), set()).add(str(code))
    return index


def _suggestions(table: IOTable, text: str) -> list[str]:
    """Closest sectors to ``text``: substring hits first, then difflib matches."""
    wanted = _norm(text)
    names: dict[str, str] = {}  # candidate string -> code
    for code in table.codes:
        names.setdefault(_norm(str(code)), str(code))
        for column in _NAME_COLUMNS:
            if column in table.sectors.columns:
                value = str(table.sectors.at[code, column] or "").strip()
                if value:
                    names.setdefault(_norm(value), str(code))
    hits: list[str] = []
    if wanted:
        contained = sorted(
            (cand for cand in names if wanted in cand or cand in wanted),
            key=lambda cand: (abs(len(cand) - len(wanted)), cand),
        )
        hits.extend(names[c] for c in contained)
    scored = []
    for cand, code in names.items():
        ratio = difflib.SequenceMatcher(None, wanted, cand).ratio()
        if ratio >= 0.3:
            scored.append((-ratio, code))
    hits.extend(code for _, code in sorted(scored))  # ties: smaller code first
    unique = list(dict.fromkeys(hits))
    return unique[:MAX_SUGGESTIONS]


def _resolve_one(table: IOTable, text: object, names: dict[str, set[str]]) -> str | Issue:
    raw = str(text).strip()
    source = table.meta.path or table.meta.table_id
    codes = [str(c) for c in table.codes]
    if raw in codes:
        return raw
    if raw.isdigit():
        numeric = [c for c in codes if c.isdigit() and int(c) == int(raw)]
        if len(numeric) == 1:
            return numeric[0]
    matched = sorted(names.get(_norm(raw), set()))
    if len(matched) == 1:
        return matched[0]
    if len(matched) > 1:
        listed = "; ".join(_describe(table, c) for c in matched)
        return Issue(
            f"sector {raw!r} is ambiguous: it names {listed}; give the code instead",
            file=source,
            sheet="sectors",
        )
    close = _suggestions(table, raw)
    hint = "; ".join(_describe(table, c) for c in close) if close else "none"
    return Issue(
        f"unknown sector {raw!r} (give a code or the exact Chinese or English name); "
        f"closest: {hint}",
        file=source,
        sheet="sectors",
    )


def resolve_sector(table: IOTable, text: object) -> str:
    """Industry code for a code or an exact Chinese/English sector name.

    Parameters
    ----------
    table : IOTable
        Table whose sectors are searched.
    text : str
        A code (leading zeros optional for numeric codes) or an exact name.

    Returns
    -------
    str
        The industry code.

    Raises
    ------
    InputDataError
        ``text`` matches no sector (the message lists the closest ones) or a name
        shared by several sectors.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> resolve_sector(t, "部门二"), resolve_sector(t, "sector 1"), resolve_sector(t, "2")
    ('2', '1', '2')
    """
    result = _resolve_one(table, text, _name_index(table))
    if isinstance(result, Issue):
        raise InputDataError([result])
    return result


def resolve_sectors(table: IOTable, texts: Iterable[object]) -> list[str]:
    """Resolve several sectors at once; every unknown one is reported in one error.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> resolve_sectors(miller_blair_2x2(), ["Sector 2", "1"])
    ['2', '1']
    """
    names = _name_index(table)
    results = [_resolve_one(table, text, names) for text in texts]
    issues = [r for r in results if isinstance(r, Issue)]
    if issues:
        raise InputDataError(issues)
    return [r for r in results if isinstance(r, str)]


def sector_labels(table: IOTable, lang: str = "zh") -> dict[str, str]:
    """Display name of every sector in ``lang`` at once (same rule as ``IOTable.label``).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> sector_labels(miller_blair_2x2(), "zh")
    {'1': '部门一', '2': '部门二'}
    """
    column = "name_zh" if lang == "zh" else "name_en"
    sectors = table.sectors
    fallback = sectors["name"].astype(str)
    if column in sectors.columns:
        chosen = sectors[column].fillna("").astype(str)
        values = chosen.where(chosen != "", fallback)
    else:
        values = fallback
    return {str(code): str(value) for code, value in values.items()}
