"""Stability of the leading set over parameter variants (参数敏感性).

:func:`summarise_variants` counts how often the leading set and each industry survive
re-running the decision under other modelling choices (regionalisation δ or method,
stage thresholds, policy on/off, the market growth window); the runner builds the
variants and solves them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["FAMILY_LABELS", "ParameterSensitivity", "Variant", "summarise_variants"]


#: Parameter families of :func:`summarise_variants`, in report order.
FAMILY_LABELS: dict[str, str] = {
    "regionalization": "regionalisation",
    "stages": "stage thresholds",
    "policy": "policy on/off",
    "growth_window": "market growth window",
}


@dataclass(frozen=True)
class Variant:
    """One re-run of the decision under another modelling choice.

    Attributes
    ----------
    family : str
        ``"regionalization"``, ``"stages"``, ``"policy"`` or ``"growth_window"``
        (:data:`FAMILY_LABELS`).
    label : str
        What was changed, e.g. ``"FLQ δ = 0.5"``.
    leading, potential : tuple of str
        The chosen leading and potential industries (empty when not solved).
    solved : bool
        Whether the MILP found a portfolio.
    """

    family: str
    label: str
    leading: tuple[str, ...]
    potential: tuple[str, ...] = ()
    solved: bool = True


@dataclass(frozen=True)
class ParameterSensitivity:
    """Result of :func:`summarise_variants`.

    Attributes
    ----------
    variants : pd.DataFrame
        One row per variant: ``family``, ``variant``, ``leading``, ``potential``
        (space-separated codes), ``solved``, ``same_leading`` (leading set equal to the
        baseline's).
    table : pd.DataFrame
        Per industry (index ``industry``): ``chosen_share_<family>`` for every family
        present (share of that family's solved variants choosing it as leading),
        ``chosen_share_parameters`` (over all solved variants, each counted once),
        ``potential_share_parameters``, and ``chosen_share_overall``: the mean over the
        families present, the weight draws counting as one family when given
        (``chosen_share_weights`` = their ``selected_frequency``).
    summary : dict
        ``n_variants``, ``n_unchanged``, ``by_family`` ({family: {"variants",
        "unchanged"}}), ``baseline_leading``, ``chosen`` ({code: share over all
        variants} for the baseline's and the variants' leading industries) and
        ``text``, one line a report can show.
    """

    variants: pd.DataFrame
    table: pd.DataFrame
    summary: dict[str, object]


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def summarise_variants(
    baseline_leading: Sequence[str],
    variants: Sequence[Variant],
    codes: Sequence[str],
    *,
    weight_frequency: pd.Series | None = None,
) -> ParameterSensitivity:
    """Stability of the leading set over parameter variants (and weight draws).

    Parameters
    ----------
    baseline_leading : sequence of str
        The scenario's leading industries.
    variants : sequence of Variant
        The re-runs; unsolved variants count as "changed" but not in the shares.
    codes : sequence of str
        Industries of the table (rows of ``table``).
    weight_frequency : Series, optional
        ``selected_frequency`` of the weight draws (:class:`WeightSensitivity`).

    Examples
    --------
    >>> v = [Variant("stages", "x0.9", ("a", "b")), Variant("stages", "x1.1", ("a", "c")),
    ...      Variant("policy", "off", ("a", "b"))]
    >>> r = summarise_variants(["a", "b"], v, ["a", "b", "c"])
    >>> r.summary["n_unchanged"], r.summary["n_variants"], r.table["chosen_share_stages"].tolist()
    (2, 3, [1.0, 0.5, 0.5])
    >>> print(r.summary["text"].replace("; ", ";\\n"))
    leading set unchanged in 2 of 3 parameter variants (stage thresholds 1/2, policy on/off 1/1);
    chosen as leading: a 100 %, b 67 %, c 33 %
    """
    base = tuple(sorted(baseline_leading))
    codes = [str(c) for c in codes]
    frame = _variant_frame(variants, base)
    families = [f for f in FAMILY_LABELS if f in set(frame["family"])]
    families += [f for f in dict.fromkeys(frame["family"]) if f not in families]
    table = _share_table(codes, variants, families, weight_frequency)
    by_family = {
        fam: {
            "variants": int((frame["family"] == fam).sum()),
            "unchanged": int(frame.loc[frame["family"] == fam, "same_leading"].sum()),
        }
        for fam in families
    }
    n_unchanged = int(frame["same_leading"].sum()) if len(frame) else 0
    overall = table["chosen_share_parameters"]
    named = [c for c in codes if c in base or (overall.get(c, 0) or 0) > 0]
    value = {c: float(overall[c]) if pd.notna(overall[c]) else 0.0 for c in named}
    named.sort(key=lambda c: (-value[c], c))
    chosen = {c: float(overall[c]) for c in named if pd.notna(overall[c])}
    parts = ", ".join(
        f"{FAMILY_LABELS.get(f, f)} {by_family[f]['unchanged']}/{by_family[f]['variants']}"
        for f in families
    )
    text = f"leading set unchanged in {n_unchanged} of {len(frame)} parameter variants"
    if parts:
        text += f" ({parts})"
    if chosen:
        text += "; chosen as leading: " + ", ".join(f"{c} {_pct(x)}" for c, x in chosen.items())
    if weight_frequency is not None:
        wf = weight_frequency.reindex(list(base)).astype(float)
        text += "; under weight draws: " + ", ".join(
            f"{c} {_pct(float(x))}" for c, x in wf.items() if pd.notna(x)
        )
    summary: dict[str, object] = {
        "n_variants": len(frame),
        "n_unchanged": n_unchanged,
        "by_family": by_family,
        "baseline_leading": list(base),
        "chosen": chosen,
        "text": text,
    }
    return ParameterSensitivity(variants=frame, table=table, summary=summary)


def _variant_frame(variants: Sequence[Variant], base: tuple[str, ...]) -> pd.DataFrame:
    """One row per variant; ``same_leading``: solved with the baseline's leading set."""
    rows = [
        {
            "family": v.family,
            "variant": v.label,
            "leading": " ".join(v.leading),
            "potential": " ".join(v.potential),
            "solved": v.solved,
            "same_leading": v.solved and tuple(sorted(v.leading)) == base,
        }
        for v in variants
    ]
    return pd.DataFrame(
        rows, columns=["family", "variant", "leading", "potential", "solved", "same_leading"]
    )


def _share_table(
    codes: list[str],
    variants: Sequence[Variant],
    families: list[str],
    weight_frequency: pd.Series | None,
) -> pd.DataFrame:
    """Per industry: the share of solved variants choosing it, per family and overall."""
    table = pd.DataFrame(index=pd.Index(codes, name="industry"))
    solved = [v for v in variants if v.solved]

    def share(vs: Sequence[Variant], attr: str) -> pd.Series:
        if not vs:
            return pd.Series(np.nan, index=table.index)
        hits = [sum(c in getattr(v, attr) for v in vs) / len(vs) for c in codes]
        return pd.Series(hits, index=table.index)

    family_cols = []
    if weight_frequency is not None:
        table["chosen_share_weights"] = weight_frequency.reindex(codes).to_numpy(dtype=float)
        family_cols.append("chosen_share_weights")
    for fam in families:
        table[f"chosen_share_{fam}"] = share([v for v in solved if v.family == fam], "leading")
        family_cols.append(f"chosen_share_{fam}")
    table["chosen_share_parameters"] = share(solved, "leading")
    table["potential_share_parameters"] = share(solved, "potential")
    table["chosen_share_overall"] = (
        table[family_cols].mean(axis=1, skipna=True) if family_cols else np.nan
    )
    return table
