"""The server ``make run`` starts: Streamlit's own ASGI app (``st.App``) around app.py.

    streamlit run ui/server.py

Starting through this file rather than ``streamlit run app.py`` lets the server switch off Streamlit's old
pages-folder mode before the first session (see ``ui.streamlit_internals``), so a deep link such as
``/tijdlijn?lang=en`` works on a fresh server, and serves the read-only feeds beside the app (``ui.feeds``:
``/feeds/reizen.ics|.geojson|.csv|.json``). ``/kaart``, the map page's own name, leads to the bare address
where the map lives. The page Streamlit serves for every address carries the app's own style in its head
(``ui.streamlit_internals.PageStyle``), so the layout holds from the first paint.

What a visitor may not do or see is settled here too (``ui.guard``): no traceback reaches a browser (an error
in a run is logged and the reader gets one sentence in their language), only a signed-in admin's session can
put a file into Streamlit's upload endpoint, uploads are held to the app's own limit, and every answer carries
``X-Content-Type-Options: nosniff`` and the HTML a frame policy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from streamlit.starlette import App

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # uvicorn imports this file from ui/; app.py imports ui.* from the project
    sys.path.insert(0, str(PROJECT))

from ui.streamlit_internals import PageStyle, check_versions, navigation_only  # noqa: E402

check_versions()  # an untested Streamlit or pydeck stops the server here, with a message saying which


def check_store() -> None:
    """At start-up: open the store once (REISATLAS_STORE, its migrations run). A form the app does not know, a
    server that cannot be reached or a database it does not have stops the server here (exit code 2) with one
    line naming it, rather than a traceback on every visitor's page."""
    from reisatlas.store import Store, StoreError

    try:
        Store().close()
    except StoreError as err:
        print(f"reisatlas: error: {err}", file=sys.stderr)
        raise SystemExit(2) from None


check_store()

from ui.feeds import ROUTES as FEEDS  # noqa: E402
from ui.guard import Guard, safe_options, visitor_error  # noqa: E402


async def map_page(request: Request) -> RedirectResponse:
    """``/kaart?…`` to ``/?…``: Streamlit serves the default page (the map) at the bare address only, and
    opened at its own name it shows the map under a "Page not found" dialog. The address keeps its query, and
    the redirect is relative, so it holds behind a proxy that serves the app under a path of its own."""
    query = request.url.query
    return RedirectResponse("./" + (f"?{query}" if query else ""), status_code=307)


navigation_only()
safe_options()
app = App(
    PROJECT / "app.py",
    routes=[*FEEDS, Route("/kaart", map_page, methods=["GET", "HEAD"])],
    middleware=[Middleware(Guard), Middleware(PageStyle)],
    on_script_error=visitor_error,
)
