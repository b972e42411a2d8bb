"""A browser tab without a browser, for attacks on a running server: Streamlit's own websocket protocol
(BackMsg out, ForwardMsg in, from the installed ``streamlit.proto``, as bench/load.py speaks it), from a
loopback address of its own (127.0.0.N: the server sees another client), able to fill in and submit a form,
rerun, and reconnect with a session id it knows, as an attacker who learned one would."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    """What one run drew: its headings, alerts (st.error, st.info …), other text, and how long it took."""

    headings: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def signed_in(self) -> bool:
        return any(heading.startswith("Beheer ·") for heading in self.headings)


class Tab:
    """One tab on ``url + path``, connected from ``client`` (a loopback address); ``session`` resumes that session id."""

    def __init__(self, url: str, path: str = "/beheer", *, client: str = "127.0.0.1", session: str | None = None):
        from websockets.sync.client import connect

        self.url, self.path = url, path
        self.page_script_hash = ""
        self.session_id: str | None = None
        self.widgets: dict[str, tuple[str, object]] = {}  # user key (or "submit:<form>") → (widget id, element)
        host = url.split("://", 1)[1]
        self.ws = connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit", "no-xsrf", session] if session else ["streamlit"],
            origin=url,
            max_size=None,
            open_timeout=120,
            source_address=(client, 0),
        ).__enter__()

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> Run:
        return self.run()

    def sign_in(self, name: str, password: str) -> Run:
        return self.run({"sign_in_name": name, "sign_in_password": password}, submit="sign_in")

    def run(self, values: dict[str, str] | None = None, *, submit: str | None = None, timeout: float = 180) -> Run:
        """One rerun with ``values`` in the widgets of those keys (and ``submit``: that form's button pressed)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        states = WidgetStates()
        for key, value in (values or {}).items():
            state = states.widgets.add()
            state.id, state.string_value = self.widgets[key][0], value
        if submit:
            state = states.widgets.add()
            state.id, state.trigger_value = self.widgets[f"submit:{submit}"][0], True
        context = ContextInfo(timezone="UTC", locale="nl-NL", url=self.url + self.path, color_scheme="light")
        message = BackMsg(
            rerun_script=ClientState(
                query_string="",
                widget_states=states,
                page_script_hash=self.page_script_hash,
                page_name=self.path.strip("/"),
                context_info=context,
            )
        )
        started = time.perf_counter()
        self.ws.send(message.SerializeToString())
        run = self._read(started + timeout)
        run.seconds = time.perf_counter() - started
        return run

    def _read(self, deadline: float) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.perf_counter())))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, run)
            elif kind == "script_finished":
                if msg.script_finished in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                ):
                    return run
                run = Run()  # FINISHED_EARLY_FOR_RERUN (st.rerun): the next run draws the page anew

    def _element(self, element, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "heading":
            run.headings.append(element.heading.body)
        elif kind == "alert":
            run.alerts.append(re.sub(r"\\(.)", r"\1", element.alert.body))  # as it reads, not as Markdown
        elif kind == "markdown":
            run.texts.append(element.markdown.body)
        elif kind == "exception":
            run.exceptions.append(element.exception.message)
        elif kind == "text_input":
            self.widgets[element.text_input.id.rsplit("-", 1)[-1]] = (element.text_input.id, element.text_input)
        elif kind == "button" and element.button.is_form_submitter:
            self.widgets[f"submit:{element.button.form_id}"] = (element.button.id, element.button)
