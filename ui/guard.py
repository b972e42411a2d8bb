"""What a visitor may not do or see, enforced around the app by the server (``ui.server``):

- no traceback: an error in a run is logged on the server, and the reader sees one sentence in their language
  (``visitor_error``, Streamlit's ``on_script_error``, which also sees errors in callbacks and fragments);
  ``client.showErrorDetails = "none"`` covers what Streamlit reports outside a run (a message it cannot handle);
- uploads: Streamlit's own endpoint (``/_stcore/upload_file/<session>/<file>``) takes a file only from a session
  signed in to Beheer (any other session could otherwise park files in the server's memory), and none much larger
  than the app's limit: ``server.maxUploadSize`` (whole MiB) is the app's 20 MB (``reisatlas.store.upload.MAX_BYTES``)
  rounded up, 20 MiB, so every file the app takes gets through with its multipart framing, and the app refuses
  the few bytes between with its own message;
- headers: ``X-Content-Type-Options: nosniff`` on every answer (the feeds too); on HTML a frame policy that lets
  only the app's own pages frame it (``frame-ancestors 'self'``, and ``X-Frame-Options: SAMEORIGIN`` for older
  browsers), so another site cannot lay Beheer's buttons under its own (clickjacking). An embeddable map is the
  static page of ``reisatlas export --format html``, served apart from the live app (issue 21). A full Content
  Security Policy is left out: Streamlit's frontend sets inline styles and loads component code (ui.client's own)
  that a strict policy blocks, and one loose enough for them would protect little.
"""

from __future__ import annotations

import math
import re

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse

from reisatlas.i18n import t
from reisatlas.store.upload import MAX_BYTES

# Options the app's safety rests on, whatever a config file or the command line says (.streamlit/config.toml
# says the same, for whoever reads it there).
SAFE_OPTIONS = {"client.showErrorDetails": "none", "server.maxUploadSize": math.ceil(MAX_BYTES / 2**20)}
UPLOAD = re.compile(r"/_stcore/upload_file/([^/]+)/")
HTML_HEADERS = {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}


def safe_options() -> None:
    from streamlit import config

    for option, value in SAFE_OPTIONS.items():
        if config.get_option(option) != value:
            config.set_option(option, value, "ui/guard.py")


def visitor_error(error: Exception) -> bool:
    """Streamlit's ``on_script_error``: the run's error (Streamlit has logged it with its traceback) becomes one
    sentence in the reader's language; True keeps Streamlit from drawing its own."""
    import streamlit as st

    from reisatlas.store import StoreUnreachable
    from ui.beheer import current_lang

    # The store's server away (Beheer, or a page before any atlas was read): said as such, not as a fault.
    key = "beheer_store_unreachable" if isinstance(error, StoreUnreachable) else "app_failed"
    try:
        lang = current_lang()
    except Exception:  # noqa: BLE001 - the language widget's own state may be what is broken
        st.error(f"{t(key, 'nl')}\n\n{t(key, 'en')}", icon="⚠️")
    else:
        st.error(t(key, lang), icon="⚠️")
    return True


class Guard:
    """ASGI middleware: the upload gate and the headers (see the module's docstring)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        upload = UPLOAD.search(scope["path"])
        if upload and scope["method"] in ("PUT", "DELETE") and not await _admin_session(upload[1]):
            refused = PlainTextResponse(f"{t('upload_not_admin', 'nl')}\n{t('upload_not_admin', 'en')}\n", 403)
            return await refused(scope, receive, _with_headers(send))
        return await self.app(scope, receive, _with_headers(send))


def _with_headers(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            if headers.get("content-type", "").startswith("text/html"):
                for name, value in HTML_HEADERS.items():
                    headers.setdefault(name, value)
        await send(message)

    return sending


async def _admin_session(session_id: str) -> bool:
    """Whether the Streamlit session ``session_id`` is signed in to Beheer and its sign-in still holds, as a
    click would find it (ui.beheer.session_admin: a new password, a lock, a removed account or idling ends it)."""
    from ui.beheer import admin_session_of
    from ui.streamlit_internals import session_state_of

    state = session_state_of(session_id)
    if state is None:
        return False
    session = admin_session_of(state)  # read on the event loop, where Streamlit's sessions live
    return session is not None and await run_in_threadpool(_holds, session)


def _holds(session) -> bool:
    from ui.beheer import store

    return store().session_ended(session) is None
