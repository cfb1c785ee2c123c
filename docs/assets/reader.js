// Reader features (issue 10): fold/unfold abstracts, sort and filter the cards, the
// keyboard, and the reading list. Everything here reads the cards' data-* attributes (and
// their topics from their chips' addresses) and writes text with textContent only: no string ever becomes markup. Without this script
// every paper shows, in curated order, its abstract one click away. Following names and the
// reader's own words are follow.js, loaded right after this one: it takes the helpers below
// from window.PaperDigest and adds itself there as `follow`, before the page is parsed.
(function () {
  "use strict";
  var FULL = "pd-full", KEPT = "pd-kept", SEEN = "pd-seen", DIM = "pd-dim";
  var SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;
  // The site's root, from this script's own address (assets/reader.js).
  var ROOT = new URL("../", document.currentScript ? document.currentScript.src : location.href).href;

  // Keys scoped to the site's path, as Material scopes its own: two digests published
  // under one origin (user.github.io/a/, user.github.io/b/) keep separate lists.
  function scoped(key) { return new URL(ROOT).pathname + "." + key; }
  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(scoped(key))); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(scoped(key), JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function raw(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  // Storage versions: 0 kept the keys unscoped ("pd-kept"), 1 scoped them to the site's path,
  // 2 (now) records its version. Each reader's earlier keys are copied over once, never lost.
  var VERSION = 2, VERSION_KEY = "pd-storage";
  function migrate() {
    if (load(VERSION_KEY, 0) >= VERSION) return;
    [FULL, KEPT, SEEN, DIM].forEach(function (key) {
      var before = raw(key);
      if (raw(scoped(key)) === null && before !== null) {
        try { localStorage.setItem(scoped(key), before); } catch (e) { /* private mode */ }
      }
    });
    save(VERSION_KEY, VERSION);
  }
  // A reader never keeps this many papers; a list past it (a tampered or runaway value) is
  // read only up to it, with a word on the reading list page.
  var MAX_KEPT = 5000;
  function el(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "className") node.className = props[k]; else node.setAttribute(k, props[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // A card (day and home pages) or a row (week and topic pages: li.pd-card): the same
  // data-* attributes, title, authors and topics; a row's title is the link itself, and its
  // Keep and Follow buttons go on its second line (it has no row of links).
  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".pd-card")); }
  function titleLink(c) { return c.querySelector(".pd-card__title a, a.pd-card__title"); }
  function buttonsIn(c) { return c.querySelector(".pd-links") || c.querySelector(".pd-card__meta"); }
  // A card's topics: the slugs in its chips' addresses (the site map's topics/<slug>/).
  var TOPIC = /topics\/([a-z0-9-]+)\/$/;
  function topicsOf(c) {
    return Array.prototype.map.call(c.querySelectorAll(".pd-tags a"), function (a) {
      var m = TOPIC.exec(a.getAttribute("href") || "");
      return m ? m[1] : "";
    });
  }
  function visible() { return cards().filter(function (c) { return !c.hidden; }); }
  function slugs(list) {
    return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string" && SLUG.test(s); }) : [];
  }
  // The kept list and what was wrong with it: a value that is not a list is set aside,
  // unchanged, under KEPT + ".unreadable" before anything overwrites it, and reported.
  // Read once per stored value: every Keep button asks, and a long list takes a while to check.
  var keptRead = { text: undefined, found: null };
  function keptList() {
    var text = raw(scoped(KEPT));
    if (text !== keptRead.text) keptRead = { text: text, found: readKept(text) };
    var found = keptRead.found;
    return { list: found.list.slice(), ignored: found.ignored, unreadable: found.unreadable };
  }
  function readKept(text) {
    var value = null;
    if (text === null) return { list: [], ignored: 0, unreadable: false };
    try { value = JSON.parse(text); } catch (e) { value = null; }
    if (!Array.isArray(value)) {
      if (raw(scoped(KEPT + ".unreadable")) === null) {
        try { localStorage.setItem(scoped(KEPT + ".unreadable"), text); } catch (e) { /* private mode */ }
      }
      return { list: [], ignored: 0, unreadable: true };
    }
    var good = unique(slugs(value));
    return { list: good.slice(0, MAX_KEPT), ignored: value.length - Math.min(good.length, MAX_KEPT),
             unreadable: false };
  }
  function kept() { return keptList().list; }
  function unique(list) {
    var seen = Object.create(null);
    return list.filter(function (s) { if (seen[s]) return false; seen[s] = true; return true; });
  }
  // Ids `enrich` replaced: the old id's page redirects to the new one, and pages that show a
  // paper with former ids say so (data-former on cards, .pd-former on its page). A kept old
  // id becomes the current one, so the list holds each paper once and Keep shows it kept.
  function adoptCurrent(moved) {
    var list = kept(), now = unique(list.map(function (s) {
      return Object.prototype.hasOwnProperty.call(moved, s) ? moved[s] : s;
    }));
    if (now.join(",") !== list.join(",")) save(KEPT, now);
  }
  function formerOnPage(here) {
    var moved = Object.create(null);
    document.querySelectorAll(".pd-card[data-former]").forEach(function (c) {
      var slug = c.getAttribute("data-slug");
      if (!SLUG.test(slug || "")) return;
      slugs((c.getAttribute("data-former") || "").split(" ")).forEach(function (old) { moved[old] = slug; });
    });
    var own = document.querySelector(".pd-former");
    if (here && own) slugs(own.textContent.split(/[\s,]+/)).forEach(function (old) { moved[old] = here; });
    if (Object.keys(moved).length) adoptCurrent(moved);
  }

  // -- fold: every abstract is a <details>; the full view opens them all, remembered --------
  // (an old day's abstracts come from the papers' pages as they open: digest.js)
  function setFull(on) {
    document.querySelectorAll("details.pd-abstract").forEach(function (d) { d.open = on; });
    save(FULL, on);
  }

  // -- keep: a button on each card and on the paper page ------------------------------------
  function keepButton(slug) {
    var b = el("button", { type: "button", className: "pd-keep md-button", "data-slug": slug });
    paintKeep(b);
    b.addEventListener("click", function () { toggleKeep(slug); });
    return b;
  }
  function paintKeep(b) {
    var on = kept().indexOf(b.getAttribute("data-slug")) >= 0;
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? "Kept ✓" : "Keep";
  }
  function toggleKeep(slug) {
    var list = kept(), at = list.indexOf(slug);
    if (at >= 0) list.splice(at, 1);
    else if (list.length < MAX_KEPT) list.push(slug);
    save(KEPT, list);
    document.querySelectorAll("button.pd-keep").forEach(paintKeep);
  }
  function markSeen() {
    var seen = slugs(load(SEEN, [])), dim = load(DIM, false) === true;
    cards().forEach(function (c) {
      c.classList.toggle("pd-card--seen", dim && seen.indexOf(c.getAttribute("data-slug")) >= 0);
    });
  }


  // -- sort and filter, state in the query string so a view can be shared -------------------
  function state() {
    var q = new URLSearchParams(location.search);
    var list = function (k) { return (q.get(k) || "").split(",").filter(Boolean); };
    return { sort: q.get("sort") || "", inc: list("in"), exc: list("out"),
             code: q.get("code") === "1", picks: q.get("picks") === "1" };
  }
  function writeState(s) {
    var q = new URLSearchParams(location.search);
    var put = function (k, v) { if (v) q.set(k, v); else q.delete(k); };
    put("sort", s.sort); put("in", s.inc.join(",")); put("out", s.exc.join(","));
    put("code", s.code ? "1" : ""); put("picks", s.picks ? "1" : "");
    var qs = q.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }
  function num(card, key) { var v = card.getAttribute(key); return v === null ? -1 : Number(v); }
  function apply(s, status) {
    var shown = 0, all = cards(), mine = follow.words(), folded = 0;
    all.forEach(function (c) {
      var topics = topicsOf(c);
      var ok = (!s.code || c.hasAttribute("data-code")) && (!s.picks || c.hasAttribute("data-pick")) &&
        s.inc.every(function (t) { return topics.indexOf(t) >= 0; }) &&
        !s.exc.some(function (t) { return topics.indexOf(t) >= 0; });
      if (ok && mine.exc.length && follow.matching(c, mine.exc).length) {  // the reader's exclude words
        folded += 1;
        ok = s.showFolded;
      }
      c.hidden = !ok;
      if (ok) shown += 1;
    });
    var key = s.sort === "up" ? "data-up" : s.sort === "stars" ? "data-stars" : "";
    var first = function (c) { return s.sort === "words" && c.classList.contains("pd-card--include") ? 1 : 0; };
    document.querySelectorAll(".pd-cards").forEach(function (box) {
      var list = Array.prototype.slice.call(box.querySelectorAll(":scope > .pd-card"));
      list.sort(function (a, b) {
        var d = first(b) - first(a) || (key ? num(b, key) - num(a, key) : 0);
        return d || Number(a.getAttribute("data-pd-order")) - Number(b.getAttribute("data-pd-order"));
      });
      list.forEach(function (c) { box.appendChild(c); });
    });
    status.textContent = "Showing " + shown + " of " + all.length + " papers." +
      (folded && !s.showFolded ? " " + folded + " hidden by your filters." : "");
    s.folded = folded;
  }
  function topicNames() {
    var names = {};
    document.querySelectorAll(".pd-card .pd-tags a").forEach(function (a) {
      var m = TOPIC.exec(a.getAttribute("href") || "");
      if (m && !names[m[1]]) names[m[1]] = a.textContent;
    });
    return names;
  }
  function triageBar() {
    var boxes = document.querySelectorAll(".pd-cards");
    if (!boxes.length) return;
    cards().forEach(function (c, i) { c.setAttribute("data-pd-order", String(i)); });
    var s = state();
    var bar = el("div", { className: "pd-triage", role: "group", "aria-label": "Sort and filter papers" });
    var status = el("p", { className: "pd-triage__status", "aria-live": "polite" });
    var sortLabel = el("label", {}, "Order ");
    var sort = el("select", { className: "pd-triage__sort" });
    [["", "Curated order"], ["up", "Most upvoted"], ["stars", "Most GitHub stars"], ["words", "Your words first"]].forEach(function (o) {
      var opt = el("option", { value: o[0] }, o[1]);
      if (o[0] === s.sort) opt.selected = true;
      sort.appendChild(opt);
    });
    sortLabel.appendChild(sort);
    bar.appendChild(sortLabel);
    function check(name, text, on) {
      var label = el("label", { className: "pd-triage__check" });
      var box = el("input", { type: "checkbox", name: name });
      box.checked = on;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + text));
      bar.appendChild(label);
      return box;
    }
    var code = check("code", "Only with code", s.code);
    var picks = check("picks", "Only editor's picks", s.picks);
    var full = check("full", "Show every abstract", load(FULL, false) === true);
    var dim = check("dim", "Dim papers I opened", load(DIM, false) === true);
    var names = topicNames(), chips = el("p", { className: "pd-triage__topics" });
    Object.keys(names).sort().forEach(function (slug) {
      var b = el("button", { type: "button", className: "pd-chip", "data-topic": slug });
      var paint = function () {
        var mode = s.inc.indexOf(slug) >= 0 ? "in" : s.exc.indexOf(slug) >= 0 ? "out" : "";
        b.textContent = (mode === "in" ? "+ " : mode === "out" ? "− " : "") + names[slug];
        b.setAttribute("data-mode", mode);
        b.setAttribute("aria-label", names[slug] + (mode === "in" ? ": only these" : mode === "out" ? ": hidden" : ": any"));
      };
      paint();
      b.addEventListener("click", function () {  // any → only → hidden → any
        var inAt = s.inc.indexOf(slug), outAt = s.exc.indexOf(slug);
        if (inAt >= 0) { s.inc.splice(inAt, 1); s.exc.push(slug); }
        else if (outAt >= 0) s.exc.splice(outAt, 1);
        else s.inc.push(slug);
        paint(); update();
      });
      chips.appendChild(b);
    });
    if (chips.childNodes.length) {
      bar.appendChild(el("span", { className: "pd-triage__hint" }, "Topics (click: only, again: hide):"));
      bar.appendChild(chips);
    }
    // The reader's own words, kept in this browser (not in the URL: a shared view is the sharer's
    // filters, not their private words): comma-separated, matched as whole words.
    function wordsBox(label, which) {
      var l = el("label", { className: "pd-triage__words" }, label + " ");
      var box = el("input", { type: "text", name: "pd-" + which, autocomplete: "off", spellcheck: "false" });
      box.value = follow.words()[which].join(", ");
      box.addEventListener("change", function () {
        var now = follow.words();
        now[which] = follow.cleanWordList(box.value.split(","));
        save(follow.WORDS, now);
        box.value = now[which].join(", ");
        follow.paintWords(); update();
      });
      l.appendChild(box);
      bar.appendChild(l);
    }
    wordsBox("Highlight words", "inc");
    wordsBox("Hide words", "exc");
    bar.appendChild(status);
    // Papers folded away by the reader's words: counted beside the cards (the controls above
    // them start folded), with one click to show them and one to hide them again.
    var note = el("p", { className: "pd-folded", "aria-live": "polite" }), noteText = el("span");
    var reveal = el("button", { type: "button", className: "md-button pd-reveal" });
    reveal.addEventListener("click", function () { s.showFolded = !s.showFolded; update(); });
    note.appendChild(noteText);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(reveal);
    boxes[0].parentNode.insertBefore(note, boxes[0]);
    function update() {
      s.sort = sort.value; s.code = code.checked; s.picks = picks.checked;
      writeState(s); apply(s, status); paintReveal();
    }
    function paintReveal() {
      note.hidden = !s.folded;
      noteText.textContent = plural(s.folded, "paper", "papers") + (s.showFolded ? " match" : " hidden by") + " your filters.";
      reveal.textContent = s.showFolded ? "Hide them again" : "Show " + (s.folded === 1 ? "it" : "them");
    }
    sort.addEventListener("change", update);
    code.addEventListener("change", update);
    picks.addEventListener("change", update);
    full.addEventListener("change", function () { setFull(full.checked); });
    dim.addEventListener("change", function () { save(DIM, dim.checked); markSeen(); });
    // Into the folded holder the page already has (no layout shift); opened when the URL
    // carries a sort or a filter, so a shared view shows what it is.
    var holder = document.querySelector(".pd-triage-holder");
    if (holder) {
      holder.querySelectorAll(".pd-triage__nojs").forEach(function (p) { p.remove(); });
      holder.appendChild(bar);
      if (s.sort || s.code || s.picks || s.inc.length || s.exc.length) holder.open = true;
    } else {
      boxes[0].parentNode.insertBefore(bar, boxes[0]);
    }
    apply(s, status);
    paintReveal();
  }

  // -- keyboard ------------------------------------------------------------------------------
  var KEYS = [["j", "next paper"], ["k", "previous paper"], ["o / Enter", "open the paper's page"],
              ["r", "the paper's related papers"],
              ["x", "fold or unfold the abstract"], ["s", "keep the paper (reading list)"],
              ["f", "follow the paper's first author (again: unfollow)"],
              ["v", "dense list or full cards (remembered)"],
              ["/", "search"], ["?", "this help"], ["Esc", "close this help"]];
  var current = null;
  function focusCard(card) {
    if (!card) return;
    if (current) current.classList.remove("pd-card--current");
    current = card;
    card.classList.add("pd-card--current");
    card.setAttribute("tabindex", "-1");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var list = visible();
    if (!list.length) return;
    var at = list.indexOf(current);
    focusCard(list[at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step))]);
  }
  function help() {
    var dialog = document.getElementById("pd-help");
    if (!dialog) {
      dialog = el("dialog", { id: "pd-help", className: "pd-help", "aria-labelledby": "pd-help-title" });
      dialog.appendChild(el("h2", { id: "pd-help-title" }, "Keyboard shortcuts"));
      var dl = el("dl");
      KEYS.forEach(function (k) { dl.appendChild(el("dt", {}, k[0])); dl.appendChild(el("dd", {}, k[1])); });
      dialog.appendChild(dl);
      var close = el("button", { type: "button", className: "md-button" }, "Close");
      close.addEventListener("click", function () { dialog.close(); });
      dialog.appendChild(close);
      document.body.appendChild(dialog);
    }
    if (!dialog.open) dialog.showModal();
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || e.defaultPrevented) return;
    var dialog = document.getElementById("pd-help");
    if (dialog && dialog.open) return;  // the dialog handles Esc itself
    var link = current && titleLink(current);
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o":
        if (!link) return;
        location.href = link.href; break;
      case "r": {  // the list on the paper's page (generator/render/related.py)
        if (!link) return;
        var to = new URL(link.href);
        to.hash = "related";
        location.href = to.href; break;
      }
      case "Enter":  // only on the card itself: Enter on a link or button does its own thing
        if (!link || e.target !== current) return;
        location.href = link.href; break;
      case "x": {
        var d = current && current.querySelector("details.pd-abstract");
        if (!d) return;
        d.open = !d.open; break;
      }
      case "s":
        if (!current) return;
        toggleKeep(current.getAttribute("data-slug")); break;
      case "f": {
        var first = current && follow.namesIn(current)[0];
        if (!first || first.k !== "a") return;
        follow.toggleFollow(first); break;
      }
      case "v": {  // view.js owns the view and its stored choice: press its button
        var view = document.querySelector("button.pd-view");
        if (!view) return;
        view.click();
        if (current) current.scrollIntoView({ block: "nearest" });
        break;
      }
      case "/": {
        var box = document.getElementById("pd-q");
        if (!box) return;
        box.focus(); break;
      }
      case "?": help(); break;
      default: return;
    }
    e.preventDefault();
  }

  // -- the reading list page -----------------------------------------------------------------
  // Papers are fetched a page at a time (PAGE, then "Show more"), PARALLEL at once: a long
  // list costs a bounded number of requests, however it got long.
  var PAGE = 50, PARALLEL = 6;
  // Addresses come from the site map (generator/urls.py), in the list's data attributes.
  var PAPER = "", SHARE = "";
  function paperUrl(slug) { return ROOT + PAPER.replace("{slug}", slug); }
  function usePapers(pattern) { PAPER = pattern; }
  function fetchDoc(slug) {
    return fetch(paperUrl(slug)).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      // Parsed into an inert document: nothing in it runs; only text is read back out.
      return new DOMParser().parseFromString(html, "text/html");
    });
  }
  function movedTo(doc) {  // a former id's page: a refresh to ../<current id>/ (a sibling in papers/)
    var meta = doc.querySelector('meta[http-equiv="refresh"]');
    var m = meta && /url=\.\.\/([^/]+)\/$/.exec(meta.getAttribute("content") || "");
    return m && SLUG.test(m[1]) ? m[1] : null;
  }
  function fetchPaper(slug) {
    var missing = { slug: slug, title: slug + " (not found on this site)", bibtex: "" };
    return fetchDoc(slug).then(function (doc) {
      var to = doc.querySelector("pre.pd-bibtex") ? null : movedTo(doc);
      return to ? fetchDoc(to).then(function (moved) { return [moved, to]; }) : [doc, slug];
    }).then(function (found) {
      var doc = found[0], h1 = doc.querySelector("article.md-content__inner h1");
      var bib = doc.querySelector("pre.pd-bibtex code");
      if (!bib) return missing;
      return { slug: found[1], from: found[1] !== slug ? slug : null,
               title: h1 ? h1.textContent : found[1], bibtex: bib.textContent };
    }).catch(function () { return missing; });
  }
  function fetchAll(list) {
    var out = [], next = 0;
    function worker() {
      if (next >= list.length) return Promise.resolve();
      var at = next++;
      return fetchPaper(list[at]).then(function (p) { out[at] = p; return worker(); });
    }
    var workers = [];
    for (var i = 0; i < Math.min(PARALLEL, list.length); i++) workers.push(worker());
    return Promise.all(workers).then(function () { return out; });
  }
  function sharedSlugs(text) {  // "#papers=a,b": each part decoded alone, bad parts left out
    var out = [], bad = 0;
    text.split(",").forEach(function (part) {
      var slug = null;
      try { slug = decodeURIComponent(part); } catch (e) { slug = null; }
      if (slug !== null && SLUG.test(slug)) out.push(slug); else if (part) bad += 1;
    });
    return { list: out, bad: bad };
  }
  // The link carries the reader's follows and words too (issue 19): "#papers=a,b&follow=
  // a%3AName,o%3ALab&in=w&out=w", each part percent-encoded alone; "#papers=a,b" as before.
  function sharedLink(hash) {
    var out = { papers: { list: [], bad: 0 }, follows: [], inc: [], exc: [], bad: 0 }, any = false;
    if (!/^#(papers|follow|in|out)=/.test(hash)) return null;
    hash.slice(1).split("&").forEach(function (pair) {
      var at = pair.indexOf("="), name = pair.slice(0, at), parts = [];
      if (at < 0) return;
      if (name === "papers") { out.papers = sharedSlugs(pair.slice(at + 1)); any = true; return; }
      pair.slice(at + 1).split(",").forEach(function (part) {
        if (!part) return;
        try { parts.push(decodeURIComponent(part)); } catch (e) { out.bad += 1; }
      });
      if (name === "follow") {
        var list = parts.map(function (t) { return { k: t.charAt(0), n: t.charAt(1) === ":" ? t.slice(2) : "" }; });
        out.follows = follow.cleanFollows(list);
        out.bad += parts.length - out.follows.length;
      } else if (name === "in" || name === "out") {
        out[name === "in" ? "inc" : "exc"] = follow.cleanWordList(parts);
      } else return;
      any = true;
    });
    return any ? out : null;
  }
  function extrasOf(f, w) { return f.length + w.inc.length + w.exc.length; }
  function extrasPart(f, w) {
    var enc = function (key, list) { return list.length ? "&" + key + "=" + list.map(encodeURIComponent).join(",") : ""; };
    return enc("follow", f.map(function (x) { return x.k + ":" + x.n; })) + enc("in", w.inc) + enc("out", w.exc);
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function readingList() {
    var list = document.getElementById("pd-reading-list");
    if (!list) return;
    usePapers(list.getAttribute("data-paper") || "");
    SHARE = list.getAttribute("data-share") || "";
    var status = document.getElementById("pd-reading-status");
    var actions = document.getElementById("pd-reading-actions");
    var shared = sharedLink(location.hash), notes = [], wanted;
    var extra = shared ? { f: shared.follows, w: shared } : { f: follow.follows(), w: follow.words() };
    var extras = extrasOf(extra.f, extra.w);
    if (shared) {
      var read = shared.papers, bad = read.bad + shared.bad;
      wanted = unique(read.list);
      if (bad) notes.push(plural(bad, "part", "parts") + " of this link could not be read and " +
                          (bad === 1 ? "was" : "were") + " left out.");
      if (extras) notes.push("It also carries " + plural(extra.f.length, "followed name", "followed names") + " and " +
                             plural(extra.w.inc.length + extra.w.exc.length, "word", "words") + ".");
    } else {
      var mine = keptList();
      wanted = mine.list;
      if (mine.unreadable) notes.push("The reading list stored in this browser could not be read; it is kept, " +
                                      "unchanged, under the key " + scoped(KEPT + ".unreadable") + ".");
      if (mine.ignored) notes.push(plural(mine.ignored, "stored entry was", "stored entries were") + " left out.");
    }
    if (wanted.length > MAX_KEPT) {
      notes.push((wanted.length - MAX_KEPT) + " papers past the first " + MAX_KEPT + " were left out.");
      wanted = wanted.slice(0, MAX_KEPT);
    }
    var papers = [], have = Object.create(null), asked = 0, url = null;
    function say(text) { status.textContent = [text].concat(notes).join(" "); }
    say(wanted.length ? "Loading " + plural(Math.min(PAGE, wanted.length), "paper", "papers") + "…"
      : shared ? "This link carries no papers." : "Your reading list is empty: press Keep (or s) on any paper.");
    function more() {
      var batch = wanted.slice(asked, asked + PAGE);
      asked += batch.length;
      return fetchAll(batch).then(function (got) {
        var moved = Object.create(null);
        got.forEach(function (p) {
          if (p.from) moved[p.from] = p.slug;
          if (have[p.slug]) return;  // twice in the list, or an old id and the current one
          have[p.slug] = true;
          papers.push(p);
          var li = el("li", { className: "pd-reading__item" });
          li.appendChild(el("a", { href: paperUrl(p.slug) }, p.title));
          if (!shared) li.appendChild(document.createTextNode(" ")), li.appendChild(keepButton(p.slug));
          list.appendChild(li);
        });
        if (!shared) adoptCurrent(moved);
        wanted = wanted.map(function (s) { return moved[s] || s; });
        draw();
      });
    }
    function draw() {
      actions.textContent = "";
      if (!papers.length && !extras) return;
      var rest = wanted.length - asked;
      if (papers.length) say((rest > 0 ? "Showing " + papers.length + " of " + unique(wanted).length + " papers" : plural(papers.length, "paper", "papers")) +
          (shared ? " in this shared list." : " kept in this browser."));
      var entries = papers.map(function (p) { return p.bibtex; }).filter(Boolean);
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([entries.join("\n\n") + "\n"], { type: "application/x-bibtex" }));
      if (entries.length) {
        actions.appendChild(el("a", { className: "md-button", download: "reading-list.bib", href: url },
                               "Download BibTeX (" + entries.length + ")"));
      }
      actions.appendChild(el("a", { className: "md-button pd-share",
                                    href: ROOT + SHARE + "#papers=" + unique(wanted).join(",") + extrasPart(extra.f, extra.w) },
                             "Link to this list"));
      if (rest > 0) {
        var next = el("button", { type: "button", className: "md-button" },
                      "Show " + Math.min(PAGE, rest) + " more");
        next.addEventListener("click", function () { next.disabled = true; more(); });
        actions.appendChild(next);
      }
      if (shared) {
        var adopt = el("button", { type: "button", className: "md-button" }, "Add these to my reading list");
        adopt.addEventListener("click", function () {
          var mine = kept();
          unique(wanted).forEach(function (s) { if (mine.indexOf(s) < 0 && mine.length < MAX_KEPT) mine.push(s); });
          save(KEPT, mine);
          var w = follow.words();
          save(follow.FOLLOW, follow.cleanFollows(follow.follows().concat(shared.follows)));
          save(follow.WORDS, { inc: follow.cleanWordList(w.inc.concat(shared.inc)), exc: follow.cleanWordList(w.exc.concat(shared.exc)) });
          adopt.textContent = "Added";
          adopt.disabled = true;
        });
        actions.appendChild(adopt);
      }
    }
    if (wanted.length) more(); else draw();
  }

  // What follow.js uses, beside what digest.js put here first (authorNames); follow.js sets
  // `follow` here (its functions) when it runs.
  var core = window.PaperDigest = Object.assign(window.PaperDigest || {}, {
    ROOT: ROOT, PAGE: PAGE, load: load, save: save, el: el, cards: cards, plural: plural,
    unique: unique, slugs: slugs, fetchAll: fetchAll, paperUrl: paperUrl, usePapers: usePapers, buttonsIn: buttonsIn
  });
  var follow = null;

  function start() {
    follow = core.follow;
    migrate();
    document.addEventListener("keydown", onKey);
    var full = load(FULL, false) === true;
    if (full) setFull(true);
    // A paper page (the one page kind with a BibTeX block): its slug is its address's last
    // segment (the site map's papers/{slug}/); it counts as seen.
    var m = /\/([^/]+)\/$/.exec(location.pathname);
    var here = m && SLUG.test(m[1]) && document.querySelector("pre.pd-bibtex") ? m[1] : null;
    formerOnPage(here);  // before any Keep button paints itself
    cards().forEach(function (c) {
      var slug = c.getAttribute("data-slug");
      var links = buttonsIn(c);
      if (slug && links && SLUG.test(slug)) links.appendChild(keepButton(slug));
    });
    if (here) {
      var seen = slugs(load(SEEN, []));
      if (seen.indexOf(here) < 0) { seen.push(here); save(SEEN, seen.slice(-5000)); }
      var h1 = document.querySelector("article.md-content__inner h1");
      if (h1) h1.after(keepButton(here));
    }
    follow.start(here);
    triageBar();
    markSeen();
    readingList();
    follow.followingPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
