"""The privacy guard for cohort outputs: no text a mentee wrote may leave in a facilitator's folder.

The report notebook runs in cohort mode with ``metrics_only=True`` (charts
number goals instead of naming them, no notes are printed), so this guard
should find nothing. It is the safety net: it reads every private text
field of the workbook (`mentorkit.model.PRIVATE_TEXT`, plus the mentee's
name; a share's neutral labels such as ``goal 3`` are not their words),
then searches every text output of the participant's folder for it:
notebook outputs (errors and tracebacks included), SVG, HTML, JSON, CSV and
plain text files. Text found is replaced by ``[withheld]``; an SVG drawing
that shows it is removed entirely (its glyphs would still draw the words).
What was withheld is recorded by file and field, never by content.

Images in PNG or PDF cannot be read this way: cohort charts must not draw
mentee text in the first place (notebook 06 with `metrics_only=True`).
"""

from __future__ import annotations

import binascii
import html
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..model import PRIVATE_TEXT, neutral_label
from ..reading import read_connection
from ..storage import atomic_file
from ..store import DB_NAME

WITHHELD = "[withheld]"
MIN_LENGTH = 4  # shorter fragments ("Ana", "ok") would match innocent output
PREFIX = 16  # a long line is also searched by its first characters, to catch a shortened label
# binary output types a notebook holds as base64, and how each file format starts
BASE64_TYPES = {"image/png": (b"\x89PNG",), "image/jpeg": (b"\xff\xd8",), "image/gif": (b"GIF8",),
                "image/webp": (b"RIFF",), "image/bmp": (b"BM",), "application/pdf": (b"%PDF",)}
TEXT_SUFFIXES = {".ipynb", ".svg", ".html", ".htm", ".json", ".csv", ".txt", ".md", ".log", ".xml", ".tex", ".ics"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Fragments:
    """The private text of one workbook, as searchable fragments, each labelled by its field."""

    by_text: dict[str, str] = field(default_factory=dict)  # fragment -> "table.column"

    def __bool__(self) -> bool:
        return bool(self.by_text)

    def add(self, label: str, value: object) -> None:
        if not isinstance(value, str):
            return
        for line in value.splitlines():
            for form in {line.strip(), " ".join(line.split())}:
                if len(form) >= MIN_LENGTH and _LETTER.search(form):
                    self.by_text.setdefault(form, label)
                    if len(form) > PREFIX:
                        self.by_text.setdefault(form[:PREFIX].rstrip(), label)


def private_fragments(workbook: Path) -> Fragments:
    """Read every private text field of a workbook through a read-only connection."""
    frags = Fragments()
    db = Path(workbook) / DB_NAME
    if not db.exists():
        return frags
    with read_connection(db.resolve()) as conn:  # read-only storage too (`mentorkit.reading`)
        row = conn.execute("SELECT value FROM meta WHERE key = 'mentee_name'").fetchone()
        if row:
            frags.add("meta.mentee_name", row[0])
        for table, columns in PRIVATE_TEXT.items():
            try:
                cursor = conn.execute(f"SELECT id, {', '.join(columns)} FROM {table}")
            except sqlite3.DatabaseError:
                continue
            for row_id, *values in cursor:
                for column, value in zip(columns, values):
                    if value != neutral_label(table, column, row_id):  # `goal 3` in a share: not their words
                        frags.add(f"{table}.{column}", value)
    return frags


@dataclass
class Withheld:
    """One file where private text was found, what was done, and which fields (never the text)."""

    file: str
    action: str  # "redacted" or "removed"
    fields: list[str]

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "action": self.action, "fields": self.fields}


class Guard:
    """Searches text for a workbook's private fragments and replaces them."""

    def __init__(self, fragments: Fragments):
        self.fragments = fragments
        # longest first, so a whole line is replaced before its prefix
        self._items = sorted(fragments.by_text.items(), key=lambda item: len(item[0]), reverse=True)

    @staticmethod
    def _forms(text: str) -> list[str]:
        plain = _ANSI.sub("", text)
        forms = [text, plain, html.unescape(plain)]
        return list(dict.fromkeys(forms))

    def hits(self, text: str) -> list[str]:
        """The fields whose text appears in `text` (also after removing ANSI colours and HTML escapes)."""
        if not self._items or not text:
            return []
        forms = self._forms(text)
        return sorted({label for frag, label in self._items if any(frag in form for form in forms)})

    def redact(self, text: str) -> str:
        """`text` with every fragment replaced by [withheld] (colours and escapes dropped where needed)."""
        if not self._items or not text or not self.hits(text):
            return text
        out = text
        for frag, _ in self._items:
            out = out.replace(frag, WITHHELD)
        if self.hits(out):
            out = html.unescape(_ANSI.sub("", out))
            for frag, _ in self._items:
                out = out.replace(frag, WITHHELD)
        return out

    # -- files ------------------------------------------------------------------------------

    def clean_folder(self, folder: Path) -> list[Withheld]:
        """Scan every file under `folder`; redact or remove what shows private text."""
        withheld: list[Withheld] = []
        if not self._items:
            return withheld
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            suffix = path.suffix.lower()
            if suffix == ".ipynb":
                fields = self._clean_notebook(path)
                if fields:
                    withheld.append(Withheld(rel, "redacted", fields))
            elif suffix in TEXT_SUFFIXES:
                text = path.read_text(encoding="utf-8", errors="replace")
                fields = self.hits(text)
                if not fields:
                    continue
                if suffix == ".svg":
                    path.unlink()
                    withheld.append(Withheld(rel, "removed", fields))
                else:
                    _rewrite(path, self.redact(text))
                    withheld.append(Withheld(rel, "redacted", fields))
        return withheld

    def _clean_notebook(self, path: Path) -> list[str]:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not self.hits("\n".join(_strings(nb))):
            return []
        found: set[str] = set()
        for cell in nb.get("cells", []):
            kept = []
            for output in cell.get("outputs", []):
                fields = self._hits_in(output)
                if not fields:
                    kept.append(output)
                    continue
                found.update(fields)
                kept.append(self._redact_output(output, fields))
            if "outputs" in cell:
                cell["outputs"] = kept
        metadata_hits = self._hits_in(nb.get("metadata", {}))
        if metadata_hits:
            found.update(metadata_hits)
            nb["metadata"] = self._redact_value(nb["metadata"])
        if found:
            _rewrite(path, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
        return sorted(found)

    def _hits_in(self, value: object) -> list[str]:
        return self.hits("\n".join(_strings(value)))

    def _redact_value(self, value: object) -> object:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self._redact_value(v) for v in value]
        if isinstance(value, dict):
            return {k: self._redact_value(v) for k, v in value.items()}
        return value

    def _redact_output(self, output: dict, fields: list[str]) -> dict:
        """Text is redacted in place; a picture (SVG) that shows the text is replaced by a notice."""
        data = output.get("data")
        if isinstance(data, dict) and any(self._hits_in(data.get(k)) for k in data if k.startswith("image/")):
            notice = (f"{WITHHELD} a figure that showed a mentee's own words ({', '.join(fields)}); "
                      "cohort outputs carry metrics only\n")
            return {"output_type": "stream", "name": "stdout", "text": notice}
        return self._redact_value(output)  # type: ignore[return-value]


def _rewrite(path: Path, text: str) -> None:
    """Replace a file with its redacted text whole: a crash never leaves half of it."""
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _strings(value: object):
    """Every string inside a JSON-like value, but a binary picture's base64 (see `_is_base64_picture`)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not _is_base64_picture(key, item):
                yield from _strings(item)


def _is_base64_picture(key: object, value: object) -> bool:
    """A notebook output's PNG (JPEG, GIF, PDF) as base64: not text, so not searched, as a .png file is not.

    A chart's base64 is most of a report notebook's text (searching it was most of
    the guard's time), and a fragment of four letters could match it by chance.
    Only a value that decodes as base64 to a file of that very format is
    skipped; anything else under such a key is searched like any text.
    """
    if not isinstance(key, str) or key not in BASE64_TYPES or not isinstance(value, (str, list)):
        return False
    text = value if isinstance(value, str) else "".join(v for v in value if isinstance(v, str))
    try:
        data = binascii.a2b_base64(text.replace("\n", "").encode("ascii"), strict_mode=True)
    except (ValueError, UnicodeEncodeError):
        return False
    return data.startswith(BASE64_TYPES[key])


def guard_for(workbook: Path) -> Guard:
    """A guard loaded with one workbook's private text."""
    return Guard(private_fragments(workbook))
