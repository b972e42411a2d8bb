"""The feeds' web routes beside the app: ``/feeds/reizen.ics|.geojson|.csv|.json``, read-only, answered by
``reisatlas.feeds`` over the atlas the app shows (the same documents, offline, from the same cache); the pages'
downloads, ``/downloads/<file name>?<the view's address>``, the same way (any process can answer them: nothing is
kept in the memory of the process that drew the page); and their addresses as the pages show them to copy."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reisatlas.downloads import PREFIX as DOWNLOADS
from reisatlas.downloads import answer_download
from reisatlas.feeds import PREFIX, answer, atlas_version, feed_path, feed_url, last_modified


def _answer(name: str, request: Request, *, download: bool = False):
    from ui.atlas import _load, documents_folder, fingerprint, store_latest

    documents = fingerprint(documents_folder())
    revision, changed_at = store_latest()  # one read of the store (the last one while its server is away)
    # The documents and the published uploads, corrected, as the app shows them; never an online lookup.
    shown = _load(documents, False, revision)
    asked = {
        "params": list(request.query_params.multi_items()),
        "version": atlas_version(documents, revision),
        "modified": last_modified(changed_at),
        "if_none_match": request.headers.get("if-none-match"),
    }
    trips, stops = shown.atlas.trips, shown.atlas.stops
    if download:
        return answer_download(
            name, trips=trips, stops=stops, paints=lambda by, lang: shown.paints[(by, lang)], **asked
        )
    return answer(name, trips=trips, stops=stops, if_modified_since=request.headers.get("if-modified-since"), **asked)


async def feed(request: Request) -> Response:
    # Rendering is CPU work on pandas frames: off the event loop, so the app's websockets stay responsive.
    result = await run_in_threadpool(_answer, request.path_params["name"], request)
    body = b"" if request.method == "HEAD" else result.body
    return Response(body, status_code=result.status, headers=result.headers)


async def download(request: Request) -> Response:
    """A page's download, rendered from its address by whichever process the balancer sends it to."""
    result = await run_in_threadpool(_answer, request.path_params["name"], request, download=True)
    body = b"" if request.method == "HEAD" else result.body
    return Response(body, status_code=result.status, headers=result.headers)


ROUTES = [
    Route(PREFIX + "{name}", feed, methods=["GET", "HEAD"]),
    Route(DOWNLOADS + "{name}", download, methods=["GET", "HEAD"]),
]


def app_base() -> str:
    """Scheme, host and port (and base path) the reader reached the app at, for addresses to copy."""
    from urllib.parse import urlsplit

    import streamlit as st

    base_path = (st.get_option("server.baseUrlPath") or "").strip("/")
    url = st.context.url  # None outside a browser session (tests, bare runs)
    if url:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
    else:
        root = f"http://localhost:{st.get_option('server.port')}"
    return root + (f"/{base_path}" if base_path else "")


def feed_address(format: str, params: dict[str, list[str]], lang: str) -> str:
    """The feed address for an export format and a selection's link parameters, in the reader's language (so a
    copied address keeps the headers and texts they saw), or "" when there is no feed."""
    if not feed_path(format):
        return ""
    pairs = [(key, value) for key, values in params.items() for value in values]
    return feed_url(app_base(), format, [*pairs, ("lang", lang)])
