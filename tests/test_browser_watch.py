"""An open tab's timed look at the store (``REISATLAS_WATCH_SECONDS``, ui/timer.watch: a fragment that reruns on
its own timer) never loses a click that reached the server: place after place clicked on the map while the look
runs every half second, each click that reached the server shows that place's trip. A click deck.gl itself did not
take (its press and release handled more than 250 ms apart, when a look's redraw held the page) sends nothing and
is tried again; docs/performance.md, "The open tab's look and map clicks", says why."""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401
    SCREENSHOTS,
    Tab,
    click_place,
    hover_until_tooltip,
    map_drawn,
    place_on_map,
    pytestmark,
)

from reisatlas.selection import Selection

WATCH = "0.5"  # often, so that the clicks meet the look's runs
PLACES = {
    "Johannesburg": "Werkbezoek Johannesburg (Zuid-Afrika)",
    "Richmond": "Werkbezoek Richmond (Canada)",
    "Tokio": "Werkbezoek Tokio, Osaka en Kobe (Japan)",
    "Manchester": "Werkbezoek Manchester (Verenigd Koninkrijk)",
}
# Clicks that reached the server enough to mean something: on a loaded machine deck.gl drops many (12 of 20 tries at
# load 10 in a full run), so the places are gone round twice, each tried three times, until this many have reached
# it; an idle machine is done after one round.
ENOUGH = 4


@pytest.fixture(scope="module")
def watched(documents, servers):
    return servers(documents, REISATLAS_WATCH_SECONDS=WATCH)


def details_show(tab: Tab, title: str, seconds: float = 30) -> bool:
    """Whether the page's Details show the trip ``title`` within ``seconds``."""
    for _ in range(int(seconds * 4)):
        text = tab.main_text()
        if "Details" in text and title in text.split("Details", 1)[1]:
            return True
        tab.page.wait_for_timeout(250)
    return False


def test_every_click_on_the_map_counts_while_the_tab_looks_for_changes(browser, documents, watched):  # noqa: F811
    tab = Tab(browser, watched)
    tab.open("/")
    map_drawn(tab)
    lost, dropped, reached, looks = [], [], 0, 0
    for name, title in [*PLACES.items(), *PLACES.items()]:
        if reached >= ENOUGH:
            break
        x, y = hover_until_tooltip(tab, *place_on_map(tab, documents, Selection(), name), name)
        # deck.gl took no click when it sent nothing: none reached the server (noted in ``dropped``)
        states = click_place(tab, x, y, name, tries=3, seconds=10, dropped=dropped)
        if states is None:
            continue
        reached += 1
        if not details_show(tab, title):
            lost.append((name, tab.states()[states:][:16]))
        looks += sum(1 for _, state in tab.states()[states:] if " running " in f"{state} ")
        tab.wait()
    tab.page.screenshot(path=SCREENSHOTS / "watch_clicks_nl.png", full_page=False)
    print(f"\nclicks lost {len(lost)}, dropped by deck.gl {dropped}, runs seen meanwhile {looks}")
    assert lost == []
    # enough clicks reached the server to mean something
    assert reached >= ENOUGH, dropped
    assert tab.exceptions() == []
    tab.context.close()
