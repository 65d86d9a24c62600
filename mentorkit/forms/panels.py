"""Read-only views for notebooks and live panels: findings and tables as HTML, with a plain-text twin.

Each view renders as HTML in JupyterLab and Voilà and as plain text in a
terminal, papermill output or a test; user text is always HTML-escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Iterable

import pandas as pd

from ..findings import Finding

if TYPE_CHECKING:
    import pandas as pd

CELL_CHARS = 40
# Tables read left to right like the text around them (JupyterLab's own table style aligns every cell right,
# with a selector that only a longer one outranks).
FRAME_CSS = ("<style>table.mk-frame th, table.mk-frame td, .jp-RenderedHTMLCommon table.mk-frame th, "
             ".jp-RenderedHTMLCommon table.mk-frame td { text-align: left; vertical-align: top; "
             "padding: 2px 10px 2px 4px; }</style>")


def to_html(value: Any) -> str:
    """HTML for a live panel: DataFrames and objects with `_repr_html_` as such, `str` as given, else escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "_repr_html_"):
        return value._repr_html_() or ""
    return f"<pre>{html.escape(str(value))}</pre>"


def plural(noun: str) -> str:
    """'candidate' -> 'candidates'; 'feedback' stays as it is."""
    return noun if noun.endswith("s") or noun in ("feedback",) else noun + "s"


def cell_text(value: Any) -> str:
    """A value as a short table cell: yes/no, lists joined, long text cut."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(str(v).replace("_", " ") for v in value)
    text = str(value)
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


# JupyterLab's theme colours (readable in its light and dark themes), with a fallback for other hosts.
_SEVERITY_STYLE = {
    "error": ("var(--jp-error-color1, #c62828)", "&#10006;"),
    "warning": ("var(--jp-warn-color1, #b35c00)", "&#9888;"),
    "info": ("var(--jp-info-color1, #1565c0)", "&#8505;"),
}
# What each severity asks of the mentee, as the heading of its group.
SEVERITY_HEADINGS = {"error": "To fix", "warning": "Worth a second look", "info": "Suggestions"}


class Shown:
    """Something to display: HTML for notebooks, plain text for everything else."""

    def __init__(self, html_text: str, plain: str):
        self.html = html_text
        self.text = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def message(text: str, *, kind: str = "info") -> Shown:
    """A short note, e.g. 'Nothing here yet: add a candidate in the form above.'"""
    colour = _SEVERITY_STYLE.get(kind, _SEVERITY_STYLE["info"])[0]
    return Shown(f"<p class='mk-message' style='color:{colour}'>{html.escape(text)}</p>", text)


def draft_view(title: str, text: str) -> Shown:
    """A drafted message under its title, wrapped at word boundaries and easy to copy; plain text as
    '=== title ===' and the draft."""
    body = (f"<p style='margin:0.6em 0 0.2em 0'><b>{html.escape(title)}</b></p>"
            f"<pre class='mk-draft' style='white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;"
            f"font-family:var(--jp-content-font-family, sans-serif);margin:0 0 0.6em 0;padding:0.5em 0.8em;"
            f"border-left:3px solid var(--jp-border-color2, #ccc)'>{html.escape(text.strip())}</pre>")
    return Shown(body, f"=== {title} ===\n{text.strip()}\n")


def bullets(items: Iterable[str], title: str = "") -> Shown:
    """A short list, each item escaped; plain text as '- item' lines under the title."""
    items = list(items)
    head_html = f"<p style='margin:0.4em 0 0.1em 0'><b>{html.escape(title)}</b></p>" if title else ""
    rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    plain = "\n".join(f"- {item}" for item in items)
    return Shown(head_html + f"<ul class='mk-bullets'>{rows}</ul>", f"{title}\n{plain}" if title else plain)


def findings_view(findings: Iterable[Finding], empty: str = "Nothing to flag.", *, title: str = "") -> Shown:
    """Findings grouped by severity (to fix, worth a second look, suggestions), each with an icon, its guidance
    ID and its message; `empty` when there are none. Colour is never the only sign: each group is named."""
    items = list(findings)
    head_html = f"<p><b>{html.escape(title)}</b></p>" if title else ""
    head_text = f"{title}\n" if title else ""
    if not items:
        return Shown(head_html + f"<p class='mk-findings-empty'><em>{html.escape(empty)}</em></p>", head_text + empty)
    groups = []
    for severity in ("error", "warning", "info"):
        chosen = [f for f in items if f.severity == severity]
        if not chosen:
            continue
        colour, mark = _SEVERITY_STYLE[severity]
        rows = "".join(
            f"<li class='mk-finding mk-{f.severity}' style='list-style:none;margin:0.2em 0'>"
            f"<span style='color:{colour}' aria-hidden='true'>{mark}</span> <b>{html.escape(f.guidance)}</b> "
            f"{html.escape(f.message)}</li>"
            for f in chosen
        )
        groups.append(
            f"<div class='mk-findings-group mk-{severity}'>"
            f"<p style='margin:0.4em 0 0.1em 0;color:{colour}'><b>{SEVERITY_HEADINGS[severity]}</b> ({len(chosen)})</p>"
            f"<ul class='mk-findings' style='padding-left:0.2em;margin:0'>{rows}</ul></div>"
        )
    return Shown(head_html + "".join(groups), head_text + "\n".join(str(f) for f in items))


def frame_view(frame: "pd.DataFrame", empty: str = "Nothing here yet.", *, title: str = "",
               columns: dict[str, str] | None = None) -> Shown:
    """A DataFrame as an escaped HTML table (dates as YYYY-MM-DD, missing values blank); `empty` when it has no rows.

    `columns` picks and renames columns ({'fit_score': 'fit'}).
    """
    head_html = f"<p><b>{html.escape(title)}</b></p>" if title else ""
    head_text = f"{title}\n" if title else ""
    if frame is None or frame.empty:
        return Shown(head_html + f"<p><em>{html.escape(empty)}</em></p>", head_text + empty)
    shown = frame.copy()
    if columns:
        shown = shown[list(columns)].rename(columns=columns)
    for col in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = shown[col].map({True: "yes", False: "no"})
    shown = shown.astype(object).where(shown.notna(), "")
    table = shown.to_html(index=False, escape=True, border=0, classes="mk-frame")
    return Shown(FRAME_CSS + head_html + table, head_text + shown.to_string(index=False))
