"""The mentor's check-in page: one HTML file the mentee sends to their mentor (G6.1, G6.2).

It works opened from disk, with no server and no request of any kind: its
script and style are inline, and its Content-Security-Policy allows nothing
else. It carries only what the mentor needs (the mentee's first name, the
check-in date, the questions) and a page id remembered in the workbook, so
that the answer can be matched to it (`mentorkit.mentoranswer`). Every piece
of user text is escaped, in the HTML and in the script's data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from .dates import as_of_date
from .mentoranswer import KIND, PREFIX, remember_page
from .storage import atomic_file, make_folder
from .templating import TEMPLATES_DIR

if TYPE_CHECKING:
    from .store import Workbook

MAX_COMMENT = 2000  # characters of the mentor's comment


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    short: str
    low: str
    high: str


def questions(first_name: str) -> list[Question]:
    """The mentor's side of the check-in: the mentee's questions asked the other way round."""
    return [
        Question("value_to_mentor", "How much do you get out of our meetings?", "value to you",
                 "nothing much", "a great deal"),
        Question("value_to_mentee", f"How much do you think {first_name} gets out of them?",
                 f"value to {first_name}", "nothing much", "a great deal"),
        Question("interest", f"How interested are you in {first_name}'s progress?", "interest",
                 "hardly", "very"),
        Question("connection", "How much of a connection do you feel?", "connection", "none", "a strong one"),
        Question("candour", "How openly can we talk, both ways?", "candour", "guardedly", "fully openly"),
        Question("wish_to_continue", "How much would you like to go on meeting?", "wish to go on",
                 "not at all", "very much"),
    ]


def first_name(name: str) -> str:
    """The first word of the mentee's name: all the page shows of it."""
    return (name.split() or ["your mentee"])[0]


def render(first: str, on: dt.date, page_id: str) -> str:
    """The page's HTML (escaped throughout)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    qs = questions(first)
    data = {"kind": KIND, "prefix": PREFIX, "page_id": page_id, "date": on.isoformat(),
            "note": f"A mentor's check-in answer for {first}: import it with mentorkit (notebook 05).",
            "questions": [{"name": q.name, "short": q.short} for q in qs]}
    # JSON inside <script>: no "<", ">" or "&" can end the element or start markup
    page_json = json.dumps(data, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    page_json = page_json.replace("&", "\\u0026")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", first).strip("-") or "mentee"
    return env.get_template("mentor_checkin.html.j2").render(
        first_name=first, date=on.isoformat(), questions=qs, max_comment=MAX_COMMENT,
        page_json=Markup(page_json),
        file_name=f"mentor-checkin-{safe}-{on.isoformat()}.txt")


def make_page(wb: "Workbook", out: str | os.PathLike, on: dt.date | None = None) -> Path:
    """Write the page for a check-in dated `on` (default today) to `out` and remember its id in the workbook."""
    on = as_of_date(on)
    out = Path(out)
    page_id = secrets.token_urlsafe(12)
    html = render(first_name(wb.mentee_name), on, page_id)
    make_folder(out.parent)
    remember_page(wb, page_id, on)
    with atomic_file(out) as tmp:
        Path(tmp).write_text(html, encoding="utf-8")
    return out
