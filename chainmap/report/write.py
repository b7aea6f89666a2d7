"""Writing the report files: HTML, XLSX, Markdown and PDF, staged and committed atomically.

:func:`write_report` reads only the files of a result folder and writes ``report.html``,
``report.xlsx``, ``report.md`` and, where asked and headless Chromium is available,
``report.pdf``; :func:`write_comparison_report` writes a side-by-side comparison. Every
file is built in a staging folder beside the target and renamed into place only when all
of them are complete; an existing report is replaced only with ``force=True``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from chainmap.errors import ChainmapError
from chainmap.i18n import check_language, t
from chainmap.report.browser import ensure_chromium, find_chromium, html_to_pdf
from chainmap.report.compare import comparison_document
from chainmap.report.files import (
    DEFAULT_FORMATS,
    REPORT_FORMATS,
    ResultFiles,
    load_result_files,
    report_language,
    report_title,
)
from chainmap.report.observed import illustrative_text
from chainmap.report.render import write_html, write_markdown, write_xlsx
from chainmap.report.sections import markdown_parts, report_sections
from chainmap.report.tables import report_tables

__all__ = ["write_comparison_report", "write_report"]


def resolve_formats(formats: Sequence[str]) -> list[str]:
    """``auto`` = html, xlsx, md, and pdf when headless Chromium is found."""
    out: list[str] = []
    for f in formats:
        if f == "auto":
            out += [*DEFAULT_FORMATS, *(["pdf"] if find_chromium() else [])]
        else:
            out.append(f)
    return list(dict.fromkeys(out))


def _targets(folder: Path, stem: str, formats: Sequence[str], force: bool) -> dict[str, Path]:
    formats = resolve_formats(formats)
    bad = [f for f in formats if f not in REPORT_FORMATS]
    if bad or not formats:
        msg = f"unknown report format(s) {bad or list(formats)}; choose from {REPORT_FORMATS}"
        raise ChainmapError(msg)
    targets = {fmt: folder / f"{stem}.{fmt}" for fmt in dict.fromkeys(formats)}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        msg = f"{', '.join(existing)} exist(s); pass --force to overwrite"
        raise ChainmapError(msg)
    if "pdf" in targets:
        ensure_chromium()  # a clear message before anything is written
    return targets


def _commit(staging: Path, targets: dict[str, Path], force: bool = True) -> list[Path]:
    """Move every staged file onto its target (each rename is atomic).

    Without ``force`` each file is linked into place, which fails when another process
    wrote it meanwhile (nothing is replaced).
    """
    written = []
    for target in targets.values():
        if force:
            os.replace(staging / target.name, target)
        else:
            try:
                os.link(staging / target.name, target)
            except FileExistsError:
                msg = f"{target} exists; pass --force to overwrite"
                raise ChainmapError(msg) from None
        written.append(target)
    return written


DAMAGE = (KeyError, ValueError, TypeError, AttributeError, IndexError)


def write_report(
    result_dir: str | Path,
    *,
    lang: str | None = None,
    formats: Sequence[str] = ("auto",),
    force: bool = False,
    out_dir: str | Path | None = None,
) -> list[Path]:
    """Write the report of a result folder as ``report.html/.xlsx/.md/.pdf``.

    Parameters
    ----------
    result_dir : folder written by :func:`chainmap.scenario.results.write_results`.
    lang : "zh" or "en"; default the scenario's ``report.lang`` (Chinese).
    formats : any of :data:`REPORT_FORMATS`, or "auto" (the default: html, xlsx, md, and
        pdf when headless Chromium is found); an explicit "pdf" needs Chromium.
    force : replace existing report files.
    out_dir : folder for the report files (default ``result_dir``).

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ChainmapError
        Not a result folder; a report file exists and ``force`` is False; an unknown
        format; "pdf" without Chromium (nothing is written in these cases).
    """
    files = load_result_files(result_dir)
    lang = report_language(files, lang)
    folder = Path(out_dir) if out_dir is not None else files.folder
    folder.mkdir(parents=True, exist_ok=True)
    targets = _targets(folder, "report", formats, force)
    staging = Path(tempfile.mkdtemp(prefix=".report.", dir=folder))
    try:
        title = report_title(files, lang)
        generated = datetime.now(UTC).isoformat(timespec="seconds")
        tables = report_tables(files, lang, generated)
        html_path = staging / "report.html"
        if "html" in targets or "pdf" in targets:
            sections, subtitle = report_sections(files, tables, lang)
            banner = illustrative_text(files, lang)
            write_html(html_path, title, sections, lang, subtitle=subtitle, banner=banner)
        if "xlsx" in targets:
            sheets = {df.attrs["sheet"]: _titled(df, files, lang) for df in tables.values()}
            write_xlsx(staging / "report.xlsx", sheets)
        if "md" in targets:
            write_markdown(staging / "report.md", title, markdown_parts(files, tables, lang))
        if "pdf" in targets:
            html_to_pdf(html_path, staging / "report.pdf")
        return _commit(staging, targets, force)
    except DAMAGE as err:  # files that pass the manifest but do not fit together
        msg = (
            f"{files.folder}: the result files do not fit together ({type(err).__name__}: "
            f"{str(err)[:200]}); re-run the scenario (--debug for the traceback)"
        )
        raise ChainmapError(msg) from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _titled(df: pd.DataFrame, files: ResultFiles, lang: str) -> pd.DataFrame:
    """The table with the illustrative-data warning in its sheet title, where it applies."""
    if not files.illustrative:
        return df
    out = df.copy()
    out.attrs = dict(df.attrs)
    out.attrs["title"] = f"{df.attrs.get('title', '')} · {t('report.illustrative', lang)}"
    return out


def write_comparison_report(
    frame: pd.DataFrame,
    prefix: str | Path,
    *,
    lang: str = "zh",
    force: bool = False,
) -> list[Path]:
    """Write ``PREFIX.html`` (table and radar chart) and ``PREFIX.xlsx`` of a comparison.

    Parameters
    ----------
    frame : DataFrame
        From :func:`chainmap.scenario.compare.compare_industries` (index = industry code; criterion
        scores ``score_*``; a radar chart is drawn over them) or
        :func:`chainmap.scenario.compare.compare_selections` (a bar chart of the scores instead).
    prefix : path without suffix.
    lang : "zh" or "en".
    force : replace existing files.

    Raises
    ------
    ChainmapError
        A target exists and ``force`` is False (nothing is written).
    """
    check_language(lang)
    base = Path(prefix)
    folder = base.parent
    folder.mkdir(parents=True, exist_ok=True)
    targets = {fmt: folder / f"{base.name}.{fmt}" for fmt in ("html", "xlsx")}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        msg = f"{', '.join(existing)} exist(s); pass --force to overwrite"
        raise ChainmapError(msg)
    title, sections, table = comparison_document(frame, lang)
    staging = Path(tempfile.mkdtemp(prefix=f".{base.name}.", dir=folder))
    try:
        write_html(staging / targets["html"].name, title, sections, lang)
        write_xlsx(staging / targets["xlsx"].name, {table.attrs["sheet"]: table})
        return _commit(staging, targets)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
