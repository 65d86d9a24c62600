"""Exported charts and the progress report are valid files (mentorkit.charts.export_all, mentorkit.report)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from mentorkit import ActionItem, Goal, Workbook
from mentorkit.charts import CHARTS, PageCharts, export_all
from mentorkit.report import gather, write_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TODAY = dt.date(2026, 11, 15)
EVIL = "<script>alert('x')</script> & Co"


def pdf_pages(path) -> int:
    """The number of pages of a PDF written by matplotlib (its object dictionaries are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def _check_file(path, fmt: str) -> None:
    data = path.read_bytes()
    if fmt == "png":
        assert data.startswith(PNG_SIGNATURE), path
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", path
    else:
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
        assert pdf_pages(path) == 1, path


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_export_all_writes_every_chart_on_the_sample(demo_workbook, tmp_path, fmt):
    paths = export_all(demo_workbook, tmp_path / "charts", fmt, as_of=TODAY)
    assert [p.name for p in paths] == [f"{name}.{fmt}" for name in CHARTS]
    for path in paths:
        _check_file(path, fmt)
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(p.name for p in paths)  # no temp files


def test_export_all_on_an_empty_workbook_still_writes_every_chart(new_workbook, tmp_path):
    paths = export_all(new_workbook, tmp_path / "out" / "nested", "svg", as_of=TODAY)
    assert len(paths) == len(CHARTS)
    for path in paths:
        _check_file(path, "svg")


def test_export_all_is_reproducible(demo_workbook, tmp_path):
    a = export_all(demo_workbook, tmp_path / "a", "svg", as_of=TODAY)
    b = export_all(demo_workbook, tmp_path / "b", "svg", as_of=TODAY)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def _shown(monkeypatch, hinting: list[str] | None = None) -> list[tuple]:
    """Collect what `PageCharts.show` displays instead of publishing it (and, in `hinting`, the setting then)."""
    import IPython.display
    import matplotlib

    calls: list[tuple] = []

    def display(*objs, **kw):
        calls.append((objs, kw))
        if hinting is not None:
            hinting.append(matplotlib.rcParams["text.hinting"])

    monkeypatch.setattr(IPython.display, "display", display)
    return calls


def test_page_charts_in_a_cohort_run_show_and_save_the_same_png_as_export_all(demo_workbook, tmp_path, monkeypatch):
    import base64

    shown = _shown(monkeypatch)
    page = PageCharts(tmp_path / "page")
    for name in CHARTS:
        page.show(name, demo_workbook, TODAY)
    written = page.finish(demo_workbook, TODAY)
    expected = export_all(demo_workbook, tmp_path / "export", "png", as_of=TODAY, anonymous=True)
    assert [p.name for p in written] == [p.name for p in expected]
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in expected]
    assert sorted(p.name for p in (tmp_path / "page").iterdir()) == sorted(p.name for p in written)
    for (objs, kw), path in zip(shown, written, strict=True):
        (bundle,) = objs
        assert kw["raw"] is True
        assert base64.b64decode(bundle["image/png"]) == path.read_bytes()  # the page shows the file itself
        assert bundle["text/plain"].startswith("<Figure size 900x")
        assert kw["metadata"]["image/png"]["width"] == 900  # at the figure's own size, not 1.5 times it


def test_page_charts_without_a_folder_display_the_figures_and_write_nothing(demo_workbook, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    hinting: list[str] = []
    shown = _shown(monkeypatch, hinting)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    page = PageCharts()
    page.show("gas_tscore", demo_workbook, TODAY)
    assert page.finish(demo_workbook, TODAY) == []
    ((objs, kw),) = shown
    assert isinstance(objs[0], Figure) and not kw  # the interactive page: the figure itself, inline as before
    assert hinting == ["no_hinting"]  # drawn as it is displayed, in the charts' style
    assert not list((tmp_path / "cwd").iterdir()) and not list(tmp_path.rglob("*.png"))


def test_page_charts_finish_saves_the_charts_not_shown(new_workbook, tmp_path, monkeypatch):
    _shown(monkeypatch)
    page = PageCharts(tmp_path / "c")
    page.show("follow_through", new_workbook, TODAY)
    assert [p.name for p in page.finish(new_workbook, TODAY)] == [f"{name}.png" for name in CHARTS]


def test_export_all_rejects_an_unknown_format(new_workbook, tmp_path):
    with pytest.raises(ValueError, match="gif"):
        export_all(new_workbook, tmp_path, "gif", as_of=TODAY)


def test_pdf_report_pages(demo_workbook, tmp_path, monkeypatch):
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    hinting: list[str] = []
    savefig = PdfPages.savefig
    monkeypatch.setattr(PdfPages, "savefig", lambda self, *a, **kw: (hinting.append(matplotlib.rcParams["text.hinting"]),
                                                                     savefig(self, *a, **kw))[1])
    path = write_report(demo_workbook, tmp_path / "out" / "report.pdf", as_of=TODAY)
    assert set(hinting) == {"no_hinting"}  # every page laid out in the charts' style
    assert path == tmp_path / "out" / "report.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert pdf_pages(path) == 1 + len(CHARTS) + 1  # title page, the charts, goals and actions
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.pdf"]  # no temporary file left


def test_pdf_report_of_an_empty_workbook_with_a_dollar_in_the_name(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Sam $mith $x^2$")
    path = write_report(wb, tmp_path / "empty.pdf", as_of=TODAY)
    assert pdf_pages(path) == 1 + len(CHARTS) + 1


def _evil_workbook(tmp_path) -> Workbook:
    wb = Workbook.create(tmp_path / "evil", EVIL)
    wb.add(Goal(title="<img src=x onerror=alert(1)>", created_on=dt.date(2026, 1, 1)))
    wb.add(ActionItem(description="<b>bold</b> & <script>steal()</script>", due=dt.date(2026, 12, 1)))
    return wb


def test_html_report_escapes_every_piece_of_user_text(tmp_path):
    path = write_report(_evil_workbook(tmp_path), tmp_path / "report.html", as_of=TODAY)
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "<img" not in text.lower() and "<b>bold" not in text
    assert "<h1>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co</h1>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;steal()&lt;/script&gt;" in text
    assert "Content-Security-Policy" in text


def test_html_report_is_self_contained_with_inline_svg(demo_workbook, tmp_path):
    text = write_report(demo_workbook, tmp_path / "r.html", as_of=TODAY).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<h1>Maya Lindqvist</h1>" in text
    svgs = re.findall(r"<svg.*?</svg>", text, flags=re.S)
    assert len(svgs) == len(CHARTS)
    for svg in svgs:
        ET.fromstring(svg)  # each inline chart is well-formed XML
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", text)  # nothing fetched from elsewhere
    assert "10 of 13 due actions kept (77%)" in text


def test_html_report_of_an_empty_workbook_says_not_enough_data(new_workbook, tmp_path):
    text = write_report(new_workbook, tmp_path / "r.html", as_of=TODAY).read_text(encoding="utf-8")
    assert text.count("Not enough data yet") == len(CHARTS)
    assert "none yet" in text


def test_report_summary_on_the_sample(demo_workbook):
    summary = dict(gather(demo_workbook, TODAY).summary)
    assert summary["Meetings held"] == "10, from 20 Feb 2026 to 13 Nov 2026"
    assert summary["Gaps past the drift limit (G5.5)"].startswith("1 ")
    assert summary["GAS T-score"].startswith("60.0")
    assert summary["Latest check-in"].startswith("13 Nov 2026: Continue")


def test_report_rejects_another_suffix(new_workbook, tmp_path):
    with pytest.raises(ValueError, match=r"\.pdf or \.html"):
        write_report(new_workbook, tmp_path / "r.docx", as_of=TODAY)


def test_cli_charts_and_report(demo_workbook, tmp_path):
    from mentorkit.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["charts", str(demo_workbook.path), "--out", str(tmp_path / "c"), "--format", "pdf",
                                  "--as-of", "2026-11-15"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(CHARTS)} charts" in result.output
    result = runner.invoke(main, ["report", str(demo_workbook.path), "--out", str(tmp_path / "r.html"),
                                  "--as-of", "2026-11-15"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("<svg") == len(CHARTS)
    result = runner.invoke(main, ["report", str(demo_workbook.path), "--out", str(tmp_path / "r.txt")])
    assert result.exit_code == 2


def test_export_panel_buttons_write_into_exports(new_workbook):
    from mentorkit.forms.exports import ExportPanel

    panel = ExportPanel(new_workbook, TODAY)
    panel.buttons["report_pdf"].click()
    assert "Wrote progress_report.pdf" in panel.status.value
    panel.buttons["charts_svg"].click()
    panel.buttons["calendar"].click()
    names = sorted(p.name for p in panel.written)
    assert names == sorted(["progress_report.pdf", "mentoring.ics", *(f"{c}.svg" for c in CHARTS)])
    assert all(p.is_file() and new_workbook.exports_dir in p.parents for p in panel.written)


def test_export_panel_shows_a_failure_in_its_status(new_workbook, tmp_path):
    from mentorkit.forms.exports import ExportPanel

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the exports folder should be")
    panel = ExportPanel(new_workbook, TODAY, out_dir=blocker)
    panel.buttons["charts_png"].click()
    assert "failed" in panel.status.value and panel.written == []
