"""HTML of the workbench pages, built like the report (every text escaped with ``esc``).

The scenario page embeds the report's own sections (:func:`chainmap.web.service.page_sections`);
this module only adds the frame, the controls and the explanation of a change. Every
control is a plain HTML form that works without JavaScript; ``static/app.js`` only
submits them in the background and swaps the main area.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from chainmap.i18n import t
from chainmap.io.registry import data_dir, load_registry, resolve_path
from chainmap.report.format import CRITERION_KEYS
from chainmap.report.render import CSS, Section
from chainmap.report.svg import esc
from chainmap.scenario.schema import Scenario
from chainmap.web.service import METHODS, explain_change, page_sections
from chainmap.web.state import ScenarioState, Server

WEB_CSS = """
body { max-width: 1280px; padding: 0 20px 40px; }
header.bar { display: flex; gap: 18px; align-items: baseline; border-bottom: 2px solid var(--line);
  padding: 10px 0; flex-wrap: wrap; }
header.bar .brand { font-weight: bold; font-size: 18px; color: var(--ink); text-decoration: none; }
header.bar a { color: var(--ink); }
header.bar .lang { margin-left: auto; }
.layout { display: grid; grid-template-columns: 290px minmax(0, 1fr); gap: 24px;
  align-items: start; }
.layout > div { min-width: 0; overflow-x: auto; }
.layout section:first-child h2 { margin-top: 0; }
aside.controls { position: sticky; top: 8px; border: 1px solid var(--line); padding: 10px 12px;
  background: #f8fafc; font-size: 13px; max-height: 96vh; overflow-y: auto; }
aside.controls fieldset { border: 0; padding: 0; margin: 0 0 10px; }
aside.controls legend { font-weight: bold; margin-bottom: 4px; }
aside.controls label { display: flex; justify-content: space-between; align-items: center;
  gap: 6px; margin: 2px 0; }
aside.controls input[type=number] { width: 80px; flex: none; }
aside.controls select[multiple] { width: 100%; height: 90px; }
aside.controls label.pair { display: block; }
aside.controls .pair span { display: flex; gap: 6px; margin-top: 2px; }
aside.controls .pair input { width: 64px; }
button { font: inherit; padding: 4px 12px; cursor: pointer; }
.changes { border-left: 4px solid var(--accent); background: #fff7ed; padding: 6px 12px;
  margin: 12px 0; }
.changes ul { margin: 4px 0; padding-left: 18px; }
.message { border: 2px solid #b42318; color: #b42318; background: #fef3f2; padding: 8px 12px;
  margin: 12px 0; font-weight: bold; }
.status { color: var(--muted); font-size: 12px; }
.downloads a { margin-right: 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); padding: 10px 14px; }
main.busy { opacity: 0.5; }
"""


def document(title: str, body: str, lang: str, server: Server, *, here: str = "/") -> str:
    """The full page: header with navigation and language toggle, then ``body``."""
    other = "en" if lang == "zh" else "zh"
    sep = "&" if "?" in here else "?"
    nav = [
        f'<a class="brand" href="/?lang={lang}">chainmap · {esc(t("web.title", lang))}</a>',
        *(
            f'<a href="/scenario/{quote(n)}?lang={lang}">{esc(s.label_in(lang))}</a>'
            for n, s in server.scenarios.items()
        ),
        f'<a href="/compare?lang={lang}">{esc(t("web.compare", lang))}</a>',
        f'<a href="/?lang={lang}#data-in">{esc(t("web.data_in", lang))}</a>',
        f'<a class="lang" href="{esc(here + sep + "lang=" + other)}">'
        f"{esc(t('web.language', lang))}</a>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}{WEB_CSS}</style>",
            '<script src="/static/app.js" defer></script>',
            "</head><body>",
            f'<header class="bar">{"".join(nav)}</header>',
            body,
            "</body></html>",
        ]
    )


def _sections(sections: Sequence[Section]) -> str:
    return "\n".join(
        f'<section id="{esc(s.key)}">\n<h2>{esc(s.heading)}</h2>\n{s.body}\n</section>'
        for s in sections
    )


def index_page(server: Server, lang: str, message: str = "") -> str:
    cards = []
    for name, src in server.scenarios.items():
        cards.append(
            f'<div class="card"><h3>{esc(src.label_in(lang))}</h3><p class="muted">{esc(name)}</p>'
            f'<a href="/scenario/{quote(name)}?lang={lang}">{esc(t("web.open", lang))}</a></div>'
        )
    body = [
        "<main>",
        f"<h1>{esc(t('web.title', lang))}</h1>",
        f'<p class="message">{esc(message)}</p>' if message else "",
        f"<h2>{esc(t('web.scenarios', lang))}</h2>",
        f'<div class="cards">{"".join(cards)}</div>',
        upload_form(server, lang),
        "</main>",
    ]
    return document(t("web.title", lang), "\n".join(body), lang, server, here="/")


def upload_form(server: Server, lang: str) -> str:
    options = "".join(
        f'<option value="{esc(n)}">{esc(s.label or n)} ({esc(n)})</option>'
        for n, s in server.scenarios.items()
    )
    return f"""<section id="data-in"><h2>{esc(t("web.data_in", lang))}</h2>
<p>{esc(t("web.upload_help", lang))}</p>
<form method="post" action="/upload?lang={lang}" enctype="multipart/form-data" id="upload-form">
<label>{esc(t("web.upload_base", lang))} <select name="base">{options}</select></label>
<label>{esc(t("web.upload_kind", lang))} <select name="kind">
<option value="city">{esc(t("web.kind_city", lang))}</option>
<option value="table">{esc(t("web.kind_table", lang))}</option></select></label>
<input type="file" name="file" accept=".csv,.xls,.xlsx" required>
<button type="submit">{esc(t("web.upload", lang))}</button>
</form></section>"""


def _parent_options(state: ScenarioState, current: str) -> list[str]:
    """Registry tables present with the parent's number of sectors (and the current one)."""
    n = state.result.parent.n if state.result is not None else None
    folder = data_dir()
    present = _tables_present(n, None if folder is None else str(folder))
    return [current, *(i for i in present if i != current)]


@functools.lru_cache(maxsize=16)
def _tables_present(n_sectors: int | None, folder: str | None) -> tuple[str, ...]:
    """Ids of the registry tables with ``n_sectors`` whose file is in ``folder`` (looked
    up once per server: every page shows the choice)."""
    out: list[str] = []
    try:
        for entry in load_registry():
            if entry.n_sectors != n_sectors:
                continue
            path = resolve_path(entry, None if folder is None else Path(folder))
            if path is not None and path.exists():
                out.append(entry.id)
    except Exception:  # a broken registry only limits the choice
        pass
    return tuple(out)


def controls(state: ScenarioState, lang: str) -> str:
    """The controls beside the report: weights, required/excluded industries, settings."""
    sc = state.current_scenario()
    labels: dict[str, str] = {}
    if state.result is not None:
        cands = [str(c) for c in state.result.selection_inputs.candidates]
        labels = {c: state.result.city.label(c, lang) for c in cands}
    weights = sc.get("criteria.weights")
    wrows = "".join(
        f'<label>{esc(t(CRITERION_KEYS[k], lang))} <input type="number" name="w_{k}" '
        f'id="w_{k}" min="0" max="10" step="any" value="{float(weights.get(k, 0)):g}"></label>'
        for k in CRITERION_KEYS
    )
    require = _industry_select("require", labels, set(map(str, sc.get("selection.require"))))
    exclude = _industry_select("exclude", labels, set(map(str, sc.get("selection.exclude"))))
    name = quote(state.name)
    action = f"/scenario/{name}/solve?lang={lang}"
    return f"""<aside class="controls"><form method="post" action="{action}"
 data-enhance data-busy="{esc(t("web.solving", lang))}" id="controls">
<fieldset><legend>{esc(t("web.weights", lang))}</legend>{wrows}</fieldset>
<fieldset><legend>{esc(t("web.require", lang))}</legend>{require}</fieldset>
<fieldset><legend>{esc(t("web.exclude", lang))}</legend>{exclude}</fieldset>
<fieldset><legend>{esc(t("web.controls", lang))}</legend>
{_settings(state, sc, lang)}
</fieldset>
<button type="submit" id="solve">{esc(t("web.solve", lang))}</button>
</form>
<form method="post" action="/scenario/{name}/reset?lang={lang}" data-enhance>
<button type="submit">{esc(t("web.reset", lang))}</button></form>
<p class="status" id="status"></p>
</aside>"""


def _industry_select(name: str, labels: dict[str, str], chosen: set[str]) -> str:
    """A multiple choice of the candidate industries (``labels``: code → name)."""
    opts = "".join(
        f'<option value="{esc(c)}"{" selected" if c in chosen else ""}>{esc(c)} {esc(label)}'
        "</option>"
        for c, label in labels.items()
    )
    return f'<select multiple name="{name}" id="{name}">{opts}</select>'


def _settings(state: ScenarioState, sc: Scenario, lang: str) -> str:
    """Role counts, budget, parent table, regionalisation and robustness draws."""

    def pair(key: str) -> tuple[int, int]:
        v = sc.get(key)
        return (int(v[0]), int(v[-1])) if isinstance(v, list) else (int(v), int(v))

    parents = "".join(
        f'<option value="{esc(p)}"{" selected" if p == sc.get("table") else ""}>{esc(p)}</option>'
        for p in _parent_options(state, str(sc.get("table")))
    )
    method = sc.get("regionalization.method")
    methods = "".join(
        f'<option value="{m}"{" selected" if m == method else ""}>'
        f"{m if m == 'learned' else m.upper()}</option>"
        for m in METHODS
    )
    delta = float(sc.get("regionalization.delta"))
    draws = int(sc.get("robustness.weight_draws"))
    budget = _num("budget", sc.get("selection.budget"), 0, None, "any")
    return "\n".join(
        [
            _pair(t("web.n_leading", lang), "lead", pair("selection.n_leading")),
            _pair(t("web.n_potential", lang), "pot", pair("selection.n_potential")),
            _field(t("web.budget", lang), budget),
            _field(t("web.parent", lang), f'<select name="table">{parents}</select>'),
            _field(t("web.method", lang), f'<select name="method">{methods}</select>'),
            _field(t("web.delta", lang), _num("delta", delta, 0, 1, "any")),
            _field(t("web.draws", lang), _num("draws", draws, 0, 5000, "1")),
        ]
    )


def _num(name: str, value: float | None, low: float, high: float | None, step: str) -> str:
    """A number field. ``step`` "any" for real numbers: a browser refuses to submit a value
    off the step grid, and a scenario's own values (weight 0.085) need not be on one."""
    shown = "" if value is None else f"{float(value):g}"
    top = "" if high is None else f' max="{high:g}"'
    return (
        f'<input type="number" name="{name}" id="{name}" min="{low:g}"{top} step="{step}" '
        f'value="{shown}">'
    )


def _field(label: str, control: str) -> str:
    return f"<label>{esc(label)} {control}</label>"


def _pair(label: str, prefix: str, values: tuple[int, int]) -> str:
    low = _num(f"{prefix}_min", values[0], 0, 20, "1")
    high = _num(f"{prefix}_max", values[1], 0, 20, "1")
    return f'<label class="pair">{esc(label)}<span>{low}{high}</span></label>'


def compare_form(state: ScenarioState, lang: str) -> str:
    if state.result is None:
        return ""
    crit = state.result.criteria
    codes = [str(c) for c in crit.rank.sort_values().index[:40]]
    chosen = set(state.result.selection.leading) | set(state.result.selection.potential)
    opts = "".join(
        f'<option value="{esc(c)}"{" selected" if c in chosen else ""}>'
        f"{esc(c)} {esc(state.result.city.label(c, lang))}</option>"
        for c in codes
    )
    return f"""<form method="get" action="/scenario/{quote(state.name)}/compare" id="compare-form">
<input type="hidden" name="lang" value="{lang}">
<label>{esc(t("web.compare_candidates", lang))}<br>
<select multiple name="codes" id="codes" size="8">{opts}</select></label>
<button type="submit">{esc(t("web.compare", lang))}</button></form>"""


def downloads(state: ScenarioState, lang: str) -> str:
    name = quote(state.name)
    links = [
        f'<a href="/scenario/{name}/download/{fmt}?lang={lang}" download>'
        f"{esc(t('web.briefing', lang))} {fmt.upper()}</a>"
        for fmt in ("html", "xlsx", "pdf")
    ]
    links.append(
        f'<a href="/scenario/{name}/download/yaml?lang={lang}" download>'
        f"{esc(t('web.download_yaml', lang))}</a>"
    )
    return (
        f'<p class="downloads"><strong>{esc(t("web.downloads", lang))}:</strong> '
        + " ".join(links)
        + "</p>"
    )


def scenario_main(server: Server, state: ScenarioState, lang: str) -> str:
    """The ``<main>`` of a scenario page (swapped in place by app.js after a change)."""
    parts = ["<main>"]
    if state.message:
        parts.append(f'<p class="message" id="message">{esc(state.message)}</p>')
    if state.run is None:
        parts.append("</main>")
        return "\n".join(parts)
    sections, subtitle, title = page_sections(state, lang)
    parts.append(f"<h1>{esc(title)}</h1>")
    parts.append(f'<p class="subtitle">{esc(subtitle)}</p>')
    if state.result is not None and state.result.illustrative:
        parts.append(f'<p class="banner">{esc(t("note.illustrative_data", lang))}</p>')
    lines = explain_change(state, lang)
    seconds = state.run.seconds
    parts.append(
        f'<div class="changes" id="changes"><strong>{esc(t("web.changes", lang))}</strong>'
        f"<ul>{''.join(f'<li>{esc(x)}</li>' for x in lines)}</ul>"
        f'<span class="status">{esc(t("web.solved", lang, seconds=seconds))}</span></div>'
    )
    parts.append(downloads(state, lang))
    layout = [controls(state, lang), "<div>", _sections(sections[:1])]
    layout += [compare_form(state, lang), _sections(sections[1:]), "</div>"]
    parts.append(f'<div class="layout">{"".join(layout)}</div>')
    parts.append("</main>")
    return "\n".join(parts)


def scenario_page(server: Server, state: ScenarioState, lang: str) -> str:
    here = f"/scenario/{quote(state.name)}"
    return document(state.name, scenario_main(server, state, lang), lang, server, here=here)


def compare_page(
    server: Server,
    lang: str,
    *,
    title: str,
    sections: Sequence[Section],
    here: str,
    message: str = "",
    scenario_names: Sequence[str] = (),
    picked: Sequence[str] = (),
    back: tuple[str, str] | None = None,
) -> str:
    """A comparison (``sections``) under the form picking two scenarios; ``back``: a link
    (address, text) to the scenario page the comparison came from."""

    def select(name: str, value: str) -> str:
        opts = "".join(
            f'<option value="{esc(n)}"{" selected" if n == value else ""}>{esc(n)}</option>'
            for n in scenario_names
        )
        return f'<select name="{name}" id="{name}">{opts}</select>'

    picked = list(picked) or list(scenario_names[:2])
    a = picked[0] if picked else ""
    b = picked[1] if len(picked) > 1 else ""
    form = (
        f'<form method="get" action="/compare" id="scenario-compare">'
        f'<input type="hidden" name="lang" value="{lang}">'
        f"<strong>{esc(t('web.compare_scenarios', lang))}</strong> "
        f"{select('a', a)} {select('b', b)} "
        f'<button type="submit">{esc(t("web.compare", lang))}</button></form>'
    )
    body = ["<main>"]
    if back is not None:
        body.append(f'<p class="back"><a href="{esc(back[0])}">← {esc(back[1])}</a></p>')
    body.append(f"<h1>{esc(title)}</h1>")
    if message:
        body.append(f'<p class="message" id="message">{esc(message)}</p>')
    body += [form, _sections(sections), "</main>"]
    return document(title, "\n".join(body), lang, server, here=here)


def error_page(server: Server, status: int, message: str, lang: str) -> str:
    head = t("web.not_found", lang) if status == 404 else t("web.error", lang)
    body = (
        f'<main><h1>{status} · {esc(head)}</h1><p class="message" id="message">{esc(message)}</p>'
        f'<p><a href="/?lang={lang}">{esc(t("web.back", lang))}</a></p></main>'
    )
    return document(head, body, lang, server)


def query(**values: Any) -> str:
    return urlencode({k: v for k, v in values.items() if v is not None}, doseq=True)
