"""Exceptions and warnings raised by chainmap.

Every error a user can cause derives from :class:`ChainmapError`; the CLI turns
any of them into one line on stderr and exit code 2.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeGuard


class ChainmapError(Exception):
    """Base class of every error chainmap raises on purpose."""


@dataclass(frozen=True)
class Issue:
    """One problem found in input data, with the place it was found.

    Parameters
    ----------
    message : str
        What is wrong, with the offending value and what was expected.
    file : str
        File the value came from ("" when the table was built in memory).
    sheet : str
        Sheet (workbook) or logical block (``Z``, ``final_demand``...).
    row, column : str
        Row and column labels of the offending cell, "" where not applicable.
    """

    message: str
    file: str = ""
    sheet: str = ""
    row: str = ""
    column: str = ""

    def __str__(self) -> str:
        where = [
            p
            for p in (
                self.file,
                f"sheet {self.sheet}" if self.sheet else "",
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if p
        ]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputDataError(ChainmapError, ValueError):
    """Input table or data file is invalid; carries every problem found."""

    def __init__(self, issues: list[Issue] | str, source: str = "") -> None:
        if isinstance(issues, str):
            issues = [Issue(issues, file=source)]
        self.issues: list[Issue] = list(issues)
        self.source = source
        head = f"{len(self.issues)} problem{'s' if len(self.issues) != 1 else ''}"
        head += f" in {source}" if source else ""
        lines = [f"{head}:"] + [f" * {issue}" for issue in self.issues]
        super().__init__("\n".join(lines) if len(self.issues) != 1 else f"{head}: {self.issues[0]}")


class ScenarioError(ChainmapError, ValueError):
    """A scenario file is invalid (unknown key, wrong type, unknown code...)."""


class InfeasibleSelectionError(ChainmapError):
    """The selection problem has no feasible solution."""


class SolverError(ChainmapError):
    """The MILP solver is unavailable or failed."""


class DataWarning(UserWarning):
    """Data are suspicious but usable, or were changed behind an explicit option."""


def reject_unknown_keys(keys: Iterable[object], allowed: Sequence[object], where: str) -> None:
    """Raise :class:`ScenarioError` naming the first key not in ``allowed``.

    The message lists ``allowed`` in the order given: ``where: unknown key 'x' (allowed:
    a, b)``.
    """
    known = set(allowed)
    for key in keys:
        if key not in known:
            msg = f"{where}: unknown key {key!r} (allowed: {', '.join(map(str, allowed))})"
            raise ScenarioError(msg)


def is_finite_number(value: object) -> TypeGuard[float]:
    """Whether ``value`` is a finite real number: a Python or numpy int or float.

    A bool is not a number here (a YAML ``true`` must not read as 1), nor are NaN, ±inf
    and an int too large for a float.

    Examples
    --------
    >>> [is_finite_number(v) for v in (1, 0.5, True, float("nan"), float("inf"), "1")]
    [True, True, False, False, False, False]
    """
    # numbers.Real takes in numpy's integer and floating scalars and leaves out numpy's
    # bool; Python's bool is an int, hence the explicit test.
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float's range: every caller needs a float
        return False


def require_finite_number(value: object, subject: str) -> float:
    """``value`` as a float, or :class:`ScenarioError` saying which way it is not a number.

    The message starts with ``subject``: ``<subject> must be a number, got 'x'`` for a
    non-number (a bool included), ``<subject> must be finite, got nan`` for NaN or ±inf.

    Examples
    --------
    >>> require_finite_number(2, "stage rules: hot_growth")
    2.0
    """
    if is_finite_number(value):
        return float(value)
    problem = (
        "finite" if isinstance(value, numbers.Real) and not isinstance(value, bool) else "a number"
    )
    msg = f"{subject} must be {problem}, got {value!r}"
    raise ScenarioError(msg)


def one_line_message(err: BaseException) -> str:
    """The message of ``err`` on one line, as the command line prints it after
    ``chainmap: error:`` and the workbench shows it: its lines stripped and joined by
    `` | `` (the error's class name when the message is empty).

    Examples
    --------
    >>> one_line_message(InputDataError([Issue("bad"), Issue("worse")], "t.csv"))
    '2 problems in t.csv: | * bad | * worse'
    """
    lines = [line.strip() for line in str(err).strip().splitlines()]
    return " | ".join(lines) if lines else type(err).__name__


def raise_if_issues(issues: list[Issue], source: str = "") -> None:
    """Raise one :class:`InputDataError` listing every issue, if there are any."""
    if issues:
        raise InputDataError(issues, source)
