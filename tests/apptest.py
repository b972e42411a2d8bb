"""The dashboard under Streamlit's AppTest (no browser), for the app, story and timeline tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_app(params: dict | None = None, page: str | None = None) -> AppTest:
    """The app after its first run with ``params`` in the URL, on ``page``; fails on any exception."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at
