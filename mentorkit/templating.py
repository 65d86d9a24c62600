"""Plain-text drafts from the Jinja2 templates in `mentorkit/templates/`.

Drafts are text a mentee copies into an email or a message, so nothing is
HTML-escaped here; code that puts a draft into HTML escapes it there. An
undefined name in a template is an error, never a silent blank.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from .resources import templates_dir

TEMPLATES_DIR = templates_dir()


@lru_cache(maxsize=1)
def environment():
    """The shared Jinja2 environment over `mentorkit/templates/` (StrictUndefined, no autoescape)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters["words"] = lambda value: str(value).replace("_", " ")
    env.filters["first_line"] = lambda value: (str(value).strip().splitlines() or [""])[0].strip()
    return env


def render(template_name: str, **context: Any) -> str:
    """Render `templates/<template_name>` with `context`, stripped; an unknown name raises `jinja2.UndefinedError`."""
    return environment().get_template(template_name).render(**context).strip()


def template_names() -> list[str]:
    """The templates that ship with mentorkit."""
    return sorted(p.name for p in TEMPLATES_DIR.glob("*.j2"))
