"""Two app processes on one PostgreSQL store behind nginx, configured as docs/deploy.md says (bench/balancer.py
takes its nginx block as a reader copies it): what one process, or the command line, publishes reaches the other's
open map and feeds without a reload; a download is rendered by whichever process answers; killing a tab's process
moves the tab to the other with its view (it is in the address), and the first click after that counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from conftest import raw_sql
from test_browser import SCREENSHOTS, SEED, TIMEOUT, Tab, pytestmark  # noqa: F401
from test_browser_beheer import PASSWORD, see, sign_in, upload

from bench.balancer import Balancer, nginx_path
from reisatlas.store import Store

pytestmark = [
    *pytestmark,
    pytest.mark.skipif(nginx_path() is None, reason="no nginx (apt-get install nginx)"),
]

BY_COMMAND = (
    "Werkbezoek Gent (België)\nHavens\ndoor burgemeester Schouten\nFebruari 2026\nOver havens.\n"
    "\nWerkbezoek Lissabon (Portugal)\nHavens\ndoor wethouder Kasmi\nMaart 2026\nOver de haven van Lissabon.\n"
)
BY_BEHEER = "Werkbezoek Stavanger (Noorwegen)\nHavens\ndoor wethouder Kasmi\nApril 2026\nOver walstroom in Stavanger.\n"
WATCH = "1"  # seconds between an open tab's looks at the store (the default is 5)


@pytest.fixture(scope="module")
def site(tmp_path_factory, servers, postgres_cluster):  # noqa: F811
    """(process one, process two, nginx, the store): both processes on one database of the tests' PostgreSQL
    cluster (as two machines would share one server), and an admin."""
    folder = tmp_path_factory.mktemp("documents")
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    store = postgres_cluster.new_database()
    with Store(store) as opened:
        opened.add_account("anna", PASSWORD)
    settings = {"REISATLAS_STORE": str(store), "REISATLAS_WATCH_SECONDS": WATCH}
    one = servers(folder, **settings, REISATLAS_TEST_PROCESS="one")
    two = servers(folder, **settings, REISATLAS_TEST_PROCESS="two")
    with Balancer([one.port, two.port], tmp_path_factory.mktemp("nginx")) as proxy:
        yield one, two, proxy, store


def fetch(url: str):
    """(status, headers (any case), body)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def titles(url: str) -> list[str]:
    status, _, body = fetch(url + "/feeds/reizen.json")
    assert status == 200, body
    return [trip["title"] for trip in json.loads(body)]


SHOWS = 60_000  # ms: a timed look every WATCH s, its run, and another process's publication, at load 10


def shows(tab: Tab, text: str, timeout: int = SHOWS) -> None:
    """Until the tab shows ``text`` by itself (no click: the tab's own look at the store)."""
    tab.page.locator('[data-testid="stMain"]').get_by_text(text).first.wait_for(timeout=timeout)


def test_published_by_command_and_in_beheer_on_one_process_shows_on_the_others_map_and_feeds(
    browser,  # noqa: F811
    site,
    tmp_path,
):
    one, two, proxy, store = site
    watcher = Tab(browser, two)  # a tab left open on process two's trip list, every month
    watcher.open("/reizen?lang=en")
    assert "Werkbezoek Gent" not in watcher.main_text() and "months=" not in watcher.page.url

    # The command line (a cron job) publishes two trips in months the atlas did not have.
    overview = tmp_path / "havens-2026.txt"
    overview.write_text(BY_COMMAND, encoding="utf-8")
    env = {**os.environ, "REISATLAS_STORE": str(store), "REISATLAS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "reisatlas.cli", "document", "add", str(overview), "--publish", "--as", "anna"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and "document 1: havens-2026.txt, published, 2 trips" in done.stdout, done.stderr
    shows(watcher, "Werkbezoek Lissabon (Portugal)")  # without a click or a reload
    assert "months=" not in watcher.page.url  # every month is still every month, now to March 2026
    assert {"Werkbezoek Gent (België)", "Werkbezoek Lissabon (Portugal)"} <= set(titles(two.url))

    # Beheer on process one: sign in, upload, publish.
    admin = Tab(browser, one)
    admin.open("/beheer")
    sign_in(admin, "anna", PASSWORD)
    stavanger = tmp_path / "stavanger.txt"
    stavanger.write_text(BY_BEHEER, encoding="utf-8")
    upload(admin, stavanger)
    admin.page.get_by_role("button", name="Inlezen en bewaren als concept").click()
    see(admin, "stavanger.txt ingelezen: 1 reizen")
    admin.page.locator('[class*="st-key-document-"]').filter(has_text="stavanger.txt").get_by_role(
        "button", name="Publiceren"
    ).click()
    see(admin, "stavanger.txt — gepubliceerd")
    shows(watcher, "Werkbezoek Stavanger (Noorwegen)")
    watcher.page.screenshot(path=SCREENSHOTS / "balancer_published_elsewhere_en.png", full_page=False)
    assert "Werkbezoek Stavanger (Noorwegen)" in titles(two.url) and titles(one.url) == titles(proxy.url)
    assert fetch(one.url + "/feeds/reizen.ics")[1]["ETag"] == fetch(two.url + "/feeds/reizen.ics")[1]["ETag"]
    # Both publications are rows of the one PostgreSQL database the two processes share.
    assert raw_sql(store, "SELECT name, status FROM documents ORDER BY id") == [
        ("havens-2026.txt", "published"),
        ("stavanger.txt", "published"),
    ]
    assert watcher.exceptions() == [] and admin.exceptions() == []
    for tab in (watcher, admin):
        tab.context.close()


def test_killing_a_tabs_process_moves_it_to_the_other_with_its_view_and_its_first_click(browser, site):  # noqa: F811
    one, two, proxy, _ = site
    tab = Tab(browser, proxy)
    tab.open("/reizen?official=Kasmi&lang=en")
    cookie = next(c["value"] for c in tab.context.cookies() if c["name"] == "reisatlas_node")
    # Every request with the tab's cookie goes to one process (nginx logs a websocket only when it closes).
    served = {up for key, up, _ in proxy.upstreams() if key == cookie}
    assert len(served) == 1, proxy.upstreams()
    mine, other = (one, two) if served == {f"127.0.0.1:{one.port}"} else (two, one)
    before = tab.main_text()
    assert "Trips" in before and "Werkbezoek Malmö" in before and "Werkbezoek Richmond" not in before

    mine.process.kill()  # as a crash, or kill -9
    mine.process.wait()
    # The page reconnects through nginx, which passes it to the other process: the same view from the address.
    tab.page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]').dataset.testConnectionState !== 'CONNECTED'",
        timeout=SHOWS,
    )
    tab.wait()
    assert "official=Kasmi" in tab.page.url and "lang=en" in tab.page.url
    assert tab.main_text() == before

    # The first click after the move counts: the language switch stays switched.
    tab.page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="Nederlands").click()
    tab.page.locator("h1", has_text="Reizen").wait_for(timeout=TIMEOUT)
    tab.wait()
    assert "lang=en" not in tab.page.url and "Reizen" in tab.main_text()
    # A download is an address any process renders: no file left behind in the process that died.
    href = tab.page.get_by_role("link", name="CSV").get_attribute("href")
    answer = tab.context.request.get(proxy.url + "/" + href.removeprefix("./"))
    assert answer.status == 200 and 'attachment; filename="reisatlas_kasmi' in answer.headers["content-disposition"]
    assert "Werkbezoek Malmö" in answer.text() and "Werkbezoek Richmond" not in answer.text()
    assert fetch(other.url + "/" + href.removeprefix("./"))[2] == answer.body()
    tab.page.screenshot(path=SCREENSHOTS / "balancer_after_failover_nl.png", full_page=False)
    assert tab.exceptions() == []
    tab.context.close()


def test_the_guides_sticky_cookie_holds_on_plain_http(site):
    """The cookie is set without Secure over HTTP, so a browser keeps it and stays on one process."""
    _, _, proxy, _ = site
    status, headers, _ = fetch(proxy.url + "/_stcore/health")
    (node,) = [cookie for cookie in headers.get_all("Set-Cookie") if cookie.startswith("reisatlas_node=")]
    assert status == 200 and node.endswith("; Path=/; HttpOnly; SameSite=Lax")  # no Secure over plain HTTP
