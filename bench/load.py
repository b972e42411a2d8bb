"""How many visitors one server holds: N browser sessions against one ``streamlit run`` server.

``python -m bench.load --sessions 10 50 100`` (or ``python -m bench --load``) starts the app on a free
port and opens N sessions the way a browser tab does: a websocket to ``/_stcore/stream`` speaking
Streamlit's own protobuf messages (``BackMsg`` out, ``ForwardMsg`` in, from the installed package).
The messages are those a real Chromium sends, learned once by capturing its frames with Playwright:

- a fresh tab sends ``rerun_script`` with the query string and no widget states;
- after every change it sends ``rerun_script`` with the state of *every* widget on the page (their ids
  and values as the last run drew them: multiselects, the select slider and segmented controls as
  their option labels, text as a string, toggles as booleans, the map's selection as JSON) and the
  query string of the widgets bound to the URL.

Each session then changes the month range or a filter (official, theme) every ``--interval`` seconds (5)
and waits for its rerun to finish (``script_finished``) before the next change, as a reader waits for
the page. Reported per N: p50/p95/max time from the change to the finished rerun, the first view of
each session, reruns per second the server finished, errors (a failed connection, an exception drawn by
the app, a run that did not finish within ``--timeout``), and the server's memory (VmRSS of the
server process from /proc) idle, with N sessions and per session.

The load goes to 127.0.0.1 only, in a bounded number of rounds (``--duration``), and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .serve import _status_mib, free_port, stop, streamlit_command, wait_until_healthy

PROJECT = Path(__file__).resolve().parent.parent
# Seconds between one reader's changes: a very active reader, who reads only the summary sentence before the
# next click (docs/performance.md, "The reader's pace"); 2 s is the stress case (``--interval 2``).
INTERVAL = 5.0
EMPTY_SELECTION = json.dumps({"selection": {"indices": {}, "objects": {}}}, separators=(",", ":"))


@dataclass
class Widget:
    """A widget as the last run drew it: what the browser would send back for it."""

    id: str
    kind: str  # the element's proto field: multiselect, slider, button_group, …
    options: list[str]
    value: object  # list[str] for array widgets, str, bool
    default: object
    query_key: str = ""

    @property
    def key(self) -> str:
        """The widget's user key (``$$ID-<hash>-months`` → ``months``)."""
        return self.id.rsplit("-", 1)[-1]


def read_widget(kind: str, element) -> Widget | None:
    """The widget in a drawn element, with its current value as the frontend holds it; None for elements
    that send no state (buttons send a trigger only when clicked, download buttons never)."""
    if kind == "multiselect":
        options = list(element.options)
        default = [options[i] for i in element.default]
        value = list(element.raw_values) if element.set_value else default
    elif kind == "slider":
        options = list(element.options)
        if not options:
            return None  # a numeric slider: this app has none
        default = [options[int(i)] for i in element.default]
        value = list(element.raw_value) if element.set_value else default
    elif kind == "button_group":
        options = [option.content for option in element.options]
        default = [options[i] for i in element.default]
        value = list(element.raw_values) if element.set_value else default
    elif kind == "radio":
        options = list(element.options)
        default = options[element.default] if element.HasField("default") else ""
        value = element.raw_value if element.set_value else default
    elif kind == "text_input":
        options, default = [], element.default if element.HasField("default") else ""
        value = element.value if element.set_value else default
    elif kind == "checkbox":
        options, default = [], element.default
        value = element.value if element.set_value else default
    elif kind == "deck_gl_json_chart":
        if not element.id or not element.selection_mode:
            return None
        options, default, value = [], EMPTY_SELECTION, EMPTY_SELECTION
    else:
        return None
    return Widget(element.id, kind, options, value, default, getattr(element, "query_param_key", ""))


def keep_value(drawn: Widget, known: Widget | None, kind: str, element) -> Widget:
    """As the frontend does: a widget drawn again under the same id keeps the value the reader gave it,
    unless the script set a new one (``set_value``)."""
    if known is not None and not getattr(getattr(element, kind), "set_value", False):
        drawn.value = known.value
    return drawn


def widget_states(widgets: dict[str, Widget]):
    """Every widget's state, as the browser sends them with each rerun."""
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    states = WidgetStates()
    for widget in widgets.values():
        state = states.widgets.add()
        state.id = widget.id
        if isinstance(widget.value, list):
            state.string_array_value.data.extend(widget.value)
        elif isinstance(widget.value, bool):
            state.bool_value = widget.value
        elif widget.kind == "deck_gl_json_chart":
            state.string_value = widget.value
        else:
            state.string_value = str(widget.value)
    return states


def query_string(query: dict[str, list[str]]) -> str:
    return urlencode([(key, value) for key, values in query.items() for value in values])


def change(widgets: dict[str, Widget], query: dict[str, list[str]], rng: random.Random) -> Widget | None:
    """What a reader does next: a new month range (half the time), or one official or theme picked
    (or that filter cleared). As the frontend does, a widget bound to the URL the reader changes writes
    its value to the query (and takes it out again at its default)."""
    by_key = {widget.key: widget for widget in widgets.values()}
    months = by_key.get("months")
    if months and len(months.options) > 1 and rng.random() < 0.5:
        first = rng.randrange(len(months.options))
        last = rng.randrange(first, len(months.options))
        widget, value = months, [months.options[first], months.options[last]]
    else:
        widget = by_key.get(rng.choice(["official", "theme"]))
        if widget is None:
            return None
        # A list offers only the options with trips in the selection: none in a month without trips.
        value = [] if not widget.options or (widget.value and rng.random() < 0.4) else [rng.choice(widget.options)]
    widget.value = value
    if widget.query_key:
        if value == widget.default or not value:
            query.pop(widget.query_key, None)
        else:
            query[widget.query_key] = list(value)
    return widget


@dataclass
class Session:
    """One browser tab: its widgets as last drawn and its timings."""

    number: int
    widgets: dict[str, Widget] = field(default_factory=dict)
    page_script_hash: str = ""
    query: dict[str, list[str]] = field(default_factory=dict)  # the tab's URL query
    first_view: float | None = None
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished_at: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the Markdown the last run drew (to check what a change did)
    timers: dict[str, float] = field(default_factory=dict)  # fragment id -> seconds: the page's own reruns
    timer_runs: list[float] = field(default_factory=list)  # how long each of those took


def context_info(url: str):
    from streamlit.proto.ClientState_pb2 import ContextInfo

    return ContextInfo(
        timezone="UTC", timezone_offset=0, locale="nl-NL", url=url, is_embedded=False, color_scheme="light"
    )


async def run_once(ws, session: Session, message, timeout: float, *, fragment: bool = False) -> float:
    """Send one rerun (``fragment``: of one fragment, which draws none of the page's widgets) and read until its
    run finishes: the seconds it took. Raises on an error."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    await ws.send(message.SerializeToString())
    drawn: dict[str, Widget] = {}
    exceptions, texts = [], []
    deadline = start + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no finished run after {timeout:.0f} s")
        data = await asyncio.wait_for(ws.recv(), remaining)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":  # a fragment the page reruns by itself (st.fragment(run_every=…): ui.timer)
            session.timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "new_session":
            session.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            session.page_script_hash = msg.navigation.page_script_hash  # the page st.navigation chose
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element_kind = msg.delta.new_element.WhichOneof("type")
            if element_kind == "exception":
                exceptions.append(msg.delta.new_element.exception.message)
            elif element_kind == "alert" and _app_failed(msg.delta.new_element.alert.body):
                exceptions.append(msg.delta.new_element.alert.body)  # ui.guard's sentence for an error in the run
            elif element_kind == "markdown":
                texts.append(msg.delta.new_element.markdown.body)
            else:
                widget = read_widget(element_kind, getattr(msg.delta.new_element, element_kind))
                if widget:
                    drawn[widget.id] = keep_value(
                        widget, session.widgets.get(widget.id), element_kind, msg.delta.new_element
                    )
        elif kind == "script_finished":
            status = msg.script_finished
            if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                break
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("script compile error")
            # FINISHED_EARLY_FOR_RERUN: another rerun (st.rerun, a page switch) follows; keep reading
    seconds = time.perf_counter() - start
    if exceptions:
        raise RuntimeError("exception in the app: " + exceptions[0][:200])
    if not fragment:
        session.widgets, session.texts = drawn, texts
    return seconds


def _app_failed(text: str) -> bool:
    """Whether an alert is the sentence the server shows in place of an error (ui.guard)."""
    from reisatlas.i18n import t

    return any(t("app_failed", lang) in text for lang in ("nl", "en"))


class Window:
    """The measured stretch of a load: ``duration`` seconds from the moment every session is open (its first view
    drawn, or failed), whatever the opening took on a loaded machine."""

    def __init__(self, sessions: int, duration: float):
        self.left, self.duration = sessions, duration
        self.opened_at = self.until = float("inf")
        self.open = asyncio.Event()

    def opened(self) -> None:
        self.left -= 1
        if self.left == 0:
            self.opened_at = time.monotonic()
            self.until = self.opened_at + self.duration
            self.open.set()


async def browse(
    session: Session,
    url: str,
    start_query: str,
    interval: float,
    window: Window,
    timeout: float,
    rng: random.Random,
    release: asyncio.Event,
) -> None:
    """One tab: open the page, then, once every tab is open, change something every ``interval`` seconds until
    the window ends; the tab stays open (idle) until ``release`` is set."""
    counted = False
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.WidgetStates_pb2 import WidgetStates
    from websockets.asyncio.client import connect

    host = url.split("://", 1)[1].rstrip("/")
    page_url = f"{url}/" + (f"?{start_query}" if start_query else "")
    try:
        # As the page does before it opens the websocket: the health check, whose answer sets the cookies
        # (Streamlit's XSRF token; a load balancer's affinity cookie, see docs/deploy.md).
        cookies = await asyncio.to_thread(health_cookies, url, timeout)
        async with connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=url,
            additional_headers={"Cookie": cookies} if cookies else None,
            max_size=None,  # a map of 10,000 trips is more than the default 1 MiB
            open_timeout=timeout,
            ping_interval=None,
        ) as ws:
            first = BackMsg(
                rerun_script=ClientState(
                    query_string=start_query, widget_states=WidgetStates(), context_info=context_info(page_url)
                )
            )
            session.first_view = await run_once(ws, session, first, timeout)
            session.finished_at.append(time.monotonic())
            counted = True
            window.opened()
            await window.open.wait()
            until = window.until
            next_change = time.monotonic() + rng.uniform(0, interval)  # the readers do not click in step
            # As the browser does: each fragment with run_every reruns on its own timer (an open tab's look at the
            # store, ui.timer.watch), between the reader's changes.
            timers = {fragment: time.monotonic() + every for fragment, every in session.timers.items()}
            while True:
                due = min(timers.items(), key=lambda item: item[1], default=None)
                if due is not None and due[1] < next_change and due[1] < until:
                    await asyncio.sleep(max(0.0, due[1] - time.monotonic()))
                    timers[due[0]] = max(due[1] + session.timers[due[0]], time.monotonic())
                    state = ClientState(
                        query_string=query_string(session.query),
                        widget_states=widget_states(session.widgets),
                        page_script_hash=session.page_script_hash,
                        context_info=context_info(page_url),
                        fragment_id=due[0],
                    )
                    try:
                        session.timer_runs.append(
                            await run_once(ws, session, BackMsg(rerun_script=state), timeout, fragment=True)
                        )
                    except (RuntimeError, TimeoutError) as err:
                        session.errors.append(f"{type(err).__name__}: {err}")
                    continue
                await asyncio.sleep(max(0.0, next_change - time.monotonic()))
                if time.monotonic() >= until:
                    break
                next_change += interval
                change(session.widgets, session.query, rng)
                state = ClientState(
                    query_string=query_string(session.query),
                    widget_states=widget_states(session.widgets),
                    page_script_hash=session.page_script_hash,
                    context_info=context_info(page_url),
                )
                try:
                    session.reruns.append(await run_once(ws, session, BackMsg(rerun_script=state), timeout))
                    session.finished_at.append(time.monotonic())
                except (RuntimeError, TimeoutError) as err:
                    session.errors.append(f"{type(err).__name__}: {err}")
                    if isinstance(err, TimeoutError):
                        break  # the page is stuck; a reader would reload, this one stops
                next_change = max(next_change, time.monotonic())
            await release.wait()
    except Exception as err:  # noqa: BLE001 - every failure of a session is counted, none stops the others
        session.errors.append(f"{type(err).__name__}: {err}")
        if not counted:
            window.opened()


def health_cookies(url: str, timeout: float) -> str:
    """GET /_stcore/health; the cookies its answer sets, as a Cookie header."""
    from http.cookies import SimpleCookie
    from urllib.request import urlopen

    with urlopen(f"{url}/_stcore/health", timeout=timeout) as answer:
        jar = SimpleCookie()
        for header in answer.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


async def load(
    url: str,
    sessions: int,
    *,
    pid: int | list[int] | None,
    query: str,
    interval: float,
    duration: float,
    ramp: float,
    timeout: float,
    seed: int,
) -> dict:
    """N sessions opened over ``ramp`` seconds, each changing a filter every ``interval`` seconds for
    ``duration`` seconds; timings, errors and the server's memory."""
    pids = [pid] if isinstance(pid, int) else list(pid or [])
    rss_idle = _total(pids, "VmRSS")
    hwm_before = _total(pids, "VmHWM")
    cpu_before = _total_cpu(pids)
    own_cpu = time.process_time()  # the generator shares the machine: its own CPU is reported too
    rng = random.Random(seed)
    tabs = [Session(i) for i in range(sessions)]
    started = time.monotonic()
    window = Window(sessions, duration)
    tasks = []
    release = asyncio.Event()
    for i, tab in enumerate(tabs):
        delay = ramp * i / sessions
        tasks.append(
            asyncio.create_task(
                _later(delay, browse(tab, url, query, interval, window, timeout, random.Random(rng.random()), release))
            )
        )
    rss_samples = []
    while time.monotonic() < window.until and not all(task.done() for task in tasks):
        await asyncio.sleep(0.5)
        if pids and window.open.is_set():
            rss_samples.append(_total(pids, "VmRSS"))
    # Every tab open and idle: what the sessions hold between reruns (the runs in flight finish first).
    await asyncio.sleep(min(timeout, interval + 3))
    rss_open_idle = _total(pids, "VmRSS")
    release.set()
    await asyncio.gather(*tasks)
    wall = time.monotonic() - started
    reruns = [s for tab in tabs for s in tab.reruns]
    timer_runs = [s for tab in tabs for s in tab.timer_runs]  # the page's own reruns (a tab's look at the store)
    firsts = [tab.first_view for tab in tabs if tab.first_view is not None]
    errors = [e for tab in tabs for e in tab.errors]
    # Throughput while every session is open: reruns finished in the window, per second.
    steady = [t for tab in tabs for t in tab.finished_at if window.opened_at <= t <= window.until]
    result = {
        "sessions": sessions,
        "interval": interval,
        "duration": duration,
        "reruns": len(reruns),
        "rerun_p50": statistics.median(reruns) if reruns else float("nan"),
        "rerun_p95": percentile(reruns, 0.95),
        "rerun_max": max(reruns) if reruns else float("nan"),
        "first_p50": statistics.median(firsts) if firsts else float("nan"),
        "first_p95": percentile(firsts, 0.95),
        "reruns_per_second": len(steady) / duration if duration else float("nan"),
        "offered_per_second": sessions / interval,
        "timer_runs": len(timer_runs),
        "timer_p95": percentile(timer_runs, 0.95),
        "errors": len(errors),
        "error_kinds": sorted(set(e[:120] for e in errors))[:5],
        "wall_seconds": wall,
        "generator_cpu_seconds": time.process_time() - own_cpu,
    }
    if pids:
        result.update(
            processes=len(pids),
            rss_idle_mib=rss_idle,
            rss_loaded_mib=max(rss_samples) if rss_samples else _total(pids, "VmRSS"),
            peak_rss_mib=_total(pids, "VmHWM"),
            peak_rss_before_mib=hwm_before,
            rss_open_idle_mib=rss_open_idle,
            server_cpu_seconds=_total_cpu(pids) - cpu_before,
        )
        result["server_cpu_per_run_ms"] = 1000 * result["server_cpu_seconds"] / max(1, len(reruns) + len(firsts))
        result["rss_per_session_mib"] = (result["rss_loaded_mib"] - rss_idle) / sessions
        result["held_per_session_mib"] = (rss_open_idle - rss_idle) / sessions
    return result


async def _later(delay: float, coroutine):
    await asyncio.sleep(delay)
    return await coroutine


def _total(pids: list[int], field: str) -> float | None:
    """A /proc/<pid>/status memory field (MiB), summed over the server processes."""
    return sum(_status_mib(pid, field) for pid in pids) if pids else None


def _total_cpu(pids: list[int]) -> float | None:
    return sum(_cpu_seconds(pid) for pid in pids) if pids else None


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """``streamlit run ui/server.py`` (as ``make run``) on a free port of 127.0.0.1 on ``documents``, offline;
    a context manager."""

    def __init__(
        self, documents: Path, log: Path, env: dict[str, str] | None = None, script: Path = PROJECT / "ui" / "server.py"
    ):
        self.documents, self.log, self.script, self.env = documents, log, script, env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "REISATLAS_OFFLINE": "1",
            "REISATLAS_DOCUMENTS": str(self.documents),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            **self.env,
        }
        env.pop("STREAMLIT_SERVER_PORT", None)
        command = streamlit_command(self.script, self.port)
        self._out = self.log.open("wb")
        self.process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=self._out, stderr=subprocess.STDOUT)
        wait_until_healthy(self.process, self.url, 120)
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def __exit__(self, *exc) -> None:
        stop(self.process)
        self._out.close()


def measure(
    documents: Path,
    counts: list[int],
    out: Path,
    *,
    interval: float,
    duration: float,
    ramp: float,
    timeout: float,
    seed: int = 12,
    env: dict[str, str] | None = None,
) -> list[dict]:
    """Each N against a new server (so memory and caches start alike), after one unmeasured session
    has loaded the atlas."""
    results = []
    for n in counts:
        with Server(documents, out / f"load-{documents.name}-{n}.log", env) as server:
            asyncio.run(
                load(
                    server.url,
                    1,
                    pid=server.pid,
                    query="",
                    interval=interval,
                    duration=0,
                    ramp=0,
                    timeout=600,
                    seed=seed,
                )
            )
            result = asyncio.run(
                load(
                    server.url,
                    n,
                    pid=server.pid,
                    query="",
                    interval=interval,
                    duration=duration,
                    ramp=ramp,
                    timeout=timeout,
                    seed=seed,
                )
            )
            result["documents"] = str(documents)
            results.append(result)
            print(summary_line(result), file=sys.stderr, flush=True)
    return results


def summary_line(r: dict) -> str:
    memory = (
        f", server RSS {r['rss_idle_mib']:.0f} → {r['rss_loaded_mib']:.0f} MiB under load ({r['rss_per_session_mib']:.1f} MiB/session), "
        f"{r['rss_open_idle_mib']:.0f} MiB with every tab open and idle ({r['held_per_session_mib']:.1f} MiB/session)"
        if "rss_idle_mib" in r
        else ""
    )
    return (
        f"N={r['sessions']}: {r['reruns']} reruns, p50 {r['rerun_p50']:.3f} s, p95 {r['rerun_p95']:.3f} s, max {r['rerun_max']:.3f} s; "
        f"first view p50 {r['first_p50']:.3f} s, p95 {r['first_p95']:.3f} s; {r['reruns_per_second']:.1f} reruns/s of {r['offered_per_second']:.1f} asked; "
        + (f"{r['timer_runs']} timer runs (p95 {r['timer_p95']:.3f} s); " if r.get("timer_runs") else "")
        + f"errors {r['errors']}{memory}"
        + (f"; server CPU {r['server_cpu_per_run_ms']:.0f} ms per run" if "server_cpu_per_run_ms" in r else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description="N browser sessions against one served app (see docs/performance.md)"
    )
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[10, 50, 100], help="concurrent sessions, one server each"
    )
    parser.add_argument(
        "--documents", type=Path, default=PROJECT / "seeds", help="the documents folder the server reads"
    )
    parser.add_argument("--trips", type=int, help="instead of --documents: a generated document of this many trips")
    parser.add_argument(
        "--interval",
        type=float,
        default=INTERVAL,
        help=f"seconds between one session's changes (default {INTERVAL:g}: a very active reader)",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load after every session is open")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions open")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds after which a rerun counts as failed")
    parser.add_argument("--url", help="an app already running (then --pid for its memory); no server is started")
    parser.add_argument(
        "--pid", type=int, nargs="+", help="the process id(s) of the server(s) at --url (memory and CPU are summed)"
    )
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out", help="logs and generated documents")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.url:
        results = []
        for n in args.sessions:
            result = asyncio.run(
                load(
                    args.url.rstrip("/"),
                    n,
                    pid=args.pid,
                    query="",
                    interval=args.interval,
                    duration=args.duration,
                    ramp=args.ramp,
                    timeout=args.timeout,
                    seed=12,
                )
            )
            print(summary_line(result), file=sys.stderr, flush=True)
            results.append(result)
    else:
        documents = args.documents.resolve()
        env = None
        if args.trips:
            from .generate import write_document

            documents = write_document(args.trips, args.out / f"documents-{args.trips}").parent
            env = {"REISATLAS_CACHE_DIR": str(args.out / f"cache-{args.trips}")}
        results = measure(
            documents,
            args.sessions,
            args.out,
            interval=args.interval,
            duration=args.duration,
            ramp=args.ramp,
            timeout=args.timeout,
            env=env,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
