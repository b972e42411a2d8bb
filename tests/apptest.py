"""The dashboard under Streamlit's AppTest (no browser), for the app, story and timeline tests."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from reisatlas.store import Store

APP = Path(__file__).resolve().parent.parent / "app.py"
UPLOAD = Path(__file__).resolve().parent / "documents" / "beheer_warnings.txt"


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


def forget_what_the_app_keeps() -> None:
    """The app keeps its atlas and views under the store's revision (a count of changes); a test that opens a new
    store counts from 0 again, so it starts with nothing kept."""
    import streamlit

    from ui import shared

    streamlit.cache_resource.clear()
    for kept in vars(shared).values():
        if callable(getattr(kept, "cache_clear", None)):
            kept.cache_clear()


@contextmanager
def fresh_store(location: str | Path | None = None):
    """A new store the app under test uses (REISATLAS_STORE: ``location``, else a new file), with the upload
    (tests/documents/beheer_warnings.txt: "Kopenhagn", a trip without official or period) published and an
    admin, anna."""
    before = os.environ["REISATLAS_STORE"]
    if location is None:
        location = Path(tempfile.mkdtemp(prefix="reisatlas-corrected-")) / "store.sqlite"
    os.environ["REISATLAS_STORE"] = str(location)
    forget_what_the_app_keeps()
    try:
        with Store() as store:
            document = store.add_document(UPLOAD.name, UPLOAD.read_bytes(), "anna")
            store.set_status(document.id, "published", "anna")
            store.add_account("anna", "correct horse battery")
            yield store
    finally:
        os.environ["REISATLAS_STORE"] = before
        forget_what_the_app_keeps()


def run_beheer(page: str, admin: str = "anna", lang: str = "nl", client_width: int | None = None) -> AppTest:
    """A Beheer page after its first run for a signed-in ``admin`` (a session that signed in before), in a browser
    whose main column is ``client_width`` pixels wide when given (as ui.client learns it)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    with Store() as store:  # the app's store (REISATLAS_STORE): a session as signing in opens it
        at.session_state["admin_session"] = store.open_session(admin)
    if client_width:
        at.session_state["client"] = {"width": client_width}
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
