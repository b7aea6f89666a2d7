"""Every built-in user-facing string, in Chinese and English, in one place.

Reports, charts, the demo and the CLI summaries look their labels up here with
:func:`t`; no other module hard-codes a user-facing phrase. Keys are dotted names
grouped by what they label (``section.*`` report headings, ``criterion.*`` the five
criteria of method.md 1.3, ``stage.*`` the six life-cycle stages of method.md 1.4,
``role.*``, ``gap.*``, ``action.*``, ``key_class.*``, ``measure.*`` column labels
with units, ``chart.*``, ``note.*``, ``demo.*``). A label with a ``{unit}`` (or other)
placeholder is filled from keyword arguments, so units come from the table, not
from these files.

The labels live in one module per area of the report (:mod:`~chainmap.i18n.frame`,
:mod:`~chainmap.i18n.method`, :mod:`~chainmap.i18n.notes`, :mod:`~chainmap.i18n.drawing`,
:mod:`~chainmap.i18n.web`, :mod:`~chainmap.i18n.brief`, :mod:`~chainmap.i18n.investment`,
:mod:`~chainmap.i18n.settings`, :mod:`~chainmap.i18n.places`), each a plain ``LABELS`` dict
of ``key: (zh, en)``; this module merges them into :data:`STRINGS` and is the only one
importers use.
"""

from __future__ import annotations

from typing import Final

from chainmap.i18n import (
    brief,
    drawing,
    frame,
    investment,
    method,
    notes,
    places,
    settings,
    web,
)

#: Supported languages: Chinese (default for Chinese tables) and English.
LANGUAGES: Final[tuple[str, ...]] = ("zh", "en")

#: The label tables, one module per area of the report; merged in this order.
_AREAS = (frame, method, notes, drawing, web, brief, investment, settings, places)


def _merge() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for area in _AREAS:
        clash = table.keys() & area.LABELS.keys()
        if clash:
            # A key defined in two areas would silently take the later text.
            msg = f"i18n keys defined twice ({area.__name__}): {', '.join(sorted(clash))}"
            raise RuntimeError(msg)
        table |= {key: dict(zip(LANGUAGES, pair, strict=True)) for key, pair in area.LABELS.items()}
    return table


#: key → {"zh": ..., "en": ...}; the single table of built-in strings.
STRINGS: Final[dict[str, dict[str, str]]] = _merge()


def check_language(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise ``ValueError`` listing the choices.

    Examples
    --------
    >>> check_language("en")
    'en'
    """
    if lang not in LANGUAGES:
        msg = f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    return lang


def t(key: str, lang: str = "zh", **values: object) -> str:
    """Return the built-in string ``key`` in ``lang``, with ``{placeholders}`` filled.

    Parameters
    ----------
    key : str
        Dotted key of :data:`STRINGS`, e.g. ``"section.summary"``.
    lang : {"zh", "en"}
        Language; Chinese by default.
    **values
        Values for placeholders such as ``{unit}``; without them the raw label is returned.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        ``key`` is not a built-in string (the message names it).
    ValueError
        ``lang`` is not supported.

    Examples
    --------
    >>> t("gap.break"), t("gap.break", "en")
    ('断点', 'Break point')
    >>> t("measure.output", "en", unit="10,000 yuan")
    'Gross output (10,000 yuan)'
    """
    check_language(lang)
    try:
        text = STRINGS[key][lang]
    except KeyError:
        msg = f"no built-in string with key {key!r}"
        raise KeyError(msg) from None
    return text.format(**values) if values else text


def keys(prefix: str = "") -> list[str]:
    """Keys starting with ``prefix`` in definition order (e.g. ``keys("stage.")``).

    Examples
    --------
    >>> [t(k) for k in keys("action.")]
    ['补链', '强链', '延链']
    """
    return [k for k in STRINGS if k.startswith(prefix)]
