"""Value of filling chain links: Sherman–Morrison and bordered Woodbury, no re-inversion."""

from __future__ import annotations

import numpy as np

from chainmap.analysis.updates import calc_rank_k_update
from chainmap.errors import ScenarioError
from chainmap.gaps.need import NeedMatrices, ParentContext
from chainmap.io.table import IOTable
from chainmap.iomath import Array


def calc_fill_gains(L: Array, x: Array, delta: Array) -> Array:
    """Output change when supplier ``i_s``'s row of A rises by ``delta[s]``, each alone.

    Sherman–Morrison (rank-1 Woodbury) for every supplier at once:
    ``Δx_s = L e_{i_s} (δ_s′ x) / (1 − δ_s′ L e_{i_s})``, since ``x' = (I − A − e_i δ′)⁻¹ f``.

    Parameters
    ----------
    L : (n, k) array
        The suppliers' columns of the Leontief inverse, ``L[:, i_s]``.
    x : (n,) array
        City output (for the unchanged final demand).
    delta : (k, n) array
        Rise of each supplier's row of A.

    Returns
    -------
    (n, k) array of output changes.

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> d = np.array([[0.0, 0.05]])          # a_12 rises by 0.05
    >>> calc_fill_gains(t.l[:, [0]], t.x, d).round(4).ravel()
    array([127.0903,  26.7559])
    """
    num = delta @ x
    den = 1.0 - np.einsum("sk,ks->s", delta, L)
    if (den <= 0).any():
        msg = "a fill scenario makes the city economy non-productive (1 - δ′L e_i <= 0)"
        raise ScenarioError(msg)
    return np.asarray(L * (num / den)[np.newaxis, :], dtype=np.float64)


def _va_coefficients(city: IOTable) -> Array:
    return city.value_added.to_numpy(dtype=float).sum(axis=0) / city.x


def _supplier_delta(nm: NeedMatrices, pos: int, target: float) -> Array:
    """Rise of supplier ``pos``'s row of local coefficients up to ``target`` of the need."""
    return np.maximum(0.0, target * nm.need[pos] - nm.local[pos])


def _new_sector_parts(
    city: IOTable, nm: NeedMatrices, code: str, ctx: ParentContext, target: float
) -> tuple[Array, Array, float, float]:
    """Sales row, purchase column, own coefficient and VA coefficient of a new sector."""
    pcol = ctx.pos[code]
    city_rows = [ctx.pos[str(c)] for c in city.codes]
    purchases = ctx.a_total[city_rows, pcol] * nm.avg_local
    sales = target * nm.need[nm.products.index(code)]
    own = target * float(ctx.a_total[pcol, pcol])
    va = float(ctx.table.value_added.to_numpy(dtype=float)[:, pcol].sum() / ctx.table.x[pcol])
    return sales, purchases, own, va


def fill_values(
    city: IOTable, nm: NeedMatrices, rows: np.ndarray, ctx: ParentContext | None, target: float
) -> tuple[Array, Array]:
    """Output and VA gained by filling each supplier (rows of ``nm``) alone."""
    x = city.x
    v = _va_coefficients(city)
    out_gain = np.full(rows.size, np.nan)
    va_gain = np.full(rows.size, np.nan)
    in_city = np.flatnonzero(rows < nm.n_city)
    if in_city.size:
        r = rows[in_city]
        delta = np.maximum(0.0, target * nm.need[r] - nm.local[r])
        dx = calc_fill_gains(city.l[:, r], x, delta)
        out_gain[in_city] = dx.sum(axis=0)
        va_gain[in_city] = v @ dx
    if ctx is not None:
        for s in np.flatnonzero(rows >= nm.n_city):
            code = nm.products[int(rows[s])]
            dx, x_new, va_new = _new_sector_gain(city, nm, [code], ctx, target, [])
            out_gain[s] = dx.sum() + x_new
            va_gain[s] = v @ dx + va_new
    return out_gain, va_gain


def _new_sector_gain(
    city: IOTable,
    nm: NeedMatrices,
    new_codes: list[str],
    ctx: ParentContext,
    target: float,
    present_pos: list[int],
    *,
    joint: bool = False,
) -> tuple[Array, float, float]:
    """Output change of the city sectors, output and VA of new sectors (bordered Woodbury)."""
    n, k = city.n, len(new_codes)
    L_aug = np.zeros((n + k, n + k))
    L_aug[:n, :n] = city.l
    L_aug[n:, n:] = np.eye(k)
    us: list[Array] = []
    vs: list[Array] = []
    va_new = np.zeros(k)
    for m, code in enumerate(new_codes):
        sales, purchases, own, va_new[m] = _new_sector_parts(city, nm, code, ctx, target)
        e = np.zeros(n + k)
        e[n + m] = 1.0
        row = np.concatenate([sales, np.zeros(k)])
        row[n + m] = own
        col = np.concatenate([purchases, np.zeros(k)])
        us += [e, col]
        vs += [row, e]
    for p in present_pos:
        e = np.zeros(n + k)
        e[p] = 1.0
        us.append(e)
        vs.append(np.concatenate([_supplier_delta(nm, p, target), np.zeros(k)]))
    U = np.column_stack(us)
    V = np.column_stack(vs)
    x_aug = np.concatenate([city.x, np.zeros(k)])
    if joint:
        L_new = calc_rank_k_update(L_aug, U, V)
        f_aug = np.concatenate([city.final_demand.to_numpy(dtype=float).sum(axis=1), np.zeros(k)])
        x_new = L_new @ f_aug
    else:
        # Woodbury applied to output only: x' = x + L U (I − V′ L U)⁻¹ V′ x (no new inverse)
        LU = L_aug @ U
        K = np.eye(U.shape[1]) - V.T @ LU
        if not np.isfinite(K).all() or np.linalg.cond(K) > 1e12:
            msg = f"filling {new_codes} makes the city economy singular"
            raise ScenarioError(msg)
        x_new = x_aug + LU @ np.linalg.solve(K, V.T @ x_aug)
    dx = x_new[:n] - city.x
    return dx, float(x_new[n:].sum()), float(va_new @ x_new[n:])


def joint_fill(
    city: IOTable, nm: NeedMatrices, rows: np.ndarray, ctx: ParentContext | None, target: float
) -> tuple[float, float]:
    """Output and VA gained by filling every 补链/强链 link at once (one rank-k update)."""
    if rows.size == 0:
        return 0.0, 0.0
    present = [int(r) for r in rows if r < nm.n_city]
    new = [nm.products[int(r)] for r in rows if r >= nm.n_city]
    if new and ctx is None:
        return float("nan"), float("nan")
    v = _va_coefficients(city)
    if new:
        assert ctx is not None
        dx, x_new, va_new = _new_sector_gain(city, nm, new, ctx, target, present, joint=True)
        return float(dx.sum() + x_new), float(v @ dx + va_new)
    U = np.zeros((city.n, len(present)))
    U[present, np.arange(len(present))] = 1.0
    V = np.column_stack([_supplier_delta(nm, p, target) for p in present])
    L_new = calc_rank_k_update(city.l, U, V)
    dx = L_new @ city.final_demand.to_numpy(dtype=float).sum(axis=1) - city.x
    return float(dx.sum()), float(v @ dx)
