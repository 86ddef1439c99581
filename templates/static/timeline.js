/* sitegen timeline: the reader-side behaviour of a generated chronology.
 *
 * Progressive enhancement only: without this script every entry is shown, the
 * filter form stays hidden and permalinks are plain fragment links. With it:
 *   - filters (outlet, kind, place, claim, corroborated, phase) whose state lives
 *     in the URL query and is written back with history.replaceState;
 *   - deep links (#entry-id) that reveal an entry a filter hides, scroll to it,
 *     highlight it (.is-target) and move focus to it;
 *   - "copy link" buttons (button[data-copy]);
 *   - Pagefind search loaded from the site's own pagefind/ folder.
 * No inline script, no request to another host, nothing from an article runs here.
 */
(function () {
  "use strict";

  // The <li> attribute each filter control reads, in the order the URL lists them.
  var FILTERS = [
    ["outlet", "outlet"],
    ["kind", "kind"],
    ["place", "places"],
    ["claim", "claim"],
    ["corroborated", "corroborated"],
    ["phase", "phase"]
  ];
  var FILTER_NAMES = FILTERS.map(function (f) { return f[0]; });
  var FILTER_LABELS = {
    outlet: "outlet", kind: "outlet kind", place: "place", claim: "claim status",
    corroborated: "corroborated only", phase: "phase"
  };
  var ENTRY = "li[data-date]";
  var SECTION_ID = /^(?:m-\d{4}-\d{2}|y-\d{4})$/;
  var HEADING = /^H[1-6]$/;

  var script = document.currentScript;
  var liveRegion = null;
  var form = null;
  var countEl = null;
  var entries = [];   // [{el, values: {filterName: [slug, ...]}}]
  var groups = [];    // [{anchor, els: [element, ...], entries: [li, ...]}], months before years

  // ------------------------------------------------------------------ helpers

  function words(value) {
    return (value || "").split(/\s+/).filter(function (w) { return w !== ""; });
  }

  /** The polite live region every announcement goes to (created once, visually hidden). */
  function announce(message) {
    if (!liveRegion) {
      liveRegion = document.querySelector("[data-live]");
      if (!liveRegion) {
        liveRegion = document.createElement("div");
        liveRegion.className = "visually-hidden";
        var s = liveRegion.style;  // CSSOM, allowed by a strict CSP (no style attribute in markup)
        s.position = "absolute"; s.width = "1px"; s.height = "1px"; s.overflow = "hidden";
        s.clip = "rect(0 0 0 0)"; s.clipPath = "inset(50%)"; s.whiteSpace = "nowrap"; s.margin = "-1px";
        document.body.appendChild(liveRegion);
      }
      liveRegion.setAttribute("role", "status");
      liveRegion.setAttribute("aria-live", "polite");
    }
    // Clear first so the same message twice is announced twice.
    liveRegion.textContent = "";
    window.setTimeout(function () { liveRegion.textContent = message; }, 50);
  }

  function replaceUrl(url) {
    try {
      history.replaceState(history.state, "", url.href);
    } catch (err) {
      // file:// pages may refuse a changed URL; the filters work regardless.
    }
  }

  // ------------------------------------------------------------------ sections

  /** The elements that make up the month/year section a heading or wrapper id names. */
  function sectionElements(anchor) {
    if (anchor.querySelector(ENTRY)) {
      return [anchor];  // the id is on the wrapper (<section id="m-2024-05">)
    }
    var parent = anchor.parentElement;
    if (HEADING.test(anchor.tagName) && parent && parent.firstElementChild === anchor &&
        parent !== document.body && parent.tagName !== "MAIN" && parent.querySelector(ENTRY)) {
      var headings = parent.querySelectorAll("h1, h2, h3, h4, h5, h6");
      var nested = 0;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].id && SECTION_ID.test(headings[i].id) && headings[i] !== anchor &&
            headings[i].tagName <= anchor.tagName) {
          nested++;
        }
      }
      if (nested === 0) {
        return [parent];  // <section><h3 id="m-2024-05">…</h3><ol>…</ol></section>
      }
    }
    if (!HEADING.test(anchor.tagName)) {
      return [];
    }
    // Flat markup: the heading and its following siblings up to the next heading of its level or above.
    var els = [anchor];
    for (var sib = anchor.nextElementSibling; sib; sib = sib.nextElementSibling) {
      if (HEADING.test(sib.tagName) && sib.tagName <= anchor.tagName) {
        break;
      }
      els.push(sib);
    }
    return els;
  }

  function collectGroups() {
    var anchors = document.querySelectorAll("[id^='m-'], [id^='y-']");
    var found = [];
    for (var i = 0; i < anchors.length; i++) {
      var anchor = anchors[i];
      if (!SECTION_ID.test(anchor.id) || anchor.closest("nav, svg, form")) {
        continue;
      }
      var els = sectionElements(anchor);
      var inside = [];
      els.forEach(function (el) {
        if (el.matches(ENTRY)) {
          inside.push(el);
        }
        inside.push.apply(inside, Array.prototype.slice.call(el.querySelectorAll(ENTRY)));
      });
      if (inside.length) {
        found.push({anchor: anchor, els: els, entries: inside, month: anchor.id.charAt(0) === "m"});
      }
    }
    // Months first, so a year is judged after its months.
    return found.filter(function (g) { return g.month; }).concat(found.filter(function (g) { return !g.month; }));
  }

  // ------------------------------------------------------------------ filters

  function controls(name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  /** The selected values of one filter name: {name: [value, ...]} with empty values left out. */
  function readState() {
    var state = {};
    FILTER_NAMES.forEach(function (name) {
      var values = [];
      controls(name).forEach(function (el) {
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (opt) {
            if (opt.selected && opt.value !== "") { values.push(opt.value); }
          });
        } else if (el.type === "checkbox" || el.type === "radio") {
          if (el.checked && el.value !== "") { values.push(el.value); }
        } else if (el.value && el.value.trim() !== "") {
          values.push(el.value.trim());
        }
      });
      if (values.length) { state[name] = values; }
    });
    return state;
  }

  /** Set the form's controls to a state; values no control offers are dropped. */
  function writeState(state) {
    FILTER_NAMES.forEach(function (name) {
      var wanted = state[name] || [];
      controls(name).forEach(function (el) {
        if (el.tagName === "SELECT") {
          var any = false;
          Array.prototype.forEach.call(el.options, function (opt) {
            var on = wanted.indexOf(opt.value) !== -1 && opt.value !== "";
            opt.selected = on && (el.multiple || !any);
            any = any || on;
          });
          if (!any && !el.multiple) {
            var blank = Array.prototype.filter.call(el.options, function (o) { return o.value === ""; })[0];
            el.selectedIndex = blank ? blank.index : -1;
          }
        } else if (el.type === "checkbox" || el.type === "radio") {
          el.checked = el.value !== "" ? wanted.indexOf(el.value) !== -1 : wanted.length === 0;
        } else {
          el.value = wanted.join(" ");
        }
      });
    });
  }

  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var state = {};
    FILTER_NAMES.forEach(function (name) {
      var values = [];
      params.getAll(name).forEach(function (v) { values.push.apply(values, v.split(",")); });
      values = values.map(function (v) { return v.trim(); }).filter(function (v) { return v !== ""; });
      if (values.length) { state[name] = values; }
    });
    return state;
  }

  function syncUrl(state) {
    var url = new URL(location.href);
    FILTER_NAMES.forEach(function (name) { url.searchParams.delete(name); });
    FILTER_NAMES.forEach(function (name) {
      (state[name] || []).forEach(function (v) { url.searchParams.append(name, v); });
    });
    if (url.href !== location.href) { replaceUrl(url); }
  }

  /** Why a state hides an entry: the filter names the entry fails. */
  function failing(entry, state) {
    return FILTER_NAMES.filter(function (name) {
      var wanted = state[name];
      if (!wanted) { return false; }
      var have = entry.values[name];
      return !have.some(function (v) { return wanted.indexOf(v) !== -1; });
    });
  }

  function setHidden(el, hide) {
    if (hide) { el.setAttribute("hidden", ""); } else { el.removeAttribute("hidden"); }
    el.classList.toggle("is-filtered-out", hide);
  }

  /** Show the entries the state matches, hide the rest and the sections left empty; return the count. */
  function applyState(state) {
    var shown = 0;
    entries.forEach(function (entry) {
      var hide = failing(entry, state).length > 0;
      setHidden(entry.el, hide);
      if (!hide) { shown++; }
    });
    groups.forEach(function (g) {
      var empty = g.entries.every(function (li) { return li.hasAttribute("hidden"); });
      g.els.forEach(function (el) { setHidden(el, empty); });
    });
    // Jump-list links to sections the filters emptied.
    var links = document.querySelectorAll("nav a[href^='#m-'], nav a[href^='#y-']");
    Array.prototype.forEach.call(links, function (a) {
      var target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      var item = a.closest("li") || a;
      if (target) { setHidden(item, target.closest("[hidden]") !== null); }
    });
    var active = Object.keys(state).length > 0;
    if (countEl) {
      countEl.textContent = !active
        ? "Showing all " + entries.length + (entries.length === 1 ? " entry." : " entries.")
        : shown === 0
          ? "No entry matches these filters."
          : "Showing " + shown + " of " + entries.length + (entries.length === 1 ? " entry." : " entries.");
    }
    document.documentElement.classList.toggle("is-filtered", active);
    return shown;
  }

  function refresh() {
    var state = readState();
    applyState(state);
    syncUrl(state);
  }

  function setupFilters() {
    form = document.querySelector("form.filters");
    var list = document.querySelectorAll(ENTRY);
    entries = Array.prototype.map.call(list, function (li) {
      var values = {};
      FILTERS.forEach(function (f) { values[f[0]] = words(li.getAttribute("data-" + f[1])); });
      return {el: li, values: values};
    });
    if (!form) { return; }
    groups = collectGroups();

    countEl = form.querySelector("[data-filter-count], .filter-count");
    if (!countEl) {
      countEl = document.createElement("p");
      countEl.className = "filter-count";
      form.appendChild(countEl);
    }
    countEl.setAttribute("role", "status");
    countEl.setAttribute("aria-live", "polite");

    if (!form.querySelector("button[type='reset'], input[type='reset']")) {
      var reset = document.createElement("button");
      reset.type = "reset";
      reset.textContent = "Show all";
      form.appendChild(reset);
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); refresh(); });
    form.addEventListener("change", refresh);
    form.addEventListener("reset", function () {
      // The reset event fires before the controls are reset.
      window.setTimeout(function () { writeState({}); refresh(); }, 0);
    });

    writeState(stateFromUrl());
    form.removeAttribute("hidden");
    refresh();
  }

  // ------------------------------------------------------------------ deep links

  function entryFor(target) {
    if (!target) { return null; }
    return target.matches(ENTRY) ? target : target.closest(ENTRY);
  }

  /** Reveal, scroll to, highlight and focus the element the URL's fragment names. */
  function revealHash() {
    var id = location.hash.slice(1);
    if (!id) { return; }
    try { id = decodeURIComponent(id); } catch (err) { /* keep the raw id */ }
    var target = document.getElementById(id);
    if (!target) { return; }
    var li = entryFor(target);
    if (form) {
      var state = readState();
      var cleared = [];
      if (li) {
        var record = entries.filter(function (e) { return e.el === li; })[0];
        cleared = record ? failing(record, state) : [];
      } else if (target.closest("[hidden]") && form.contains(target) === false) {
        cleared = Object.keys(state);
      }
      if (cleared.length) {
        cleared.forEach(function (name) { delete state[name]; });
        writeState(state);
        applyState(state);
        syncUrl(state);
        announce("Cleared the " + cleared.map(function (n) { return FILTER_LABELS[n]; }).join(" and ") +
                 " filter to show the linked entry.");
      }
    }
    var focusEl = li || target;
    Array.prototype.forEach.call(document.querySelectorAll(".is-target"), function (el) {
      if (el !== focusEl) { el.classList.remove("is-target"); }
    });
    if (li) { li.classList.add("is-target"); }
    if (!focusEl.hasAttribute("tabindex") && !focusEl.matches("a[href], button, input, select, textarea")) {
      focusEl.setAttribute("tabindex", "-1");
    }
    focusEl.focus({preventScroll: true});
    focusEl.scrollIntoView({block: "start"});
  }

  function setupDeepLinks() {
    window.addEventListener("hashchange", revealHash);
    // A click on a link to the fragment already in the URL fires no hashchange: reveal again.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a[href*='#']") : null;
      if (!a || a.hash === "" || a.hash !== location.hash) { return; }
      if (a.pathname !== location.pathname || a.protocol !== location.protocol) { return; }
      ev.preventDefault();
      revealHash();
    });
    revealHash();
  }

  // ------------------------------------------------------------------ copy link

  function copyFallback(button, text) {
    var field = button.parentNode.querySelector("input.copy-field");
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "copy-field";
      field.setAttribute("aria-label", "Link to this entry");
      button.parentNode.insertBefore(field, button.nextSibling);
    }
    field.value = text;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (err) { copied = false; }
    announce(copied ? "Link copied" : "Link selected: press Ctrl+C (or Cmd+C) to copy it");
  }

  function copyLink(button) {
    var raw = button.getAttribute("data-copy") || "";
    var url;
    if (raw.charAt(0) === "#" || raw === "") {
      url = new URL(location.href);
      url.hash = raw;
    } else {
      url = new URL(raw, location.href);
      // A link to this page keeps the reader's filters, so the shared view matches.
      if (url.pathname === location.pathname && url.search === "") { url.search = location.search; }
    }
    var text = url.href;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        button.classList.add("is-copied");
        announce("Link copied");
      }, function () { copyFallback(button, text); });
    } else {
      copyFallback(button, text);
    }
  }

  function setupCopy() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (b) {
      b.removeAttribute("hidden");
    });
    document.addEventListener("click", function (ev) {
      var b = ev.target.closest ? ev.target.closest("button[data-copy]") : null;
      if (b) { ev.preventDefault(); copyLink(b); }
    });
  }

  // ------------------------------------------------------------------ search

  /** The site's root URL: html[data-root], else the folder above static/timeline.js. */
  function siteRoot() {
    var declared = document.documentElement.getAttribute("data-root");
    if (declared !== null) { return new URL(declared || "./", location.href); }
    if (script && script.src) {
      var src = new URL(script.src, location.href);
      var path = src.pathname.replace(/[^/]*$/, "");
      src.pathname = /\/static\/$/.test(path) ? path.replace(/static\/$/, "") : path;
      src.search = ""; src.hash = "";
      return src;
    }
    return new URL("./", location.href);
  }

  function searchStatus(box, message) {
    var el = box.querySelector("[data-search-status]");
    if (!el) {
      el = document.createElement("p");
      el.setAttribute("data-search-status", "");
      el.className = "search-status";
      box.appendChild(el);
    }
    el.textContent = message;
  }

  /** Give Pagefind's input a visible label (its own has only a title), then mark the box ready. */
  function labelSearch(box, mount) {
    var attach = function () {
      var input = mount.querySelector("input");
      if (!input) { return false; }
      if (!input.id) { input.id = "search-input"; }
      if (!input.labels || input.labels.length === 0) {
        var label = document.createElement("label");
        label.htmlFor = input.id;
        label.className = "search-label";
        label.textContent = "Search entries and articles";
        mount.parentNode.insertBefore(label, mount);
      }
      box.classList.add("is-ready");
      return true;
    };
    if (attach()) { return; }
    var observer = new MutationObserver(function () { if (attach()) { observer.disconnect(); } });
    observer.observe(mount, {childList: true, subtree: true});
  }

  /** Hand `done` the bundle paths of the index's parts (pagefind/parts.json), [] when it is not split. */
  function searchParts(base, done) {
    fetch(new URL("parts.json", base).href).then(function (r) {
      return r.ok ? r.json() : [];
    }).then(function (parts) {
      done(Array.isArray(parts) ? parts.filter(function (p) { return typeof p === "string"; }) : []);
    }).catch(function () { done([]); });
  }

  function setupSearch() {
    var box = document.getElementById("search");
    if (!box) { return; }
    var mode = box.getAttribute("data-search");
    if (mode !== "on") {
      if (box.textContent.indexOf("Search is off") === -1) {
        searchStatus(box, "Search is off (Pagefind is not installed).");
      }
      return;
    }
    if (location.protocol === "file:") {
      searchStatus(box, "Search needs the site to be served (for example with python -m http.server); " +
                        "opened from a file, the browser cannot load the search index.");
      return;
    }
    var base = box.getAttribute("data-pagefind")
      ? new URL(box.getAttribute("data-pagefind"), location.href)
      : new URL("pagefind/", siteRoot());
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", base).href;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("pagefind-ui.js", base).href;
    js.onload = function () {
      if (typeof window.PagefindUI !== "function") {
        searchStatus(box, "Search could not be started.");
        return;
      }
      Array.prototype.forEach.call(box.querySelectorAll("[data-search-fallback]"), function (el) {
        el.parentNode.removeChild(el);
      });
      var mount = document.createElement("div");
      mount.className = "search-ui";
      box.appendChild(mount);
      searchParts(base, function (parts) {
        /* global PagefindUI */
        new window.PagefindUI({
          element: mount,
          bundlePath: base.href,
          baseUrl: siteRoot().pathname,
          mergeIndex: parts.map(function (part) {
            return {bundlePath: new URL(part, base).href, baseUrl: siteRoot().pathname};
          }),
          showSubResults: true,
          showImages: false,
          resetStyles: false
        });
        labelSearch(box, mount);
      });
    };
    js.onerror = function () { searchStatus(box, "Search could not be loaded."); };
    document.head.appendChild(js);
  }

  // ------------------------------------------------------------------ start

  /** Start the overview at its latest months when it scrolls (narrow screens): most recent data first. */
  function setupOverview() {
    Array.prototype.forEach.call(document.querySelectorAll(".overview-scroll"), function (box) {
      if (box.scrollWidth > box.clientWidth) { box.scrollLeft = box.scrollWidth; }
    });
  }

  function start() {
    document.documentElement.classList.add("js");
    setupOverview();
    setupFilters();
    setupCopy();
    setupSearch();
    setupDeepLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
