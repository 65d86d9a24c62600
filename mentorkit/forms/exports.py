"""`ExportPanel`: buttons that write the charts, the progress report and the calendar into `exports/`.

Used by notebook 06 when it runs interactively. Every outcome, an error
included, goes to the panel's status line (callbacks print nowhere in
JupyterLab). In tests: `panel.buttons["report_pdf"].click()`, then read
`panel.status.value` and `panel.written`.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import ipywidgets as w

from ..charts import export_all
from ..ics import write_calendar
from ..report import write_report

if TYPE_CHECKING:
    from ..store import Workbook


class ExportPanel:
    """One button per export; files land in the workbook's `exports/` folder (or `out_dir`)."""

    def __init__(self, wb: "Workbook", as_of: dt.date, out_dir: Path | None = None):
        self.wb, self.as_of = wb, as_of
        self.out_dir = Path(out_dir) if out_dir is not None else wb.exports_dir
        self.written: list[Path] = []
        actions: dict[str, tuple[str, Callable[[], list[Path]]]] = {
            "charts_png": ("Charts as PNG", lambda: self._charts("png")),
            "charts_svg": ("Charts as SVG", lambda: self._charts("svg")),
            "charts_pdf": ("Charts as PDF", lambda: self._charts("pdf")),
            "report_pdf": ("Report (PDF)", lambda: [self._report(".pdf")]),
            "report_html": ("Report (HTML)", lambda: [self._report(".html")]),
            "calendar": ("Calendar (.ics)", self._calendar),
        }
        self.buttons = {}
        for key, (label, run) in actions.items():
            button = w.Button(description=label, layout=w.Layout(width="auto"))
            button.add_class(f"mk-export-{key.replace('_', '-')}")
            button.on_click(lambda _b, run=run, label=label: self._run(label, run))
            self.buttons[key] = button
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.widget = w.VBox([w.HBox(list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap")), self.status])

    def _charts(self, fmt: str) -> list[Path]:
        return export_all(self.wb, self.out_dir / "charts", fmt, as_of=self.as_of)

    def _report(self, suffix: str) -> Path:
        return write_report(self.wb, self.out_dir / f"progress_report{suffix}", as_of=self.as_of)

    def _calendar(self) -> list[Path]:
        return [write_calendar(self.wb, self.out_dir / "mentoring.ics", as_of=self.as_of)]

    def _run(self, label: str, run: Callable[[], list[Path]]) -> None:
        self.status.value = f"<span>{html.escape(label)}: writing\u2026</span>"
        try:
            paths = run()
        except Exception as exc:  # shown in the panel: a callback's exception would vanish otherwise
            self.status.value = (f"<span style='color:#c62828'>{html.escape(label)} failed: "
                                 f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</span>")
            return
        self.written.extend(paths)
        names = ", ".join(html.escape(p.name) for p in paths)
        folder = html.escape(str(paths[0].parent)) if paths else ""
        self.status.value = f"<span style='color:#2e7d32'>Wrote {names} in {folder}</span>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
