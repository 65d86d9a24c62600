"""mentorkit's papermill engines, by name: what papermill's ``papermill.engine`` entry points load.

- ``mentorkit`` (`ENGINE_FRESH`): `papermill_engine.FreshEngine`, a freshly launched kernel
  per notebook, in its own folder, its chatter sent to a log file; the demo uses it.
- ``mentorkit-warm`` (`ENGINE_WARM`): `cohort.warm.WarmEngine`, each kernel forked from a
  pre-warmed zygote; cohort runs use it.

papermill loads its entry points while it is itself being imported, so what they
name must not import papermill: they name the `fresh` and `warm` stand-ins here,
which load the engine class on first use. ``papermill --engine mentorkit-warm``
works from the command line too.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import MentorkitError

ENGINE_FRESH = "mentorkit"
ENGINE_WARM = "mentorkit-warm"
# name -> the engine class; pyproject.toml's entry points name the stand-ins below (a test holds them equal)
ENGINES = {ENGINE_FRESH: "mentorkit.papermill_engine:FreshEngine", ENGINE_WARM: "mentorkit.cohort.warm:WarmEngine"}


class EngineStandIn:
    """Stands for an engine class, imported when papermill first uses it (`execute_notebook`, ...)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def engine(self) -> Any:
        module, _, attribute = ENGINES[self.name].partition(":")
        return getattr(importlib.import_module(module), attribute)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.engine, attribute)

    def __repr__(self) -> str:
        return f"<papermill engine {self.name!r}: {ENGINES[self.name]}>"


fresh = EngineStandIn(ENGINE_FRESH)
warm = EngineStandIn(ENGINE_WARM)


def require_engine(name: str) -> None:
    """Fail clearly when papermill does not know a mentorkit engine (package metadata missing or stale)."""
    from papermill.engines import papermill_engines  # papermill loads its entry points as it is imported  # noqa: PLC0415 -- kept out of this light module's import
    from papermill.exceptions import PapermillException  # noqa: PLC0415 -- kept out of this light module's import

    try:
        papermill_engines.get_engine(name)
    except PapermillException:
        raise MentorkitError(f"papermill has no engine named {name!r}: mentorkit's package metadata is missing "
                             "or out of date; reinstall mentorkit (for a source checkout: make install)") from None
