"""The candidate screening rules (G2.x, G3.1): each with a case that fires and one that does not."""

from __future__ import annotations

import pytest

from mentorkit import Candidate, RecordValidationError
from mentorkit.screening import fit_score, next_step, screen, screen_all, shortlist, shortlist_notes


def cand(**over):
    base = dict(name="Ada Quinn", organization="Elsewhere Ltd", same_organization=False, relationship="acquaintance",
                respect=4, values_fit=4, path_similarity=4, connection_route="event")
    base.update(over)
    return base


def ids(findings, severity=None):
    return [f.guidance for f in findings if severity is None or f.severity == severity]


@pytest.mark.parametrize("relationship", ["current_manager", "supervisor_chain"])
def test_g2_3_manager_or_supervisor_chain_is_an_error(relationship):
    found = screen(cand(relationship=relationship, same_organization=True))
    assert ids(found, "error") == ["G2.3"]
    assert "objective" in found[0].message and found[0].subject == "Ada Quinn"


def test_g2_4_someone_known_well_is_an_error():
    assert ids(screen(cand(relationship="knows_well")), "error") == ["G2.4"]


def test_an_acquaintance_raises_no_error_or_warning():
    assert screen(cand()) == []


@pytest.mark.parametrize("relationship", ["met_once", "never_met"])
def test_g3_1_barely_known_is_a_warning_to_build_the_connection(relationship):
    found = [f for f in screen(cand(relationship=relationship)) if f.guidance == "G3.1"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert "connection first" in found[0].message and "informational interview" in found[0].message


def test_g2_7_asks_for_a_route_only_when_there_is_none():
    assert "G2.7" in ids(screen(cand(relationship="never_met", connection_route="")))
    assert "G2.7" not in ids(screen(cand(relationship="never_met", connection_route="introduction")))
    assert "G2.7" not in ids(screen(cand(relationship="acquaintance", connection_route="")))


@pytest.mark.parametrize("field", ["respect", "values_fit"])
def test_g2_5_a_title_without_respect_or_shared_values(field):
    found = screen(cand(role="VP Analytics", **{field: 2}))
    assert ids(found) == ["G2.5"] and found[0].severity == "info"
    assert "VP Analytics" in found[0].message
    assert "G2.5" not in ids(screen(cand(role="VP Analytics", **{field: 3})))


def test_g2_2_a_different_path_or_not_senior():
    assert ids(screen(cand(path_similarity=2))) == ["G2.2"]
    assert ids(screen(cand(senior=False))) == ["G2.2"]
    assert "G2.2" not in ids(screen(cand(path_similarity=3, senior=True)))


def test_g2_1_note_when_every_candidate_is_in_the_same_organisation():
    inside = [cand(name="A", same_organization=True), cand(name="B", same_organization=True)]
    assert "G2.1" in ids(shortlist_notes(inside))
    mixed = [cand(name="A", same_organization=True), cand(name="B", same_organization=False)]
    assert "G2.1" not in ids(shortlist_notes(mixed))


def test_g2_8_note_when_few_candidates_are_left():
    few = [cand(name="A"), cand(name="B", relationship="current_manager")]
    assert "G2.8" in ids(shortlist_notes(few))
    enough = [cand(name=n) for n in "ABC"]
    assert "G2.8" not in ids(shortlist_notes(enough))


def test_screen_accepts_a_candidate_a_mapping_and_a_dataframe_row(new_workbook):
    record = Candidate.parse(cand())
    assert screen(record) == screen(cand())
    new_workbook.add(Candidate.parse(cand(relationship="knows_well")))
    row = new_workbook.table("candidates").iloc[0]
    assert ids(screen(row)) == ["G2.4"]


def test_screen_ignores_unknown_keys_and_fills_optional_defaults():
    assert screen({**cand(), "email": "ada@example.org"}) == []


def test_screen_names_every_bad_field():
    with pytest.raises(RecordValidationError) as info:
        screen({"name": "X", "organization": "Y", "same_organization": True, "relationship": "boss",
                "respect": 9, "values_fit": 3})
    assert set(info.value.fields) == {"relationship", "respect", "path_similarity"}
    assert isinstance(info.value, ValueError)


def test_fit_score_from_first_principles():
    assert fit_score(cand(respect=5, values_fit=5, path_similarity=5, senior=True)) == 100.0
    assert fit_score(cand(respect=1, values_fit=1, path_similarity=1, senior=False)) == 0.0
    # respect 5 (0.35), values 3 (0.35 x 0.5), path 1 (0), not senior (0)
    assert fit_score(cand(respect=5, values_fit=3, path_similarity=1, senior=False)) == 52.5
    assert fit_score(cand(respect=5)) > fit_score(cand(respect=4))


def test_next_step_follows_the_rules():
    assert "G2.3" in next_step(cand(relationship="current_manager"))
    assert "G2.4" in next_step(cand(relationship="knows_well"))
    assert "G3.2" in next_step(cand(relationship="met_once"))
    assert "G2.7" in next_step(cand(relationship="never_met", connection_route=""))
    assert "G4.6" in next_step(cand(status="declined"))
    assert "G3.7" in next_step(cand(status="interviewed"))
    assert "G3.4" in next_step(cand(status="interviewed"), best_flow=2)
    assert "G2.5" in next_step(cand(values_fit=1))


def test_shortlist_ranks_and_explains():
    people = [
        cand(name="Low fit", respect=3, values_fit=3, path_similarity=3),
        cand(name="Boss", relationship="current_manager", respect=5, values_fit=5, path_similarity=5),
        cand(name="Best", respect=5, values_fit=5, path_similarity=5),
        cand(name="Said no", respect=5, values_fit=5, path_similarity=4, status="declined"),
        cand(name="Stranger", relationship="never_met", respect=3, values_fit=3, path_similarity=3),
    ]
    frame = shortlist(people)
    assert frame["name"].tolist() == ["Best", "Low fit", "Stranger", "Said no", "Boss"]
    assert frame["rank"].tolist() == [1, 2, 3, 4, 5]
    why = dict(zip(frame["name"], frame["why"]))
    assert why["Boss"].startswith("ruled out") and "G2.3" in why["Boss"]
    assert "declined" in why["Said no"]
    assert "G3.1" in why["Stranger"]  # tie on fit: the better connected one first
    eligible = dict(zip(frame["name"], frame["eligible"]))
    assert not eligible["Boss"] and eligible["Said no"] and eligible["Best"]


def test_shortlist_of_nothing_is_an_empty_frame():
    frame = shortlist([])
    assert frame.empty and "why" in frame.columns


def test_screen_all_adds_the_list_notes(new_workbook):
    new_workbook.add(Candidate.parse(cand(same_organization=True)))
    assert {"G2.1", "G2.8"} <= set(ids(screen_all(new_workbook)))


def test_a_logged_talk_ends_the_g3_1_warning_in_screen_all_but_not_in_screen(new_workbook):
    from mentorkit import Interview

    wb = new_workbook
    lin = wb.add(Candidate(**cand(name="Lin Zhao", relationship="met_once", connection_route="")))
    rafael = wb.add(Candidate(**cand(name="Rafael Ortiz", relationship="never_met", connection_route="")))
    before = screen_all(wb)
    assert [f.subject for f in before if f.guidance == "G3.1"] == ["Lin Zhao", "Rafael Ortiz"]
    wb.add(Interview(person="Lin Zhao", candidate_id=lin, date="2026-04-22", flow=4))
    after = screen_all(wb)
    assert [f.subject for f in after if f.guidance == "G3.1"] == ["Rafael Ortiz"]
    assert [f.subject for f in after if f.guidance == "G2.7"] == ["Rafael Ortiz"]
    assert ids(screen(wb.get("candidates", lin)), "warning") == ["G3.1"]  # screen alone still warns
    row = shortlist(wb).set_index("name").loc["Lin Zhao"]
    assert "G3.1" not in row["flags"] and "build the connection" not in row["why"]
    assert "coffee" in row["next_step"] and "G3.7" in row["next_step"]
    assert "G3.1" in shortlist(wb).set_index("name").loc["Rafael Ortiz", "flags"]
    assert rafael


def test_a_talk_with_someone_else_does_not_end_the_warning(new_workbook):
    from mentorkit import Interview

    wb = new_workbook
    wb.add(Candidate(**cand(name="Lin Zhao", relationship="met_once")))
    wb.add(Interview(person="Lin Zhao", date="2026-04-22"))  # not linked to the candidate
    assert [f.subject for f in screen_all(wb) if f.guidance == "G3.1"] == ["Lin Zhao"]


def test_screen_in_a_workbook_knows_about_the_talk(new_workbook):
    from mentorkit import Interview
    from mentorkit.screening import screen_in

    wb = new_workbook
    lin = wb.add(Candidate(**cand(name="Lin Zhao", relationship="met_once")))
    assert ids(screen_in(wb, wb.get("candidates", lin)), "warning") == ["G3.1"]
    wb.add(Interview(person="Lin Zhao", candidate_id=lin, date="2026-04-22"))
    assert ids(screen_in(wb, wb.get("candidates", lin)), "warning") == []
    assert ids(screen_in(wb, cand(name="Someone New", relationship="met_once")), "warning") == ["G3.1"]  # no id
