"""The privacy guard: a mentee's own words found in a cohort folder are withheld, and named by field only."""

from __future__ import annotations

import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from mentorkit import Goal, Meeting, Workbook
from mentorkit.cohort.privacy import WITHHELD, guard_for, private_fragments

SECRET = "Quietly planning to leave Northwind"
NOTE = "Talked & worried about the reorg"


def make_workbook(tmp_path) -> Workbook:
    wb = Workbook.create(tmp_path / "wb", "Rosalind Example")
    wb.add(Goal(title=SECRET, weight=1, baseline_level=-1))
    wb.add(Meeting(date="2026-01-05", duration_min=30, mode="video", notes=f"first line\n{NOTE}"))
    return wb


def test_fragments_come_from_every_private_field_and_the_name(tmp_path):
    frags = private_fragments(make_workbook(tmp_path).path)
    assert frags.by_text[SECRET] == "goals.title"
    assert frags.by_text[NOTE] == "meetings.notes"
    assert frags.by_text["Rosalind Example"] == "meta.mentee_name"
    assert SECRET[:16].rstrip() in frags.by_text  # a shortened label is caught too
    assert "video" not in frags.by_text  # not private: a choice from a list


def test_outputs_files_and_pictures_showing_private_text_are_withheld(tmp_path):
    guard = guard_for(make_workbook(tmp_path).path)
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    nb = new_notebook(cells=[new_code_cell("print(1)", outputs=[
        new_output("stream", name="stdout", text=f"Goal: {SECRET}\n"),
        new_output("display_data", data={"text/html": f"<td>{NOTE.replace('&', '&amp;')}</td>", "text/plain": "x"}),
        new_output("error", ename="KeyError", evalue=f"'{SECRET[:20]}...'",
                   traceback=[f"\x1b[31mKeyError\x1b[0m: {SECRET}"]),
        new_output("display_data", data={"image/svg+xml": f"<svg><!-- {SECRET} --></svg>", "text/plain": "fig"}),
        new_output("stream", name="stdout", text="4 meetings, 2 kept\n"),
    ])])
    nbformat.write(nb, out / "report.ipynb")
    (out / "charts" / "gas.svg").write_text(f"<svg><!-- {SECRET} --></svg>", encoding="utf-8")
    (out / "charts" / "ok.svg").write_text("<svg><!-- T-score --></svg>", encoding="utf-8")
    (out / "charts" / "gas.png").write_bytes(b"\x89PNG not text")
    (out / "status.json").write_text(json.dumps({"error": f"no goal {SECRET}"}), encoding="utf-8")

    withheld = {w.file: w for w in guard.clean_folder(out)}

    assert set(withheld) == {"report.ipynb", "charts/gas.svg", "status.json"}
    assert withheld["charts/gas.svg"].action == "removed"
    assert withheld["report.ipynb"].fields == ["goals.title", "meetings.notes"]
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert SECRET[:16] not in text and "worried about" not in text, path
    cleaned = nbformat.read(out / "report.ipynb", as_version=4).cells[0].outputs
    assert len(cleaned) == 5
    assert WITHHELD in cleaned[0]["text"] and cleaned[4]["text"] == "4 meetings, 2 kept\n"
    assert cleaned[2]["ename"] == "KeyError"  # the error's kind survives, its words do not
    assert cleaned[3]["output_type"] == "stream"  # the picture is replaced by a notice
    assert (out / "charts" / "ok.svg").exists() and (out / "charts" / "gas.png").exists()


def test_a_folder_without_private_text_is_left_alone(tmp_path):
    guard = guard_for(make_workbook(tmp_path).path)
    out = tmp_path / "out"
    out.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=[new_output("stream", name="stdout", text="50.0")])]),
                   out / "report.ipynb")
    before = (out / "report.ipynb").read_bytes()
    assert guard.clean_folder(out) == []
    assert (out / "report.ipynb").read_bytes() == before
    assert guard.redact("nothing here") == "nothing here"


def test_a_pictures_base64_is_not_searched_but_text_posing_as_one_is(tmp_path):
    """A PNG's base64 is not text (as a .png file is not); words under an image key that are no picture still are."""
    import base64

    wb = Workbook.create(tmp_path / "wb", "Abcd")
    guard = guard_for(wb.path)
    png = b"\x89PNG\r\n\x1a\n\x00" + base64.b64decode("Abcd") + b"\x00" * 30
    encoded = base64.b64encode(png).decode("ascii")
    assert "Abcd" in encoded  # by chance, as a long picture's base64 holds many four-letter words
    out = tmp_path / "out"
    out.mkdir()
    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", data={"image/png": encoded, "text/plain": "<Figure>"}),
        new_output("display_data", data={"image/png": "Abcd", "text/plain": "fig"}),
    ])])
    nbformat.write(nb, out / "report.ipynb")

    withheld = guard.clean_folder(out)

    assert [w.fields for w in withheld] == [["meta.mentee_name"]]
    outputs = nbformat.read(out / "report.ipynb", as_version=4).cells[0].outputs
    assert outputs[0]["data"]["image/png"] == encoded  # the picture is kept as it was
    assert outputs[1]["output_type"] == "stream" and "Abcd" not in outputs[1]["text"]
