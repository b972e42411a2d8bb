"""Streamlit's first multipage layout, switched off in this one place.

A folder named ``pages/`` beside the entry script puts Streamlit in its old (v1) multipage mode: until some
session has called ``st.navigation``, a link such as ``/tijdlijn`` runs ``pages/tijdlijn.py`` on its own,
without app.py — no atlas, no sidebar, no filters. ``st.navigation`` switches the mode off for the whole
process, but only once app.py has run, which is too late for the first deep link after a restart; AppTest
even resets the mode before every run. The product keeps the folder name ``pages/``, so the mode is switched
off before any session starts instead: by ``ui.server`` when the server starts, by the tests (conftest)
and by the benchmark. The flag is the one ``st.navigation`` itself sets.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

_STREAMLITS_OWN_INIT = PagesManager.__init__


def navigation_only() -> None:
    """Let app.py's ``st.navigation`` decide every page, from the first run of the first session on."""
    if PagesManager.__init__ is not _STREAMLITS_OWN_INIT:
        return

    def init(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False  # Streamlit only looks for a pages/ folder while this is None
        _STREAMLITS_OWN_INIT(self, *args, **kwargs)

    PagesManager.__init__ = init
    PagesManager.uses_pages_directory = False


def streamlits_own_behaviour() -> None:
    """Undo ``navigation_only`` (a test shows what it prevents)."""
    PagesManager.__init__ = _STREAMLITS_OWN_INIT
    PagesManager.uses_pages_directory = None
