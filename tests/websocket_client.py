"""A browser tab without a browser: Streamlit's own protocol over a websocket (``BackMsg`` out, ``ForwardMsg``
in, from the installed package's ``streamlit.proto``), so a test can send what a browser would, or what a
hostile client forges, to a real server (``tests.browser.StreamlitServer``).

    async with Tab(server.url, "/beheer") as tab:
        await tab.run()
        tab.set("sign_in_name", "anna")
        await tab.run(click="Aanmelden")
"""

from __future__ import annotations

import asyncio
import http.client
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.load import context_info, health_cookies


@dataclass
class Drawn:
    """What one run drew: widgets (by id: kind, label, proto), texts of alerts and markdown, exceptions, and the
    page links (label, page)."""

    widgets: dict[str, tuple[str, str, object]] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[object] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    def everything(self) -> str:
        return "\n".join(self.alerts + self.texts + [str(e) for e in self.exceptions])


class Tab:
    """A tab on ``url + path``; ``client`` connects from that loopback address (127.0.0.N: the server sees
    another client), ``session`` asks to resume that session id, as a browser reconnecting does."""

    def __init__(self, url: str, path: str = "/", *, client: str | None = None, session: str | None = None):
        self.url = url.rstrip("/")
        self.path = path
        self.client, self.resume = client, session
        self.states: dict[str, object] = {}  # widget id → WidgetState to send
        self.drawn = Drawn()
        self.session_id = ""
        self.page_script_hash = ""
        self.cookies = ""

    async def __aenter__(self) -> Tab:
        from websockets.asyncio.client import connect

        self.cookies = await asyncio.to_thread(health_cookies, self.url, 30)
        self._connection = connect(
            f"ws://{self.url.split('://', 1)[1]}/_stcore/stream",
            subprotocols=["streamlit", "no-xsrf", self.resume] if self.resume else ["streamlit"],
            origin=self.url,
            additional_headers={"Cookie": self.cookies},
            max_size=None,
            ping_interval=None,
            **({"local_addr": (self.client, 0)} if self.client else {}),
        )
        self.ws = await self._connection.__aenter__()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._connection.__aexit__(*exc)

    def widget_id(self, key_or_label: str) -> str:
        """The id of the drawn widget whose user key or label this is."""
        for wid, (_, label, _) in self.drawn.widgets.items():
            if wid.rsplit("-", 1)[-1] == key_or_label or label == key_or_label:
                return wid
        raise KeyError(f"no widget {key_or_label!r} among {[w[1] for w in self.drawn.widgets.values()]}")

    def set(self, key: str, value: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        self.states[self.widget_id(key)] = WidgetState(id=self.widget_id(key), string_value=value)

    def forge(self, widget_id: str, value: str) -> None:
        """A widget state for an id the app never drew."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        self.states[widget_id] = WidgetState(id=widget_id, string_value=value)

    async def run(self, click: str | None = None, timeout: float = 120) -> Drawn:
        """One rerun with the widgets' states (and a button or form's submit button clicked); what it drew."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

        states = WidgetStates()
        states.widgets.extend(self.states.values())
        if click:
            states.widgets.append(WidgetState(id=self.widget_id(click), trigger_value=True))
        query = self.path.partition("?")[2]
        message = BackMsg(
            rerun_script=ClientState(
                query_string=query,
                widget_states=states,
                page_script_hash=self.page_script_hash,
                page_name="" if self.page_script_hash else self.path.partition("?")[0].strip("/"),
                context_info=context_info(self.url + self.path),
            )
        )
        await self.ws.send(message.SerializeToString())
        drawn = Drawn()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                what = element.WhichOneof("type")
                inner = getattr(element, what)
                if what == "exception":
                    drawn.exceptions.append(inner)
                elif what == "alert":
                    drawn.alerts.append(inner.body)
                elif what in ("markdown", "heading"):
                    drawn.texts.append(inner.body)
                elif what == "page_link":
                    drawn.links.append((inner.label, inner.page))
                elif getattr(inner, "id", ""):
                    drawn.widgets[inner.id] = (what, getattr(inner, "label", ""), inner)
            elif kind == "script_finished":
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
                drawn = Drawn()  # st.rerun: what counts is the run after it
        self.drawn = drawn
        return drawn

    async def upload_urls(self, n: int = 1) -> list:
        """Upload addresses for ``n`` files, as the frontend asks for them before it uploads."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.Common_pb2 import FileURLsRequest
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        request = str(uuid.uuid4())
        names = [f"file{i}" for i in range(n)]
        message = BackMsg(
            file_urls_request=FileURLsRequest(request_id=request, file_names=names, session_id=self.session_id)
        )
        await self.ws.send(message.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.ws.recv(), 30))
            if msg.WhichOneof("type") == "file_urls_response" and msg.file_urls_response.response_id == request:
                return list(msg.file_urls_response.file_urls)

    def put(self, upload_url: str, name: str, data: bytes) -> tuple[int, str]:
        """PUT a file to Streamlit's upload endpoint as the frontend does (multipart, the XSRF token): status, body."""
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        xsrf = dict(part.split("=", 1) for part in self.cookies.split("; ") if "=" in part).get("_streamlit_xsrf", "")
        address = urlsplit(upload_url if upload_url.startswith("http") else self.url + upload_url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        try:
            connection.putrequest("PUT", address.path)
            for name, value in {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(body)),
                "Cookie": self.cookies,
                "X-Xsrftoken": xsrf,
            }.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                connection.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered without reading the body: its answer is still there to read
            answer = connection.getresponse()
            return answer.status, answer.read().decode()
        finally:
            connection.close()

    async def upload(self, key: str, name: str, data: bytes) -> tuple[int, str]:
        """Put a file into the file uploader ``key``, as a reader dropping it there: the status of the PUT."""
        from streamlit.proto.Common_pb2 import FileUploaderState, FileURLs, UploadedFileInfo
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        (urls,) = await self.upload_urls()
        status, body = await asyncio.to_thread(self.put, urls.upload_url, name, data)
        if status == 204:
            info = UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=FileURLs())
            info.file_urls.CopyFrom(urls)
            wid = self.widget_id(key)
            self.states[wid] = WidgetState(
                id=wid, file_uploader_state_value=FileUploaderState(uploaded_file_info=[info])
            )
        return status, body
