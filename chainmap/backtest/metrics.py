"""How well a ranking of industries at T anticipated what happened by T + k.

For a score s and a realised outcome y over the same n industries:

* **Spearman ρ** = Pearson correlation of the average ranks of s and y (ties get
  their mean rank), ``ρ = cov(r_s, r_y) / (σ(r_s) σ(r_y))``; NaN when either is constant.
* **top-k hits**: ``|top_k(y) ∩ C|`` for a chosen set C (the leading set, or the k
  best-scored industries). Ties in y at the k-th place are broken by code, so the
  realised top k has exactly k members.
* **NDCG@k**: with gains g_i = max(y_i, 0) (an industry that shrank earns nothing)
  and π the order by descending score, ``DCG@k = Σ_{r=1..k} g_{π(r)} / log2(r + 1)``,
  divided by the DCG of the ideal order (1 = the k largest gains in the right order).

Random expectations (a uniformly random ranking): E[ρ] = 0, E[hits] = k·|C|/n, and
``E[NDCG@k] = ḡ Σ_{r=1..k} 1/log2(r + 1) / IDCG@k`` with ḡ the mean gain.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

#: k of "top k" throughout (the issue's top 5).
TOP_K = 5


def spearman(score: pd.Series, outcome: pd.Series) -> float:
    """Spearman rank correlation over the industries both cover (NaN-free).

    Examples
    --------
    >>> import pandas as pd
    >>> spearman(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 30, 40]))
    1.0
    >>> spearman(pd.Series([1, 2, 3]), pd.Series([3, 2, 1]))
    -1.0
    """
    both = pd.concat([score, outcome], axis=1, join="inner").dropna()
    if len(both) < 3:
        return float("nan")
    ranks = both.rank(method="average").to_numpy(dtype=float)
    a, b = ranks[:, 0] - ranks[:, 0].mean(), ranks[:, 1] - ranks[:, 1].mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else float("nan")


def top_k(values: pd.Series, k: int = TOP_K) -> list[str]:
    """Codes of the k largest values (NaN last; ties broken by code).

    Examples
    --------
    >>> import pandas as pd
    >>> top_k(pd.Series({"b": 2.0, "a": 2.0, "c": 1.0}), 2)
    ['a', 'b']
    """
    v = values.to_numpy(dtype=float)
    codes = np.asarray([str(c) for c in values.index])
    keep = ~np.isnan(v)
    v, codes = v[keep], codes[keep]
    order = np.lexsort((codes, -v))  # by value descending, then code
    return [str(c) for c in codes[order][:k]]


def top_k_hits(outcome: pd.Series, chosen: Iterable[str], k: int = TOP_K) -> int:
    """How many of the realised top k are in ``chosen``.

    Examples
    --------
    >>> import pandas as pd
    >>> top_k_hits(pd.Series({"a": 5, "b": 4, "c": 3, "d": 2}), ["a", "d"], k=2)
    1
    """
    return len(set(top_k(outcome, k)) & {str(c) for c in chosen})


def _gains(outcome: pd.Series) -> pd.Series:
    return outcome.astype(float).clip(lower=0.0).fillna(0.0)


def _discounts(k: int) -> np.ndarray:
    return np.asarray(1.0 / np.log2(np.arange(2, k + 2)))


def ndcg_at_k(score: pd.Series, outcome: pd.Series, k: int = TOP_K) -> float:
    """NDCG@k of the order by ``score`` against gains max(outcome, 0).

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series({"a": 3.0, "b": 2.0, "c": 0.0})
    >>> ndcg_at_k(pd.Series({"a": 3, "b": 2, "c": 1}), y, k=2)
    1.0
    >>> round(ndcg_at_k(pd.Series({"a": 1, "b": 2, "c": 3}), y, k=2), 6)  # c, b
    0.296082
    """
    gains = _gains(outcome)
    order = top_k(score.reindex(gains.index), k)
    dcg = float((gains.reindex(order).to_numpy() * _discounts(len(order))).sum())
    ideal = np.sort(gains.to_numpy())[::-1][:k]
    idcg = float((ideal * _discounts(len(ideal))).sum())
    return dcg / idcg if idcg > 0 else float("nan")


def random_ndcg(outcome: pd.Series, k: int = TOP_K) -> float:
    """Expected NDCG@k of a uniformly random order (formula in the module doc)."""
    gains = _gains(outcome)
    ideal = np.sort(gains.to_numpy())[::-1][:k]
    idcg = float((ideal * _discounts(len(ideal))).sum())
    return float(gains.mean() * _discounts(k).sum() / idcg) if idcg > 0 else float("nan")


def random_hits(n: int, chosen: int, k: int = TOP_K) -> float:
    """Expected top-k hits of ``chosen`` industries drawn at random among n: k·chosen/n."""
    return k * chosen / n if n else float("nan")
