"""The mentor's answer to a check-in page: its short text form, its checks, and its import into the workbook.

The page (`mentorkit.mentorpage`) gives the mentor one line of text to send
back, as a small file or copied into a message:
``MKMC1.<the answers as JSON, base64url>.<CRC-32 of that JSON, 8 hex digits>``.
The checksum catches a line cut short or garbled on its way; the page id
inside ties the answer to the page this workbook made (kept in its `meta`
table as ``mentor_page.<id>``, with the date and the relationship it was made
for). Anything that fails a check is refused whole, with a message that says
what to do, and nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import as_of_date
from .errors import AnswerError, InputRejectedError, RecordValidationError
from .model import MentorCheckIn
from .store import Workbook

if TYPE_CHECKING:
    from .store import Workbook

PREFIX = "MKMC1"  # mentorkit mentor check-in, format 1
KIND = "mentorkit mentor check-in"
PAGE_META = "mentor_page."  # + page id: the pages this workbook made (JSON: date, agreement_id, made_on)
MAX_BYTES = 64 * 1024  # an answer is well under 4 KB; anything bigger is not one
QUESTIONS = ("value_to_mentor", "value_to_mentee", "interest", "connection", "candour", "wish_to_continue")
_QUOTE = re.compile(r"^\s*(?:>\s*)+")
_TOKEN = re.compile(PREFIX + r"\.([A-Za-z0-9_-]*)(?:\.([0-9A-Fa-f]{0,8}))?")


def encode(body: dict[str, Any]) -> str:
    """The text a mentor sends back for `body` (what the page's script does, in Python)."""
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"{PREFIX}.{base64.urlsafe_b64encode(raw).decode('ascii').rstrip('=')}.{zlib.crc32(raw):08x}"


def decode(text: str) -> dict[str, Any]:
    """The answer inside `text` (a file's content or a pasted message); `AnswerError` says what is wrong."""
    unquoted = (_QUOTE.sub("", line) for line in text.splitlines())  # a reply may quote it ("> ...")
    squeezed = "".join("".join(unquoted).split())  # a mail program may have wrapped the line
    found = _TOKEN.search(squeezed)
    if found is None:
        raise AnswerError(f"no mentor's answer found: it starts with {PREFIX}. Ask your mentor to send the text "
                          "or file their check-in page gave them")
    data, crc = found.group(1), found.group(2)
    if crc is None or len(crc) != 8:
        raise AnswerError("the answer is cut short (its checksum is missing): copy all of it, or use the file")
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        raise AnswerError("the answer is damaged (it does not decode): ask your mentor to send it again") from None
    if zlib.crc32(raw) != int(crc, 16):
        raise AnswerError("the answer is damaged or was changed (its checksum does not match): "
                          "copy all of it again, or ask your mentor for the file")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise AnswerError("the answer is not readable (not mentorkit's format)") from None
    if not isinstance(body, dict) or body.get("kind") != KIND or not isinstance(body.get("ratings"), dict):
        raise AnswerError("this is not a mentor's check-in answer from mentorkit")
    return body


@dataclass(frozen=True)
class Page:
    """A check-in page this workbook made: its id, the check-in date, and the relationship (agreement) then."""

    page_id: str
    date: dt.date
    agreement_id: int | None


def pages(wb: "Workbook") -> dict[str, Page]:
    """The pages this workbook made, by id."""
    out = {}
    for key, value in wb.meta().items():
        if key.startswith(PAGE_META):
            info = json.loads(value)
            out[key[len(PAGE_META):]] = Page(key[len(PAGE_META):], dt.date.fromisoformat(info["date"]),
                                             info.get("agreement_id"))
    return out


def remember_page(wb: "Workbook", page_id: str, on: dt.date) -> Page:
    """Store a new page's id in the workbook (fails on a workbook that cannot be written)."""
    agreement = wb.agreement
    page = Page(page_id, on, None if agreement is None else agreement.id)
    info = {"date": on.isoformat(), "agreement_id": page.agreement_id, "made_on": dt.date.today().isoformat()}
    with wb.transaction() as w:
        w.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (PAGE_META + page_id, json.dumps(info)))
    return page


def to_record(wb: "Workbook", body: dict[str, Any], received_on: dt.date) -> MentorCheckIn:
    """Check that `body` answers a page of this workbook's current relationship; the record to store."""
    page_id = body.get("page")
    page = pages(wb).get(page_id) if isinstance(page_id, str) else None
    if page is None:
        raise AnswerError("this answer is for a page this workbook did not make (another mentee's, or a workbook "
                          "made again): make a new page with `mentorkit checkin-page` and send it")
    if body.get("date") != page.date.isoformat():
        raise AnswerError(f"the answer's date ({body.get('date')!r}) is not its page's ({page.date}): it was changed")
    agreement = wb.agreement
    if page.agreement_id is not None and (agreement is None or agreement.id != page.agreement_id):
        raise AnswerError("this page was made for an earlier relationship; answers from then are not mixed "
                          "with the current one")
    ratings = body["ratings"]
    data = {name: ratings.get(name) for name in QUESTIONS}
    data.update(page_id=page.page_id, date=page.date, comment=body.get("comment", ""),
                answered_on=body.get("answered_on") or None, received_on=received_on)
    return MentorCheckIn.parse(data)


@dataclass(frozen=True)
class Imported:
    """What an import did: the stored answer, and whether it replaced an earlier answer to the same page."""

    record: MentorCheckIn
    replaced: bool

    def __str__(self) -> str:
        verb = "Replaced the earlier answer with" if self.replaced else "Imported"
        return f"{verb} your mentor's check-in of {self.record.date} (page {self.record.page_id})"


def import_text(wb: "Workbook", text: str, source: str = "the pasted text",
                today: dt.date | None = None) -> Imported:
    """Validate a mentor's answer and store it (one transaction); `InputRejectedError` and nothing written if bad.

    A second answer to the same page replaces the first (the mentor changed their mind).
    """
    try:
        record = to_record(wb, decode(text), as_of_date(today))
    except AnswerError as exc:
        raise InputRejectedError(source, [], summary=f"{exc}; nothing was imported") from None
    except RecordValidationError as exc:
        raise InputRejectedError(source, [], summary=f"{exc}; nothing was imported") from None
    with wb.transaction() as w:
        old = w.conn.execute("SELECT id FROM mentor_checkins WHERE page_id = ?", (record.page_id,)).fetchall()
        for (old_id,) in old:
            w.delete("mentor_checkins", old_id)
        record = record.model_copy(update={"id": w.add(record)})
    return Imported(record, bool(old))


def import_file(workbook: str | os.PathLike, path: str | os.PathLike, today: dt.date | None = None) -> Imported:
    """`mentorkit import mentor-checkin FILE --workbook WB`: read the file (small, UTF-8) and import it."""
    path = Path(path)
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputRejectedError(path, [], summary=f"larger than {MAX_BYTES // 1024} KB: not a mentor's check-in "
                                                   "answer; nothing was imported")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputRejectedError(path, [], summary="not a text file: not a mentor's check-in answer; "
                                                   "nothing was imported") from None
    return import_text(Workbook.open(workbook), text, str(path), today)
