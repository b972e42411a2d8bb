"""Beheer in a real browser (Playwright + Debian's Chromium, offline), on a real store file and real accounts.

Without a session every Beheer URL shows the sign-in form and nothing else; a resident's navigation has no
Beheer. An admin signs in, uploads an overview, places a stop by coordinates and sets a theme, publishes;
a fresh visitor then sees the trip placed and themed as corrected. Wrong passwords slow down, then lock.
Document text stays inert in Beheer too.

Its server is its own, shared by this module's tests (and on one pytest-xdist worker: ``xdist_group``): it has a
store of its own, which the tests change (uploads, publications, corrections, a locked account), and sign-in
settings of its own (a short first wait, a lock after three failures, a three-second reading limit). On the
shared server (tests/test_browser.py's ``servers``) a publication here would change what every other module's
trips and counts are.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    SCREENSHOTS,
    SEED,
    TIMEOUT,
    XSS_DOCUMENT,
    Tab,
    choose,
    pytestmark,
    running_server,
    tab,
)
from test_upload import slow_pdf

from reisatlas.store import Store

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = [*pytestmark, pytest.mark.xdist_group("beheer")]  # one server and store, started once (see above)
PASSWORD = "correct horse battery"
BEHEER_URLS = ["/beheer", "/beheer_controle", "/beheer_geschiedenis"]
SECRET_DRAFT = (
    "Werkbezoek Geheimstad (Zweden)\nVertrouwelijk concept\ndoor wethouder Kasmi\nMaart 2026\nNog niet openbaar.\n"
)
NEW_OVERVIEW = (
    "Werkbezoek Xyzzyvik (Zweden)\nKennisuitwisseling over havens\ndoor wethouder Kasmi\nJanuari 2026\n"
    "Wethouder Kasmi bezoekt Xyzzyvik.\n\nWerkbezoek Gent (België)\nHavens\ndoor burgemeester Schouten\nFebruari 2026\nOver havens.\n"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    with Store(path) as store:
        store.add_account("anna", PASSWORD)
        store.add_account("bob", PASSWORD)  # locked by the lockout test
        store.add_account("carla", PASSWORD)
        store.add_document(
            "geheim-concept.txt", SECRET_DRAFT.encode(), "anna"
        )  # a draft: nobody outside Beheer sees it
    return path


UPLOAD_SECONDS = "15"


@pytest.fixture(scope="module")
def server(tmp_path_factory, store_path):
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder)
    settings = {
        "REISATLAS_STORE": str(store_path),
        "REISATLAS_SIGNIN_DELAY": "1",
        "REISATLAS_SIGNIN_LOCK_AFTER": "3",
        # Each upload is read by a fresh ``python -m reisatlas.store.upload`` child, whose imports alone take over
        # 3 s at load 10: a limit that low failed good uploads. The hanging PDF (test_upload.slow_pdf) reads for minutes.
        "REISATLAS_UPLOAD_SECONDS": UPLOAD_SECONDS,
    }
    with running_server(folder, tmp_path_factory.mktemp("log") / "streamlit.log", **settings) as running:
        yield running


ANSWER = """previous => {
  const alert = document.querySelector('[data-testid="stMain"] [data-testid="stAlert"]');
  return (alert && alert.innerText !== previous) || !document.querySelector('input[type="password"]');
}"""


def alert(tab: Tab) -> str:
    found = tab.page.locator('[data-testid="stMain"] [data-testid="stAlert"]')
    return found.inner_text() if found.count() else ""


def upload(tab: Tab, path) -> None:
    """Choose a file in the uploader and wait until the browser has sent it (its chip named, no spinner): a
    click on the button before that reads no file at all."""
    tab.page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(path))
    tab.page.locator('[data-testid="stFileChipName"]', has_text=Path(str(path)).name).first.wait_for(timeout=30_000)
    tab.page.locator('[data-testid="stFileChipIconSpinner"]').first.wait_for(state="detached", timeout=30_000)


def sign_in(tab: Tab, name: str, password: str) -> str:
    """Submit the sign-in form; the answer (a new message, or the form gone), as its message."""
    before = alert(tab)
    tab.page.get_by_label("Naam").fill(name)
    tab.page.get_by_label("Wachtwoord").fill(password)
    tab.page.get_by_role("button", name="Aanmelden").click()
    tab.page.wait_for_function(ANSWER, arg=before, timeout=TIMEOUT)
    tab.wait()
    return alert(tab)


def see(tab: Tab, text: str, timeout: int = TIMEOUT) -> None:
    """Until ``text`` shows (an action's own outcome), within ``timeout`` ms, and the run has ended."""
    tab.page.get_by_text(text).first.wait_for(timeout=timeout)
    tab.wait()


def go(tab: Tab, link: str) -> None:
    tab.page.locator('[data-testid="stMain"]').get_by_role("link", name=link, exact=True).click()
    tab.page.locator("h1").filter(has_text=f"Beheer · {link}").wait_for(
        timeout=TIMEOUT
    )  # the page itself, not the last one
    tab.wait()


@pytest.mark.parametrize("path", BEHEER_URLS)
def test_a_beheer_url_without_a_session_shows_only_the_sign_in_form(tab, path):
    tab.open(path)
    text = tab.main_text()
    assert "Aanmelden" in text and tab.page.get_by_label("Wachtwoord").count() == 1
    for secret in ("Geheimstad", "geheim-concept", "anna", "Brontekst", "account.add", "Publiceren"):
        assert secret not in text, f"{path} shows {secret!r} without a session"
    assert tab.page.locator('[data-testid="stDeckGlJsonChart"], [data-testid="stFileUploader"]').count() == 0
    assert tab.exceptions() == []


def test_a_resident_sees_no_trace_of_beheer_or_drafts(tab):
    frames: list[bytes] = []

    def listen(socket):
        socket.on(
            "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())
        )

    tab.page.on("websocket", listen)
    tab.open("/")
    assert "Beheer" not in tab.page.locator("body").inner_text()
    # Streamlit names the script's own path (…/app.py) in its first message: a checkout in a folder called
    # "…beheer…" is no news to a resident.
    here = str(Path(__file__).resolve().parent.parent).encode()
    frames = [frame.replace(here, b"") for frame in frames]
    assert frames and not any(b"beheer" in frame.lower() for frame in frames), (
        "the server told a resident's browser of Beheer"
    )
    tab.open("/reizen")
    assert "Geheimstad" not in tab.main_text()


def upload_correct_publish_and_a_visitor_sees_the_correction(tab: Tab, browser, server, tmp_path) -> None:
    assert "Beheer · Documenten" in tab.main_text()
    overview = tmp_path / "nieuw-overzicht.txt"
    overview.write_text(NEW_OVERVIEW, encoding="utf-8")
    upload(tab, str(overview))
    tab.page.get_by_role("button", name="Inlezen en bewaren als concept").click()
    see(tab, "nieuw-overzicht.txt ingelezen: 2 reizen")

    # Review: the draft is not public yet.
    visitor = Tab(browser, server)
    visitor.open("/reizen")
    assert "Xyzzyvik" not in visitor.main_text()

    go(tab, "Controleren")
    choose(tab, tab.page.locator('[data-testid="stSelectbox"]').first, "nieuw-overzicht.txt (concept)")
    tab.wait()
    trip = tab.page.locator('[data-testid="stExpander"]').filter(has_text="Werkbezoek Xyzzyvik (Zweden)")
    trip.locator("summary").click()
    assert "niet gevonden" in trip.inner_text()  # the warning sits at its trip
    # Streamlit's own English placeholders never show in the Dutch page (their Dutch: tests/test_streamlit_internals)
    assert "Choose options" not in trip.inner_text() and "No options to select" not in trip.inner_text()
    stops = trip.locator('[class*="st-key-stops-"]')
    stops.get_by_label("Breedte, lengte (bijv. 59.20, 17.83)").fill("63.5, 19.5")
    stops.get_by_role("button", name="Opslaan").click()
    see(tab, "Gecorrigeerd: plaatsen")
    fields = trip.locator('[data-testid="stForm"]').nth(0)
    choose(tab, fields.locator('[data-testid="stMultiSelect"]'), "Sport & bewegen")
    tab.page.keyboard.press("Escape")
    fields.get_by_role("button", name="Opslaan").click()
    see(tab, "Gecorrigeerd: thema's, plaatsen")
    assert tab.exceptions() == []

    go(tab, "Documenten")
    card = tab.page.locator('[class*="st-key-document-"]').filter(has_text="nieuw-overzicht.txt")
    card.get_by_role("button", name="Publiceren").click()
    see(tab, "nieuw-overzicht.txt — gepubliceerd")

    fresh = Tab(browser, server)
    fresh.open("/reizen?theme=sport")
    assert "Werkbezoek Xyzzyvik (Zweden)" in fresh.main_text()
    fresh.open("/kaart")
    text = fresh.main_text()
    unresolved = text.split("Niet op de kaart", 1)[1] if "Niet op de kaart" in text else ""
    assert "Xyzzyvik" not in unresolved, "the corrected place is still listed as not on the map"
    assert "Geheimstad" not in text
    for opened in (visitor, fresh):
        opened.context.close()

    go(tab, "Geschiedenis")
    history = tab.main_text()
    assert "anna wijzigde op " in history and "de plaatsen: Xyzzyvik, Zweden (niet op de kaart) → Xyzzyvik" in history
    assert "nieuw-overzicht.txt van concept op gepubliceerd" in history and "(63.500, 19.500)" in history
    assert "correction.save" not in history  # the log's own words only behind the expander


def open_trip(tab: Tab, document: str, title: str):
    go(tab, "Controleren")
    choose(tab, tab.page.locator('[data-testid="stSelectbox"]').first, document)
    tab.wait()
    trip = tab.page.locator('[data-testid="stExpander"]').filter(has_text=title)
    trip.locator("summary").click()
    return trip


def two_admins_editing_one_trip_the_second_gets_a_conflict_showing_the_first(
    anna: Tab, browser, server, store_path
) -> None:
    """``anna`` is signed in already; a second admin, carla, signs in beside her."""
    carla = Tab(browser, server)
    try:
        carla.open("/beheer")
        sign_in(carla, "carla", PASSWORD)
        seed = f"{SEED.name} (map (alleen lezen))"
        title = "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)"
        anna_trip, carla_trip = open_trip(anna, seed, title), open_trip(carla, seed, title)  # both read the trip now
        anna_trip.get_by_label("Kosten").fill("€ 1.250 (anna)")
        anna_trip.get_by_role("button", name="Opslaan").first.click()
        see(anna, "Gecorrigeerd: kosten")
        carla_trip.get_by_label("Kosten").fill("€ 990 (bob)")
        carla_trip.get_by_role("button", name="Opslaan").first.click()
        see(carla, "Niet opgeslagen")
        conflict = (
            carla.page.locator('[data-testid="stMain"] [data-testid="stAlert"]')
            .filter(has_text="Niet opgeslagen")
            .inner_text()
        )
        assert "anna" in conflict and "1.250 (anna)" in conflict  # the other change, shown
        with Store(store_path) as store:
            assert [c.value for c in store.corrections() if c.field == "costs"] == [
                "€ 1.250 (anna)"
            ]  # nothing overwritten
        carla_trip = carla.page.locator('[data-testid="stExpander"]').filter(has_text=title)
        carla_trip.get_by_role("button", name="Opslaan").first.click()  # saving again replaces it, knowingly
        see(carla, "Opgeslagen.")
        with Store(store_path) as store:
            assert [(c.value, c.by) for c in store.corrections() if c.field == "costs"] == [("€ 990 (bob)", "carla")]
    finally:
        carla.context.close()


def test_sign_in_upload_correct_publish_a_visitor_sees_the_correction_and_a_second_admin_gets_a_conflict(
    tab, browser, server, tmp_path, store_path
):
    """One signed-in session (anna's, one page load) carries two checks, once tests of their own (each a function
    above): an admin uploads, corrects, publishes, and a fresh visitor sees the correction (and the history tells
    it); then, on a trip of the seed document, a second admin's save over anna's change gets a conflict showing it.
    The first check corrects places and themes of the new overview; the second reads and writes only the costs of
    another document's trip, so neither sees the other's changes."""
    tab.open("/beheer")
    sign_in(tab, "anna", PASSWORD)
    upload_correct_publish_and_a_visitor_sees_the_correction(tab, browser, server, tmp_path)
    two_admins_editing_one_trip_the_second_gets_a_conflict_showing_the_first(tab, browser, server, store_path)


def test_wrong_passwords_slow_down_then_lock(tab):
    """The server runs with a first wait of 1 s and a lock after 3 failures (REISATLAS_SIGNIN_*). An attempt
    made too soon is refused unchecked: tests/test_store.py shows that with a clock of its own."""
    tab.open("/beheer")
    first = sign_in(tab, "bob", "wrong password")
    assert "verkeerd wachtwoord; volgende poging over 1.0 s" in first
    tab.page.wait_for_timeout(1100)
    second = sign_in(tab, "bob", "wrong password")
    assert "volgende poging over 2.0 s" in second  # the wait doubles
    tab.page.wait_for_timeout(2100)
    assert "geblokkeerd na 3 mislukte pogingen" in sign_in(tab, "bob", "wrong password")
    assert "account geblokkeerd" in sign_in(tab, "bob", PASSWORD)  # the right password does not open a locked account
    assert "Beheer · Documenten" not in tab.main_text()


def uploader_speaks_dutch_and_states_the_apps_own_limit(tab: Tab) -> None:
    """Streamlit writes its uploader in English with its own 200 MB; the Dutch page says it in Dutch, 20 MB."""
    uploader = tab.page.locator('[data-testid="stFileUploader"]')
    uploader.get_by_text("per bestand").wait_for(timeout=TIMEOUT)  # the words are put in place after drawing
    text = uploader.inner_text()
    assert "Uploaden" in text and re.search(r"hooguit 20(\.0)? ?MB per bestand", text), text
    for english in ("200MB", "per file", "Drag and drop"):
        assert english not in text, text
    assert "Upload" not in text.splitlines()  # the button's own word ("upload" is the icon's name)
    SCREENSHOTS.mkdir(exist_ok=True)
    uploader.screenshot(path=SCREENSHOTS / "beheer_uploader_nl.png")


def bad_uploads_get_a_clear_message_and_leave_the_store_unchanged(tab: Tab, store_path, tmp_path) -> None:
    with Store(store_path) as store:
        before = [d.id for d in store.documents()]
    files = {
        "ruis.txt": (os.urandom(4096) + b"\x00", "ruis.txt: geen PDF en geen tekst", TIMEOUT),
        # read until the limit, then stopped: the message within the limit and a loaded machine's margin
        "hangt.pdf": (slow_pdf(), f"hangt.pdf: lezen duurde langer dan {UPLOAD_SECONDS} s en is afgebroken", 60_000),
    }
    for name, (data, message, timeout) in files.items():
        (tmp_path / name).write_bytes(data)
        upload(tab, str(tmp_path / name))
        tab.page.get_by_role("button", name="Inlezen en bewaren als concept").click()
        see(tab, message, timeout)
    assert tab.exceptions() == []
    go(tab, "Geschiedenis")  # the server answers on
    with Store(store_path) as store:
        assert [d.id for d in store.documents()] == before


def the_upload_result_names_every_warning_at_its_trip_and_links_to_it(tab: Tab) -> None:
    from test_beheer_pages import UPLOAD_WITH_WARNINGS

    upload(tab, str(UPLOAD_WITH_WARNINGS))
    tab.page.get_by_role("button", name="Inlezen en bewaren als concept").click()
    see(tab, "4 waarschuwingen bij 2 reizen")
    result = tab.page.locator('[class*="st-key-upload_warnings"]')
    text = result.inner_text()
    for said in (
        "Regel 1 · Werkbezoek Kopenhagn (Denemarken)",
        "plaats 'Kopenhagn' (Denemarken) niet gevonden",
        "Regel 13 · Werkbezoek Xyzzyvik (Zweden)",
        "geen bewindspersoon gevonden",
        "geen periode gevonden",
    ):
        assert said in text, text
    xyzzyvik = result.locator('[class*="st-key-warned-2"]')
    assert "Regel 13 · Werkbezoek Xyzzyvik (Zweden)" in xyzzyvik.inner_text()
    xyzzyvik.get_by_role("link", name="Deze reis openen in Controleren").click()
    tab.page.locator("h1").filter(has_text="Beheer · Controleren").wait_for(timeout=TIMEOUT)
    tab.wait()
    opened = tab.page.locator('[data-testid="stExpander"] details[open]')
    assert opened.count() == 1 and "Werkbezoek Xyzzyvik (Zweden) · 3 waarschuwingen" in opened.inner_text()
    assert tab.exceptions() == []


def document_text_stays_inert_in_beheer(tab: Tab) -> None:
    upload(tab, str(XSS_DOCUMENT))
    tab.page.get_by_role("button", name="Inlezen en bewaren als concept").click()
    see(tab, "app_xss.txt ingelezen")
    go(tab, "Controleren")
    choose(tab, tab.page.locator('[data-testid="stSelectbox"]').first, "app_xss.txt (concept)")
    tab.wait()
    expanders = tab.page.locator('[data-testid="stExpander"] details')
    for summary in tab.page.locator('[data-testid="stExpander"] summary').all():
        summary.click()
    tab.page.wait_for_function(
        "count => document.querySelectorAll('[data-testid=\"stExpander\"] details[open]').length === count",
        arg=expanders.count(),
        timeout=TIMEOUT,
    )  # every trip open, its text shown
    assert "<script>window.__xss=1</script>" in tab.main_text()  # shown as text
    tab.assert_no_script_ran()
    go(tab, "Geschiedenis")
    tab.assert_no_script_ran()


def test_uploads_dutch_uploader_bad_files_refused_warnings_at_their_trips_and_document_text_inert(
    tab, store_path, tmp_path
):
    """One signed-in session, one page load, carries four checks of the upload (each a function above, once a test
    of its own): the uploader speaks Dutch with the app's 20 MB (checked first, before any file is chosen); bad
    uploads get a clear message and leave the store unchanged (its documents counted just before); a result's
    warnings are named at their trips and link to them; a document's text stays inert in Beheer. The upload form
    clears itself on submit (``clear_on_submit``), and each upload's own message is waited for, so no check sees
    another's file or result. The uploads (two drafts) come last in the module: no later test counts documents."""
    tab.open("/beheer")
    sign_in(tab, "anna", PASSWORD)
    uploader_speaks_dutch_and_states_the_apps_own_limit(tab)
    bad_uploads_get_a_clear_message_and_leave_the_store_unchanged(tab, store_path, tmp_path)
    go(tab, "Documenten")
    the_upload_result_names_every_warning_at_its_trip_and_links_to_it(tab)
    go(tab, "Documenten")
    document_text_stays_inert_in_beheer(tab)
