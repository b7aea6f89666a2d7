"""Outcome of a selection solve: status, chosen portfolio, objective terms (求解结果).

Plain frozen data (no PuLP), so that the scenario runner, the result writer and the
reports can type their fields without importing the solver.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["LinkFill", "SelectionResult", "SelectionStatus"]


class SelectionStatus(StrEnum):
    """Outcome of a solve (求解状态)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # time limit hit with an incumbent: optimality not proven
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"  # time limit without a solution, or solver failure


@dataclass(frozen=True)
class LinkFill:
    """A chain link i→j covered by the solution for leading industry j.

    ``by`` is "fill" when supplier i is filled (补链/强链) and "leading" when i is itself
    a chosen leading industry, whose development covers the link without a fill.
    """

    industry: str
    supplier: str
    value: float  # w_ij, need × local-supply gap (net of rpc_before)
    rpc_before: float  # existing local coverage RPC_i
    by: str = "fill"


@dataclass(frozen=True)
class SelectionResult:
    """Solved portfolio with the objective split into its terms.

    Attributes
    ----------
    status : SelectionStatus
    solver : str
    wall_time : float
        Seconds spent in the solver call.
    objective : float or None
        Σ of ``terms`` recomputed from the rounded decisions (None when unsolved).
    solver_objective : float or None
        Objective as reported by the solver (agrees with ``objective`` to tolerance).
    terms : dict
        ``score_leading`` (ω Σ s y), ``score_potential`` (ω δ Σ s p), ``links``
        (λ Σ w q), ``synergy`` (γ Σ σ z), ``cost`` (−μ × total cost).
    leading, potential, filled : tuple of str
        Chosen leading and potential industries, filled suppliers (sorted codes).
    links : tuple of LinkFill
        Covered links.
    usage : dict
        Left-hand sides: ``cost_total``, ``entry_cost``, ``fill_cost``, ``n_leading``,
        ``n_potential``, ``n_filled``, ``link_value`` and one per cap (``cap_<name>``).
    slack : dict
        Slack of every budget, count, max-links, cap and diversity constraint.
    binding : tuple of str
        Those constraints with slack ≈ 0.
    relaxed : tuple of str
        Constraints left out when the problem was built.
    exact_score : float or None
        Exact re-score of the portfolio (see :meth:`with_exact_score`).
    """

    status: SelectionStatus
    solver: str
    wall_time: float
    objective: float | None = None
    solver_objective: float | None = None
    terms: Mapping[str, float] = field(default_factory=dict)
    leading: tuple[str, ...] = ()
    potential: tuple[str, ...] = ()
    filled: tuple[str, ...] = ()
    links: tuple[LinkFill, ...] = ()
    usage: Mapping[str, float] = field(default_factory=dict)
    slack: Mapping[str, float] = field(default_factory=dict)
    binding: tuple[str, ...] = ()
    relaxed: tuple[str, ...] = ()
    exact_score: float | None = None

    @property
    def is_solved(self) -> bool:
        """True if a feasible portfolio was found (optimal or at a time limit)."""
        return self.status in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE)

    def with_exact_score(
        self, rescore: Callable[[tuple[str, ...]], float], *, include_potential: bool = False
    ) -> SelectionResult:
        """Copy with ``exact_score = rescore(leading [+ potential])``.

        The runner passes a callable built on ``calc_group_extraction`` (joint
        extraction of the chosen sectors), which the additive score approximates.
        """
        codes = self.leading + (self.potential if include_potential else ())
        return dataclasses.replace(self, exact_score=float(rescore(codes)))

    def to_dict(self, *, timing: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``wall_time`` only with ``timing=True`` so results are reproducible."""
        out: dict[str, Any] = {
            "status": str(self.status),
            "solver": self.solver,
            "objective": self.objective,
            "solver_objective": None
            if self.solver_objective is None
            else round(self.solver_objective, 9),
            "terms": dict(self.terms),
            "leading": list(self.leading),
            "potential": list(self.potential),
            "filled": list(self.filled),
            "links": [dataclasses.asdict(link) for link in self.links],
            "usage": dict(self.usage),
            "slack": dict(self.slack),
            "binding": list(self.binding),
            "relaxed": list(self.relaxed),
            "exact_score": self.exact_score,
        }
        if timing:
            out["wall_time"] = self.wall_time
        return out
