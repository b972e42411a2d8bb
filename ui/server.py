"""The server ``make run`` starts: Streamlit's own ASGI app (``st.App``) around app.py.

    streamlit run ui/server.py

Starting through this file rather than ``streamlit run app.py`` lets the server switch off Streamlit's old
pages-folder mode before the first session (see ``ui.pages_folder``), so a deep link such as
``/tijdlijn?lang=en`` works on a fresh server, and serves the read-only feeds beside the app (``ui.feeds``:
``/feeds/reizen.ics|.geojson|.csv|.json``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.starlette import App

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # uvicorn imports this file from ui/; app.py imports ui.* from the project
    sys.path.insert(0, str(PROJECT))

from ui.feeds import ROUTES as FEEDS  # noqa: E402
from ui.pages_folder import navigation_only  # noqa: E402

navigation_only()
app = App(PROJECT / "app.py", routes=FEEDS)
