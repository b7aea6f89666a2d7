"""延链 extension opportunities: downstream buyers under-represented in the city."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.gaps.classes import ACTIONS, GapThresholds
from chainmap.gaps.need import ParentContext, city_output_at
from chainmap.io.table import IOTable


def downstream_buyers(
    city: IOTable,
    ctx: ParentContext | None,
    group: list[str],
    t: GapThresholds,
    names: dict[str, tuple[str, str]],
) -> pd.DataFrame:
    """Buyers of the candidate's product: national sales share, local presence, 延链 flag."""
    cols = ["name_zh", "name_en", "sales_share", "presence", "local_output", "action", "action_zh"]
    if ctx is None:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="buyer"))
    gpos = [ctx.pos[c] for c in group]
    xn = ctx.table.x
    # share of the group's national output sold to each buyer as intermediate input
    sales = (ctx.a_total[gpos, :] * xn[np.newaxis, :]).sum(axis=0) / xn[gpos].sum()
    xr = city_output_at(ctx, city)
    presence = (xr / xr[gpos].sum()) / (xn / xn[gpos].sum())
    mask = np.ones(ctx.table.n, dtype=bool)
    mask[gpos] = False
    mask &= sales >= t.extension_sales_share
    idx = np.flatnonzero(mask)
    idx = idx[np.argsort(-sales[idx], kind="stable")]
    all_codes = [str(c) for c in ctx.table.codes]
    codes = [all_codes[int(i)] for i in idx]
    ext = presence[idx] < t.extension_presence
    return pd.DataFrame(
        {
            "name_zh": [names[c][0] for c in codes],
            "name_en": [names[c][1] for c in codes],
            "sales_share": sales[idx],
            "presence": presence[idx],
            "local_output": xr[idx],
            "action": np.where(ext, "extend", "none"),
            "action_zh": np.where(ext, ACTIONS["extend"][0], ""),
        },
        index=pd.Index(codes, name="buyer"),
    )


# ----- output: link table, JSON and the chain map coloured by gap class -------------------
