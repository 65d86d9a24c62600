"""`Section`: what one notebook cell shows, in order, and the forms in it by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class Section:
    """Parts shown one after another: text is printed, a callable is called, anything else is displayed.

    Keyword parts are kept as attributes and not shown (``section.form``):
    the handles a test or a curious reader uses. A callable part runs when
    the section is shown, e.g. a chart that is drawn (and saved) only then.
    """

    def __init__(self, *parts: Any, **named: Any) -> None:
        self.parts = [p for p in parts if p is not None]
        self.__dict__.update(named)

    def show(self) -> None:
        """Display every part (IPython calls this when a cell ends with the section)."""
        from IPython.display import display

        for part in self.parts:
            if isinstance(part, str):
                print(part)
            elif callable(part) and not hasattr(part, "_repr_mimebundle_"):
                part()
            else:
                display(part)

    _ipython_display_ = show

    if TYPE_CHECKING:  # the keyword parts, for a type checker; at run time they are plain attributes

        def __getattr__(self, name: str) -> Any: ...

    @property
    def text(self) -> str:
        """The plain text of the parts that have one (callables and widgets left out), for tests and terminals."""
        return "\n".join(str(p) for p in self.parts if _plain(p))

    def __repr__(self) -> str:
        return self.text


def _plain(part: Any) -> bool:
    if isinstance(part, str):
        return True
    return not callable(part) and not hasattr(part, "_repr_mimebundle_")


__all__ = ["Section"]
