"""What only the browser knows or can set: the width of the page's main column, and ``<html lang>``.

Streamlit serves every app as ``<html lang="en">`` and tells Python nothing about the screen's size
(``st.context`` has headers, locale and timezone, no width). A tiny ``st.components.v2`` component (our own
code, no data from documents) sets the document's language attribute to the reader's language, so screen
readers pronounce Dutch as Dutch, and reports the main column's width, so the map can be fitted to the width
it really has (a phone's 360 px, not a desktop's 1,000). The width is rounded to 10 px and reported only when
it changes, so a window being resized does not rerun the app at every pixel.
"""

from __future__ import annotations

import streamlit as st

DESKTOP_WIDTH = 1000  # the main column's width until the browser has said (a wide desktop window)
PHONE_WIDTH = 640  # at or below this the pages stack for a phone

_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  document.documentElement.lang = data.lang;
  const column = () => document.querySelector('[data-testid="stMainBlockContainer"]');
  // Report only between runs: a rerun asked for during the very first run of a deep link (/presentatie)
  // would be sent before the page is known and land on the default page.
  const idle = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning";
  const measure = () => {
    const element = column();
    if (!element) return;
    if (!idle() || document.querySelector('[data-testid="stSkeleton"]')) { clearTimeout(window.__reisatlasWait); window.__reisatlasWait = setTimeout(measure, 250); return; }
    const style = getComputedStyle(element);
    const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = Math.round(inner / 10) * 10;
    // Once per width for the page's whole life: every report is a rerun, and a rerun asked for while
    // widgets are still taking the values an address gave them would send their defaults back.
    if (width > 0 && width !== data.width && width !== window.__reisatlasWidth) {
      window.__reisatlasWidth = width;
      setStateValue("width", width);
    }
  };
  measure();
  const observer = new ResizeObserver(measure);
  const element = column();
  if (element) observer.observe(element);
  return () => observer.disconnect();
}
"""

_component = st.components.v2.component("reisatlas_client", js=_JS)


def client(lang: str) -> None:
    """Set ``<html lang>`` and learn the main column's width (in the sidebar: it takes no room in the page)."""
    with st.sidebar:
        _component(key="client", data={"lang": lang, "width": st.session_state.get("client", {}).get("width")},
                   default={"width": None}, on_width_change=lambda: None, height=0)


def main_width() -> int:
    """The main column's width in CSS pixels (a desktop's until the browser has said)."""
    state = st.session_state.get("client") or {}
    width = state.get("width") if hasattr(state, "get") else None
    return int(width) if width else DESKTOP_WIDTH


def narrow() -> bool:
    """A phone (or a narrow window): the pages put the map first and the numbers on one line."""
    return main_width() <= PHONE_WIDTH
