"""What only the browser knows or can set: the width of the page's main column, ``<html lang>``, and
Streamlit's own words in the reader's language.

Streamlit serves every app as ``<html lang="en">`` and tells Python nothing about the screen's size
(``st.context`` has headers, locale and timezone, no width). A tiny ``st.components.v2`` component (our own
code, no data from documents) sets the document's language attribute to the reader's language, so screen
readers pronounce Dutch as Dutch, and reports the main column's width, so the map can be fitted to the width
it really has (a phone's 360 px, not a desktop's 1,000). The width is rounded to 10 px and reported only when
it is narrow (a phone's, a tablet's, a desktop's at 200 % zoom: ``FITTED_BELOW``), or was, and changes by more
than a scrollbar, so a desktop costs no extra run and a window being resized does not rerun the app at every
pixel. Streamlit's frontend writes a few words of its own in English whatever the page's language ("Select
all", "No results", "Collapse sidebar", "Help for …"); the same component puts them in the reader's language
(the table: data/texts.toml, ``streamlit_*``), and gives the data grid the reader's language for its numbers.
What the script
knows of Streamlit's page (its test ids, its words, its CSS) comes from ui.streamlit_internals.
"""

from __future__ import annotations

import streamlit as st

from reisatlas.i18n import t

from .streamlit_internals import DESKTOP_MAP, DOM, streamlit_words

__all__ = ["DESKTOP_MAP", "client", "main_width", "map_width", "narrow"]

DESKTOP_WIDTH = 1000  # the main column's width until the browser has said (a wide desktop window)
PHONE_WIDTH = 640  # at or below this the pages stack for a phone
# Below this the browser reports its width: a tablet, a small window or a desktop at 200 % browser zoom (a 656 px
# column) has its map fitted to its own width, where a desktop's fit for 1,000 px left Richmond and Japan outside.
FITTED_BELOW = 800

_JS = r"""
export default function (component) {
  const { data, setStateValue } = component;
  document.documentElement.lang = data.lang;
  // Streamlit's data grid writes numbers "localized" in the browser's languages (navigator.languages, read at
  // each cell): the reader's chosen language instead, so 15.466 in Dutch and 15,466 in English, as the summary.
  try { Object.defineProperty(navigator, "languages", { configurable: true, get: () => [data.lang] }); } catch (e) {}
  const { dom } = data;  // Streamlit's own test ids (ui.streamlit_internals.DOM)
  const column = () => document.querySelector(dom.main_column);
  // Report only between runs: a rerun asked for during the very first run of a deep link (/presentatie)
  // would be sent before the page is known and land on the default page.
  const idle = () => document.querySelector(dom.idle_app) !== null;
  const measure = () => {
    const element = column();
    if (!element) return;
    if (!idle() || document.querySelector(dom.skeleton)) { clearTimeout(window.__reisatlasWait); window.__reisatlasWait = setTimeout(measure, 250); return; }
    const style = getComputedStyle(element);
    const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = Math.round(inner / 10) * 10;
    // Once per width for the page's whole life: every report is a rerun, and a rerun asked for while
    // widgets are still taking the values an address gave them would send their defaults back.
    // A scrollbar coming and going (the page grows after a rerun) changes the width by ~15 px: not a new
    // screen, and answering it could rerun the app back and forth for ever.
    const known = window.__reisatlasWidth;
    // Only a narrow column's width matters to the pages (a desktop's map keeps its fit for 1,000 px): a desktop
    // that the server already takes for one (it does until told otherwise) is not reported, which spares every
    // desktop visitor a rerun seconds after the page has settled.
    const desktop = (value) => value == null || value >= data.fitted_below;
    if (desktop(width) && desktop(data.width)) return;
    if (width > 0 && width !== data.width && (known === undefined || Math.abs(width - known) > 40)) {
      window.__reisatlasWidth = width;
      setStateValue("width", width);
    }
  };
  // Streamlit's own English words (data/texts.toml, streamlit_*) in the reader's language: text nodes and
  // the aria-label, title and placeholder attributes, as Streamlit draws and redraws them.
  const rules = data.words.map(([from, to]) => {
    const names = [];
    const pattern = from.replace(/[.*+?^$()|[\]\\/]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name) => { names.push(name); return "(.+?)"; });
    return [new RegExp("^" + pattern + "$"), names, to];
  });
  const said = (text) => {
    for (const [pattern, names, to] of rules) {
      const match = pattern.exec(text);
      if (match) return to.replace(/\{(\w+)\}/g, (_, name) => match[names.indexOf(name) + 1]);
    }
    return null;
  };
  // A table wider than its column (the trip list on a phone) scrolls inside its own box: that box is then
  // a named region the keyboard can reach and scroll (WCAG 2.1.1); one that fits is no stop for the keyboard.
  const sideways = () => {
    for (const box of document.querySelectorAll(dom.table_box)) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", data.table_region);
      } else if (!wide && box.hasAttribute("tabindex")) {
        for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
      }
    }
  };
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  const translate = (root) => {
    if (!root || root.nodeType !== 1) return;
    // A code block that scrolls sideways (a feed's address) must be reachable by keyboard (WCAG 2.1.1).
    for (const pre of root.querySelectorAll(dom.code_block + ":not([tabindex])")) pre.tabIndex = 0;
    sideways();
    if (!rules.length) return;
    const elements = root.nodeType === 1 ? [root, ...root.querySelectorAll("*")] : [];
    for (const element of elements) {
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name);
        const next = value && said(value);
        if (next && next !== value) element.setAttribute(name, next);
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType !== 3) continue;
      const text = node.nodeValue.trim();
      const next = text && said(text);
      if (next && next !== text) node.nodeValue = node.nodeValue.replace(text, next);
    }
  };
  if (window.__reisatlasWords) window.__reisatlasWords.disconnect();
  const words = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") translate(change.target.parentElement);
      else if (change.type === "attributes") translate(change.target);
      else change.addedNodes.forEach((node) => translate(node.nodeType === 3 ? node.parentElement : node));
    }
  });
  words.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  window.__reisatlasWords = words;
  translate(document.body);

  measure();
  const observer = new ResizeObserver(() => { measure(); sideways(); });
  const element = column();
  if (element) observer.observe(element);
  return () => { observer.disconnect(); words.disconnect(); };
}
"""

_component = st.components.v2.component("reisatlas_client", js=_JS)


def client(lang: str) -> None:
    """Set ``<html lang>`` and learn the main column's width (in the sidebar: it takes no room in the page)."""
    with st.sidebar:
        _component(
            key="client",
            data={
                "lang": lang,
                "width": (st.session_state.get("client") or {}).get("width"),
                "words": streamlit_words(lang),
                "table_region": t("table_region", lang),
                "fitted_below": FITTED_BELOW,
                "dom": DOM,
            },
            default={"width": None},
            on_width_change=lambda: None,
            height=0,
        )


def main_width() -> int:
    """The main column's width in CSS pixels (a desktop's until the browser has said)."""
    state = st.session_state.get("client") or {}
    width = state.get("width") if hasattr(state, "get") else None
    return int(width) if width else DESKTOP_WIDTH


def map_width() -> int:
    """The width a map is fitted for: the main column's, at most a desktop's 1,000 px."""
    return min(main_width(), DESKTOP_WIDTH)


def narrow() -> bool:
    """A phone (or a narrow window): the pages put the map first and the numbers on one line."""
    return main_width() <= PHONE_WIDTH
