"""The mentor's half of the check-in: the page, its answer's checks, the import, and both sides in the analysis."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mentorkit import (
    Agreement,
    CheckIn,
    InputRejectedError,
    Meeting,
    Workbook,
    evaluation,
    mentoranswer,
    perception,
    schema,
)
from mentorkit.cli import main
from mentorkit.cohort.summary import EXTRA_COLUMNS, read_cohort, summary_frame
from mentorkit.mentorpage import make_page, questions
from mentorkit.metrics import participant_metrics
from mentorkit.model import PRIVATE_TEXT

DAY = dt.date(2026, 5, 1)
AS_OF = dt.date(2026, 6, 1)
HOSTILE = "Ana</script><script>alert(1)</script> <img src=x onerror=alert(2)> & \"Bo\""


def ratings(**over: int) -> dict[str, int]:
    values = {"value_to_mentor": 5, "value_to_mentee": 4, "interest": 4, "connection": 4, "candour": 4,
              "wish_to_continue": 5}
    values.update(over)
    return values


def answer(page_id: str, day: dt.date = DAY, comment: str = "Thanks, good talks", **over: int) -> str:
    return mentoranswer.encode({"kind": mentoranswer.KIND, "page": page_id, "date": day.isoformat(),
                                "answered_on": "2026-05-03", "ratings": ratings(**over), "comment": comment})


def checkin(day: dt.date, me: int = 4, guess: int = 4, wish: int = 4, signs: int = 4) -> CheckIn:
    return CheckIn(date=day, value_to_me=me, value_to_mentor=guess, interest=signs, encouragement=signs,
                   connection=signs, candour=signs, wish_to_continue=wish)


@pytest.fixture
def book(tmp_path) -> tuple[Workbook, str]:
    wb = Workbook.create(tmp_path / "wb", "Ana Lopez")
    wb.add(Agreement(start=dt.date(2026, 1, 1)))
    wb.add(Meeting(date=dt.date(2026, 4, 20), duration_min=45, mode="video"))
    make_page(wb, tmp_path / "page.html", DAY)
    (page_id,) = mentoranswer.pages(wb)
    return wb, page_id


# -- the page ---------------------------------------------------------------------------------------


def test_the_page_is_self_contained_escaped_and_remembered(tmp_path):
    wb = Workbook.create(tmp_path / "wb", HOSTILE)
    out = make_page(wb, tmp_path / "out" / "page.html", DAY)
    text = out.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp and "default-src 'none'" in csp.group(1) and "connect-src" not in csp.group(1)
    assert not re.search(r"\b(?:src|href)=\"(?!data:)", text.replace('href=""', ""))  # nothing to fetch
    assert "http://" not in text and "https://" not in text and "<link" not in text
    assert "<script>alert" not in text and "<img src=x" not in text  # the name is escaped everywhere
    assert text.count("<script") == 2  # the page data (JSON) and its own code, nothing injected
    assert "onerror=alert(2)" not in text.replace("onerror=alert(2)&gt;", "")  # the first name only
    assert "numbers only" in text and "comment stays with" in text  # what happens to the answers
    for q in questions("Ana"):
        assert f'name="{q.name}"' in text
    pages = mentoranswer.pages(wb)
    assert len(pages) == 1 and next(iter(pages.values())).date == DAY
    assert next(iter(pages)) in text


def test_cli_checkin_page_and_import(book, tmp_path):
    wb, page_id = book
    runner = CliRunner()
    result = runner.invoke(main, ["checkin-page", str(wb.path), "--out", str(tmp_path / "p2.html"),
                                  "--date", "2026-05-02"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p2.html").is_file() and len(mentoranswer.pages(wb)) == 2
    good = tmp_path / "answer.txt"
    token = answer(page_id)
    good.write_text("# from my mentor\n" + token[:50] + "\n" + token[50:] + "\n", encoding="utf-8")  # wrapped
    result = runner.invoke(main, ["import", "mentor-checkin", str(good), "--workbook", str(wb.path)])
    assert result.exit_code == 0, result.output
    assert wb.count("mentor_checkins") == 1
    bad = tmp_path / "bad.txt"
    bad.write_text(token[:-3] + ("000" if not token.endswith("000") else "111"), encoding="utf-8")
    result = runner.invoke(main, ["import", "mentor-checkin", str(bad), "--workbook", str(wb.path)])
    assert result.exit_code == 1 and "checksum" in result.output
    assert runner.invoke(main, ["import", "mentor-checkin", str(good)]).exit_code == 2  # no --workbook
    assert runner.invoke(main, ["checkin-page", str(wb.path), "--out", "x.html", "--date", "May"]).exit_code == 2


# -- the answer's checks ------------------------------------------------------------------------------


def test_a_wrapped_or_quoted_answer_is_read(book):
    wb, page_id = book
    token = answer(page_id, comment="Großartig — «merci» <b>")
    wrapped = "Here it is:\n\n> " + "\n> ".join(token[i:i + 40] for i in range(0, len(token), 40)) + "\n\nBest, M."
    done = mentoranswer.import_text(wb, wrapped)
    assert done.record.comment == "Großartig — «merci» <b>" and not done.replaced


@pytest.mark.parametrize("case, words", [
    ("truncated", "cut short"),
    ("flipped", "checksum"),
    ("foreign", "no mentor's answer"),
    ("other workbook", "did not make"),
    ("date changed", "was changed"),
    ("rating out of range", "value_to_mentor"),
    ("rating missing", "candour"),
    ("not ours", "not a mentor's check-in"),
])
def test_a_bad_answer_is_refused_and_nothing_is_written(book, case, words):
    wb, page_id = book
    token = answer(page_id)
    text = {
        "truncated": token[: len(token) - 4],
        "flipped": token[:20] + ("A" if token[20] != "A" else "B") + token[21:],
        "foreign": "name,date\nAna,2026-05-01\n",
        "other workbook": answer("someone-elses-page"),
        "date changed": answer(page_id, day=dt.date(2026, 5, 2)),
        "rating out of range": answer(page_id, value_to_mentor=9),
        "rating missing": mentoranswer.encode({"kind": mentoranswer.KIND, "page": page_id, "date": DAY.isoformat(),
                                               "ratings": {k: 3 for k in perception.MENTOR_RATINGS if k != "candour"}}),
        "not ours": mentoranswer.encode({"kind": "something else", "page": page_id}),
    }[case]
    before = wb.db_path.read_bytes()
    with pytest.raises(InputRejectedError, match=words) as caught:
        mentoranswer.import_text(wb, text)
    assert "nothing was imported" in str(caught.value)
    assert wb.count("mentor_checkins") == 0
    assert wb.db_path.read_bytes() == before


def test_an_answer_from_an_earlier_relationship_is_refused(book):
    wb, page_id = book
    wb.update(wb.agreement.model_copy(update={"ended_on": dt.date(2026, 5, 10), "ending": "term_completed"}))
    wb.add(Agreement(start=dt.date(2026, 5, 20)))
    with pytest.raises(InputRejectedError, match="earlier relationship"):
        mentoranswer.import_text(wb, answer(page_id))
    assert wb.count("mentor_checkins") == 0


def test_a_file_too_large_or_not_text_is_refused(book, tmp_path):
    wb, page_id = book
    big = tmp_path / "big.txt"
    big.write_text(answer(page_id) + "x" * (mentoranswer.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(InputRejectedError, match="larger than"):
        mentoranswer.import_file(wb.path, big)
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    with pytest.raises(InputRejectedError, match="not a text file"):
        mentoranswer.import_file(wb.path, binary)
    assert wb.count("mentor_checkins") == 0


def test_a_second_answer_to_the_same_page_replaces_the_first(book):
    wb, page_id = book
    mentoranswer.import_text(wb, answer(page_id, wish_to_continue=2))
    done = mentoranswer.import_text(wb, answer(page_id, wish_to_continue=4))
    assert done.replaced and "Replaced" in str(done)
    rows = wb.table("mentor_checkins")
    assert len(rows) == 1 and int(rows["wish_to_continue"].iloc[0]) == 4


def test_the_comment_is_private_text():
    assert PRIVATE_TEXT["mentor_checkins"] == ("comment",)


# -- both sides in the analysis -----------------------------------------------------------------------


def test_one_way_reads_the_mentors_own_value(book):
    wb, page_id = book
    wb.add(checkin(dt.date(2026, 5, 2), me=4, guess=2))  # the mentee guesses 2: one-way on the guess alone
    assert evaluation.latest(wb, AS_OF)["one_way"]
    mentoranswer.import_text(wb, answer(page_id, value_to_mentor=5, value_to_mentee=4))
    frame = evaluation.health_frame(wb, AS_OF)
    assert frame["value_to_mentor"].iloc[-1] == 2 and frame["value_seen"].iloc[-1] == 5
    assert not frame["one_way"].iloc[-1]  # the mentor says 5
    assert frame["health"].iloc[-1] == pytest.approx((4 + 5 + 4 * 4 + 4) / 7)
    assert frame["perception_gap"].iloc[-1] == 3
    advice = evaluation.recommend(wb, AS_OF)
    gaps = [f for f in advice.findings if "Perception gap" in f.message]
    assert advice.decision == "adjust" and gaps and gaps[0].guidance == "G6.1" and gaps[0].severity == "warning"


def test_the_mentors_low_value_makes_it_one_way_and_their_low_wish_fading(book):
    wb, page_id = book
    wb.add(checkin(dt.date(2026, 5, 2), me=5, guess=5, wish=5, signs=5))
    assert evaluation.recommend(wb, AS_OF).decision == "continue"
    mentoranswer.import_text(wb, answer(page_id, value_to_mentor=2, value_to_mentee=5, interest=5, connection=5,
                                        candour=5, wish_to_continue=1))
    last = evaluation.health_frame(wb, AS_OF).iloc[-1]
    assert last["one_way"] and last["fading"] and "your mentor's wish to continue is 1" in last["fading_why"]
    advice = evaluation.recommend(wb, AS_OF)
    assert advice.decision == "let_go" and "their own answer" in str(advice)


def test_each_sides_view_of_the_signs_is_compared(book):
    wb, page_id = book
    wb.add(checkin(dt.date(2026, 5, 2), signs=5))
    mentoranswer.import_text(wb, answer(page_id, connection=2, candour=5, interest=5, value_to_mentee=4))
    found = perception.findings(evaluation.health_frame(wb, AS_OF).iloc[-1])
    assert [f.guidance for f in found] == ["G6.2"] and "connection differently" in found[0].message


def test_a_well_read_pair_is_said_and_no_answer_changes_nothing(book):
    wb, page_id = book
    wb.add(checkin(dt.date(2026, 5, 2), me=4, guess=5))
    before = evaluation.health_frame(wb, AS_OF)
    assert before["perception_gap"].isna().all() and before["mentor_value_to_mentor"].isna().all()
    mentoranswer.import_text(wb, answer(page_id))
    advice = evaluation.recommend(wb, AS_OF)
    assert advice.decision == "continue" and any("read each other well" in f.message for f in advice.findings)


def test_an_answer_far_from_any_check_in_pairs_with_none(book):
    wb, page_id = book
    wb.add(checkin(DAY + dt.timedelta(days=perception.PAIR_DAYS + 1)))
    mentoranswer.import_text(wb, answer(page_id))
    assert evaluation.health_frame(wb, AS_OF)["mentor_value_to_mentor"].isna().all()


def test_the_health_chart_shows_both_sides(book):
    pytest.importorskip("matplotlib")
    from mentorkit import charts

    wb, page_id = book
    wb.add(checkin(dt.date(2026, 3, 1)))
    wb.add(checkin(dt.date(2026, 5, 2), guess=2))
    mentoranswer.import_text(wb, answer(page_id, value_to_mentor=5))
    fig = charts.relationship_health(wb, AS_OF)
    gids = {artist.get_gid() for artist in fig.axes[0].get_children()}
    assert {"mentor_value_to_mentor", "mentor_wish_to_continue", "perception-gap"} <= gids
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "value to the mentor, their own answer" in labels and any("my guess" in t for t in labels)


def test_the_notebook_view_shows_both_sides(book):
    from mentorkit.forms.mentorbox import both_sides, mentor_side

    wb, page_id = book
    assert "No answer from your mentor yet" in str(mentor_side(wb, AS_OF, interactive=False))
    wb.add(checkin(dt.date(2026, 5, 2), me=4, guess=2))
    mentoranswer.import_text(wb, answer(page_id, comment="<b>keep going</b>"))
    plain = str(both_sides(wb, AS_OF))
    assert "Value to your mentor: you 2, your mentor 5" in plain and "G6.1" in plain
    assert "keep going" not in plain  # the comment only where the mentee asks for it (interactive)
    shown = both_sides(wb, AS_OF, show_comment=True).html
    assert "&lt;b&gt;keep going&lt;/b&gt;" in shown and "<b>keep going" not in shown


def test_the_paste_box_imports_and_refuses(book):
    pytest.importorskip("ipywidgets")
    from mentorkit.forms.mentorbox import MentorAnswerBox, mentor_side

    wb, page_id = book
    wb.add(checkin(dt.date(2026, 5, 2)))
    box = mentor_side(wb, AS_OF, interactive=True)
    assert isinstance(box, MentorAnswerBox)
    box.paste.value = answer(page_id)[:-2]
    box.button.click()
    assert "cut short" in box.status.value and wb.count("mentor_checkins") == 0
    box.paste.value = answer(page_id)
    box.button.click()
    assert "Imported" in box.status.value and wb.count("mentor_checkins") == 1
    assert "your mentor" in box.view.value and "Perception gap" in box.view.value
    box.make.click()
    assert "send this file" in box.status.value and len(mentoranswer.pages(wb)) == 2


# -- the cohort summary -------------------------------------------------------------------------------


def test_the_summary_gains_the_gap_and_equals_the_defining_functions(tmp_path):
    root = tmp_path / "cohort"
    rows = []
    for pid, (guess, own, mentee_wish, mentor_wish) in {"p1": (2, 5, 4, 5), "p2": (4, 4, 4, 1),
                                                         "p3": (4, 2, 5, 5), "p4": (3, None, 4, None)}.items():
        wb = Workbook.create(root / pid, pid)
        wb.add(Agreement(start=dt.date(2026, 1, 1)))
        wb.add(Meeting(date=dt.date(2026, 5, 20), duration_min=30, mode="phone"))
        wb.add(checkin(dt.date(2026, 3, 1)))
        wb.add(checkin(dt.date(2026, 5, 3), guess=guess, wish=mentee_wish))
        if own is not None:
            make_page(wb, tmp_path / f"{pid}.html", DAY)
            (page_id,) = mentoranswer.pages(wb)
            mentoranswer.import_text(wb, answer(page_id, value_to_mentor=own, wish_to_continue=mentor_wish))
        rows.append((pid, root / pid))
    assert EXTRA_COLUMNS == ("ending", "perception_gap")
    for as_of in (AS_OF, dt.date(2026, 5, 2), dt.date(2026, 4, 1)):
        frame = summary_frame(read_cohort(rows, as_of)).set_index("participant_id")
        for pid, folder in rows:
            expected = participant_metrics(Workbook.open(folder), as_of)
            got = frame.loc[pid]
            for key in ("perception_gap", "last_checkin_health", "reasons", "at_risk"):
                want, have = expected[key], got[key]
                if want is None:
                    assert pd.isna(have), (pid, as_of, key, have)
                elif isinstance(want, float):
                    assert float(have) == pytest.approx(want), (pid, as_of, key)
                else:
                    assert have == want, (pid, as_of, key, have, want)
    frame = summary_frame(read_cohort(rows, AS_OF)).set_index("participant_id")
    assert frame.loc["p1", "perception_gap"] == 3 and "one_way" not in frame.loc["p1", "reasons"]
    assert "fading (G6.4)" in frame.loc["p2", "reasons"]  # the mentor's wish to continue is 1
    assert "one_way (G6.1)" in frame.loc["p3", "reasons"]  # the mentor's own value is 2
    assert str(frame.loc["p4", "perception_gap"]) == "<NA>"


# -- schema 3 -------------------------------------------------------------------------------------------


def _as_schema_2(wb: Workbook) -> None:
    """Make `wb` a schema 2 workbook, as an older mentorkit wrote it (schema 3 only added the table)."""
    conn = sqlite3.connect(wb.db_path)
    conn.execute("DROP TABLE mentor_checkins")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_schema_2_migrates_to_3_keeping_every_row(tmp_path):
    assert schema.SCHEMA_VERSION == 3 and 2 in schema.MIGRATIONS
    wb = Workbook.create(tmp_path / "wb", "Ana")
    wb.add(checkin(DAY))
    _as_schema_2(wb)
    again = Workbook.open(tmp_path / "wb")
    assert again._rows("PRAGMA user_version")[0][0] == 3
    assert again.count("checkins") == 1 and again.count("mentor_checkins") == 0
    make_page(again, tmp_path / "page.html", DAY)
    mentoranswer.import_text(again, answer(next(iter(mentoranswer.pages(again)))))
    assert again.count("mentor_checkins") == 1


def test_a_read_only_schema_2_workbook_is_read_without_migrating(tmp_path):
    from mentorkit.store import SHARE_META_KEY

    wb = Workbook.create(tmp_path / "wb", "Ana")
    wb.add(checkin(DAY))
    _as_schema_2(wb)
    conn = sqlite3.connect(wb.db_path)
    conn.execute("INSERT INTO meta(key, value) VALUES (?, '1')", (SHARE_META_KEY,))  # a received share: read only
    conn.commit()
    conn.close()
    before = wb.db_path.read_bytes()
    shared = Workbook.open(tmp_path / "wb")
    assert shared.read_only
    assert len(evaluation.health_frame(shared, AS_OF)) == 1
    row = summary_frame(read_cohort([("p", tmp_path / "wb")], AS_OF)).iloc[0]
    assert row["readable"] and str(row["perception_gap"]) == "<NA>"
    with pytest.raises(Exception):
        make_page(shared, tmp_path / "page.html", DAY)
    assert wb.db_path.read_bytes() == before and not (tmp_path / "page.html").exists()
    assert Path(wb.db_path).exists()
