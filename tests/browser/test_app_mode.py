"""The journey as an app (`make app`): Voilà shows forms and outputs, no code, and sends nothing off the machine."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

from mentorkit import Workbook  # noqa: E402

from .jlab import KERNEL_TIMEOUT, SAVE_TIMEOUT, Form  # noqa: E402
from .servers import MENTEE_NAME  # noqa: E402

CODE = ".jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor, .jp-InputPrompt"


def test_the_app_walks_from_the_start_page_to_a_saved_candidate(voila, page, voila_workbook):
    page.goto(voila.url + "/", timeout=KERNEL_TIMEOUT)
    expect(page.get_by_text("00_start_here.ipynb")).to_be_visible()

    page.goto(f"{voila.url}/voila/render/00_start_here.ipynb", timeout=KERNEL_TIMEOUT)
    expect(page.get_by_role("heading", name="Start here: your mentoring workbook")).to_be_visible(
        timeout=KERNEL_TIMEOUT
    )
    expect(page.get_by_text(f"{MENTEE_NAME}'s workbook")).to_be_visible()  # created on first use
    assert page.locator(CODE).count() == 0

    # Follow the journey's own link to step 2, as a user would.
    page.get_by_role("link", name="02_candidate_research").first.click()
    page.wait_for_url("**/voila/render/02_candidate_research.ipynb", timeout=KERNEL_TIMEOUT)
    form = Form(page, "candidates")
    expect(form.root).to_be_visible(timeout=KERNEL_TIMEOUT)
    assert page.locator(CODE).count() == 0
    assert "open_workbook(" not in page.inner_text("body")

    form.type_text("name", "Sam Okafor")
    form.type_text("organization", "Contoso Health")
    form.choose("relationship", "met once")
    for field, rating in (("respect", 4), ("values_fit", 5), ("path_similarity", 3)):
        form.rate(field, rating)
    form.save("Saved candidate")

    sam = [c for c in Workbook.open(voila_workbook).records("candidates") if c.name == "Sam Okafor"]
    assert [(c.organization, c.relationship, c.respect, c.values_fit, c.path_similarity) for c in sam] == [
        ("Contoso Health", "met_once", 4, 5, 3)
    ]
    # Met once: build the connection before asking (G3.1), shown beside the form.
    live = form.root.locator(".mk-live").first
    expect(live.locator(".mk-finding.mk-warning", has_text="G3.1")).to_be_visible(timeout=SAVE_TIMEOUT)

    # Voilà's page links icon fonts from a public CDN; the app's Content-Security-Policy
    # (voila.json) keeps the browser from sending those requests.
    assert set(page.outside) <= set(page.blocked), sorted(set(page.outside) - set(page.blocked))
