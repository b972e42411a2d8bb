// Reisatlas, the published site: the filters, the summary line, a place's trips on tap and the embed's height.
// No framework and nothing fetched: the data is the page's own (#atlas-data), the map is the page's SVG.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("atlas-data").textContent);
  const T = data.texts, trips = data.trips;
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

  // Numbers as reisatlas.i18n writes them (Babel's "#,##0" and "#,##0.#"; Python's round, ties to even).
  function pyRound(x, digits) {
    const scale = Math.pow(10, digits), scaled = x * scale;
    if (Math.abs(scaled % 1) === 0.5) return (2 * Math.round(scaled / 2)) / scale;
    return Number(x.toFixed(digits));
  }
  function grouped(whole) {
    return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, data.group);
  }
  function decimal(x) {  // "#,##0.#": at most one decimal, none when it is 0
    const [whole, fraction] = x.toFixed(1).split(".");
    return grouped(whole) + (fraction === "0" ? "" : data.decimal + fraction);
  }
  const number = x => grouped(pyRound(x, 0));
  function twoFigures(kg) {
    const digits = 1 - Math.floor(Math.log10(kg)), scale = Math.pow(10, digits), scaled = kg * scale;
    if (Math.abs(scaled % 1) === 0.5) return (2 * Math.round(scaled / 2)) / scale;
    return Number(kg.toPrecision(2));
  }
  function co2Text(kg) {
    if (kg === 0) return "0 kg";
    if (kg < 1) return fill(T.less_than_kg, {n: "1"});
    const shown = twoFigures(kg);
    if (shown >= 1000) {
      const tonnes = kg / 1000;
      return fill(T.about_tonnes, {n: decimal(pyRound(tonnes, tonnes < 2 ? 1 : 0))});
    }
    return fill(T.about_kg, {n: decimal(shown)});
  }
  const count = (n, noun) => n === 1 ? T[noun + "_one"] : fill(T[noun + "_many"], {n});
  function period(months) {  // indices into data.months, sorted
    if (!months.length) return T.no_period;
    const first = months[0], last = months[months.length - 1];
    if (first === last) return data.wide[first];
    if (data.months[first].slice(0, 4) === data.months[last].slice(0, 4)) return data.standalone[first] + " – " + data.wide[last];
    return data.wide[first] + " – " + data.wide[last];
  }

  // summary.summarise(...).sentence(lang) for the kept trips; ``asked`` the chosen month's index, or null.
  function sentence(kept, asked) {
    if (!kept.length) return asked === null ? T.summary_nothing : fill(T.summary_none, {period: period([asked])});
    const months = new Set(), places = new Set(), countries = new Set(), towns = new Set();
    let km = 0, co2 = 0, extra = 0;
    for (const i of kept) {
      const [, , ms, , , ps, cs, k, c, e, town] = trips[i];
      ms.forEach(m => months.add(m)); ps.forEach(p => places.add(p)); cs.forEach(code => countries.add(code));
      if (k !== null) km += k;
      if (c !== null) co2 += c;
      if (e !== null) extra += e;
      if (town) towns.add(town);
    }
    let text = fill(T.summary, {
      trips: count(kept.length, "trip"), places: count(places.size, "place"),
      countries: count(countries.size, "country"), period: period([...months].sort((a, b) => a - b)),
    });
    if (km > 0) text += fill(extra > 0 ? T.summary_footprint_total : T.summary_footprint, {km: number(km), co2: co2Text(co2 + extra)});
    const named = [...towns].sort();
    if (named.length && !(named.length === 1 && named[0] === data.home)) return named.join(", ") + ": " + text;
    return text;
  }

  const form = document.getElementById("filters");
  const month = document.getElementById("f-site_month"), who = document.getElementById("f-officials"), theme = document.getElementById("f-themes");
  function kept() {
    const m = month.value === "" ? null : Number(month.value);
    const o = who.value === "" ? null : Number(who.value), th = theme.value === "" ? null : Number(theme.value);
    const key = m === null ? null : data.months[m];
    const keep = [];
    trips.forEach(([first, last, , officials, themes], i) => {
      if (key !== null && !(first !== "" && first <= key && last >= key)) return;
      if (o !== null && !officials.includes(o)) return;
      if (th !== null && !themes.includes(th)) return;
      keep.push(i);
    });
    return {keep, asked: m};
  }
  function show() {
    const {keep, asked} = kept(), on = new Set(keep);
    document.getElementById("summary").textContent = sentence(keep, asked);
    document.getElementById("trip-count").textContent = keep.length;
    document.getElementById("no-trips").hidden = keep.length > 0;
    for (const item of document.querySelectorAll("#trips li[data-i]")) item.hidden = !on.has(Number(item.dataset.i));
    const place = data.places.map(ids => ids.some(i => on.has(i))), leg = data.routes.map(ids => ids.some(i => on.has(i)));
    for (const thing of document.querySelectorAll(".map [data-p]")) thing.style.display = place[thing.dataset.p] ? "" : "none";
    for (const thing of document.querySelectorAll(".map [data-r]")) thing.style.display = leg[thing.dataset.r] ? "" : "none";
    closePlace();
    window.reisatlasShown = keep;  // for the browser tests
  }
  form.addEventListener("change", show);
  form.addEventListener("reset", () => setTimeout(show));
  form.addEventListener("submit", event => event.preventDefault());

  // A tap or click on the map: the nearest shown marker within reach lists its trips.
  const panel = document.getElementById("place");
  function closePlace() { panel.hidden = true; }
  document.getElementById("place-close").addEventListener("click", closePlace);
  for (const svg of document.querySelectorAll("svg.map")) {
    svg.addEventListener("click", event => {
      const matrix = svg.getScreenCTM();
      if (!matrix) return;
      const reach = 22 / matrix.a, at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      let best = null, nearest = Infinity;
      for (const marker of svg.querySelectorAll("circle[data-p]")) {
        if (marker.style.display === "none") continue;
        const d = Math.hypot(marker.cx.baseVal.value - at.x, marker.cy.baseVal.value - at.y) - marker.r.baseVal.value;
        if (d < nearest) { nearest = d; best = marker; }
      }
      if (!best || nearest > reach) return;
      openPlace(svg, best);
    });
  }
  function openPlace(svg, marker) {
    const number = marker.dataset.p, name = svg.querySelector('text[data-p="' + number + '"]');
    const shown = new Set(window.reisatlasShown || trips.map((_, i) => i));
    const list = panel.querySelector("ul");
    list.replaceChildren();
    for (const i of data.places[number]) {
      if (!shown.has(i)) continue;
      const item = document.getElementById("trip-" + i), link = document.createElement("a");
      link.href = "#trip-" + i;
      link.textContent = item.querySelector(".trip-title").textContent + " — " + item.querySelector(".meta").textContent;
      link.addEventListener("click", () => { item.querySelector("details").open = true; });
      const row = document.createElement("li");
      row.append(link);
      list.append(row);
    }
    const title = document.getElementById("place-title");
    title.textContent = name ? name.textContent : "";
    panel.hidden = false;
    title.focus();
  }
  document.addEventListener("keydown", event => { if (event.key === "Escape" && !panel.hidden) closePlace(); });

  // A trip's details come with reizen-details.js, asked for when a reader first opens one (a script, not a
  // fetch: it loads from file:// too).
  let details = null;
  function detailsLoaded() {
    if (!details) details = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "reizen-details.js";
      script.onload = () => resolve(window.reisatlasDetails);
      script.onerror = reject;
      document.body.append(script);
    });
    return details;
  }
  document.getElementById("trips").addEventListener("toggle", event => {
    const opened = event.target;
    if (!opened.open || opened.dataset.filled) return;
    const i = Number(opened.closest("li").dataset.i);
    detailsLoaded().then(all => {
      opened.querySelector(".more").innerHTML = all[i];  // written by html.escape at publish time
      opened.dataset.filled = "1";
    });
  }, true);

  // The embed code with this site's own address, where it was published without one; a copy button.
  const code = document.getElementById("embed-code");
  if (code) {
    if (code.dataset.relative && location.protocol !== "file:") {
      code.value = code.value.replace('src="embed.html"', 'src="' + new URL("embed.html", location.href).href + '"');
    }
    document.getElementById("copy-embed").addEventListener("click", () => {
      code.select();
      (navigator.clipboard ? navigator.clipboard.writeText(code.value) : Promise.reject()).catch(() => document.execCommand("copy"))
        .finally(() => { document.getElementById("copied").textContent = T.site_copied; });
    });
  }

  // Inside an iframe: tell the page around it how tall this page is, whenever that changes.
  if (window.parent !== window) {
    const tell = () => window.parent.postMessage({"reisatlas-height": Math.ceil(document.documentElement.getBoundingClientRect().height)}, "*");
    new ResizeObserver(tell).observe(document.documentElement);
    tell();
  }
  // Every trip shows until a filter is chosen: the page as written needs no change (at 1,000 trips, touching every
  // item and marker at load cost the first paint a few hundred milliseconds).
  window.reisatlasShown = trips.map((_, i) => i);
  const later = document.getElementById("trip-items");  // a long list, put in place after the first paint
  function listed() {
    if (later) document.querySelector("#trips ol").append(later.content);
    window.reisatlasListed = true;  // for the browser tests
    if (month.value || who.value || theme.value) show();  // a filter kept by the browser on going back
  }
  if (later) requestAnimationFrame(() => setTimeout(listed)); else listed();
})();
