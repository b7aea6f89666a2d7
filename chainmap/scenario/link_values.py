"""Value of filling the links of each diagnosed chain, for the selection's link term.

``w_ij = cost_share_ij × (1 − min(1, local_share_ij))`` for the 补链/强链 links of chain j
(break, weak or choke points): the share of j's intermediate requirements that leaks out
of the city through supplier i. Divided by the largest chain total so the most valuable
chain, fully filled, is worth 1 (the top of the score scale).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ChainLinks:
    """The 补链/强链 links of one diagnosed chain that are worth filling.

    ``values[k] = cost_share × (1 − min(1, local_share))`` of supplier ``suppliers[k]``
    (> 0: links worth nothing, or with an unknown local share, are left out);
    ``local_shares[k]`` is its ``min(1, local_share)``.
    """

    suppliers: tuple[str, ...]
    values: tuple[float, ...]
    local_shares: tuple[float, ...]


#: Links of each diagnosed chain by industry, with the diagnosis they were read from (a
#: diagnosis is fixed once made, so the links are read from it once per analysis).
LinkCache = dict[str, tuple[Any, ChainLinks]]


def chain_links(diagnosis: Any) -> ChainLinks:
    """The links of one chain-gap diagnosis worth filling (see :class:`ChainLinks`)."""
    links = diagnosis.links
    todo = np.isin(links["action"].to_numpy(dtype=object), ["fill", "strengthen"])
    todo &= ~links["is_self"].to_numpy(dtype=bool)
    supplier = [str(c) for c in links.index[todo]]
    # min(1, local share) as in the formula; NaN shares give no value (dropped here)
    local = np.minimum(1.0, links["local_share"].to_numpy(dtype=float)[todo])
    value = links["cost_share"].to_numpy(dtype=float)[todo] * (1.0 - local)
    worth = [k for k in range(len(supplier)) if value[k] > 0]
    return ChainLinks(
        tuple(supplier[k] for k in worth),
        tuple(float(value[k]) for k in worth),
        tuple(float(local[k]) for k in worth),
    )


def link_values(
    gaps: dict[str, Any], allowed: Sequence[str] | None = None, cache: LinkCache | None = None
) -> pd.DataFrame:
    """Links to fill/strengthen of every diagnosed chain, valued for the selection.

    ``allowed`` limits the suppliers that may be filled (see
    :func:`chainmap.scenario.selection_setup.candidate_codes`);
    ``cache`` keeps each chain's links (:func:`chain_links`) for the next call.
    """
    keep = None if allowed is None else set(allowed)
    columns: dict[str, list[Any]] = {"industry": [], "supplier": [], "value": [], "rpc": []}
    for industry, diagnosis in gaps.items():
        known = None if cache is None else cache.get(industry)
        if known is not None and known[0] is diagnosis:
            chain = known[1]
        else:
            chain = chain_links(diagnosis)
            if cache is not None:
                cache[industry] = (diagnosis, chain)
        for code, worth, local in zip(
            chain.suppliers, chain.values, chain.local_shares, strict=True
        ):
            if keep is None or code in keep:
                columns["industry"].append(industry)
                columns["supplier"].append(code)
                columns["value"].append(worth)
                columns["rpc"].append(local)
    if not columns["industry"]:
        return pd.DataFrame(columns)
    # grouped on integer ids, not the code strings: the same sums (pandas' kernels) at a
    # fraction of the cost (the strings are Arrow-backed; this runs on every re-solve)
    supplier_id = _ids(columns["supplier"])
    # one existing-coverage figure per supplier (reported, not re-counted)
    rpc = pd.Series(columns["rpc"]).groupby(supplier_id).transform("mean").to_numpy()
    # to the score scale: the most valuable chain, all its links filled, is worth 1 (the
    # largest possible criterion score); selection.objective.link_weight states how much
    # that is worth against the scores
    value = np.asarray(columns["value"], dtype=float)
    chain_max = float(pd.Series(value).groupby(_ids(columns["industry"])).sum().max())
    if chain_max > 0:
        value = value / chain_max
    pairs = list(zip(columns["industry"], columns["supplier"], strict=True))
    order = sorted(range(len(pairs)), key=pairs.__getitem__)  # stable, like sort_values
    frame = pd.DataFrame(
        {
            "industry": [columns["industry"][k] for k in order],
            "supplier": [columns["supplier"][k] for k in order],
            "value": value[order],
            "rpc": rpc[order],
        }
    )
    frame.attrs["chain_max"] = chain_max
    return frame


def _ids(labels: list[str]) -> np.ndarray:
    """Integer id per label: its rank among the distinct labels in sorted order.

    The codes pandas gives string keys (``groupby(sort=True)``), so the group-by takes
    the same path and sums in the same order, to the last bit.
    """
    rank = {label: k for k, label in enumerate(sorted(set(labels)))}
    return np.array([rank[label] for label in labels], dtype=np.int64)
