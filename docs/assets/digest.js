// Renders the $math$ that the generator marked with .pd-math. KaTeX runs in its safe
// mode: no \href/\url to javascript:, no HTML extensions, bounded macro expansion and sizes.
// KaTeX's maxExpand bounds expansions, not output, so what it builds is bounded here too:
// the generator already refuses macro definitions and caps segments (generator/text.py);
// a segment is typeset off-page and kept only if it stays under MAX_NODES elements, and a
// page stops typesetting (leaving the TeX as text) once PAGE_NODES elements were added.
(function () {
  "use strict";
  var MAX_NODES = 1500;  // per segment: the sample's largest makes 175
  var PAGE_NODES = 40000;  // per page
  var OPTIONS = { throwOnError: false, trust: false, strict: "ignore", maxExpand: 200, maxSize: 20,
                  displayMode: false };
  // KaTeX (277 KB) is fetched only by pages that hold math, from beside this script.
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var katexLoading = null;
  function loadKatex() {
    if (!katexLoading) {
      katexLoading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = new URL("katex/katex.min.css", here).href;
        document.head.appendChild(css);
        var js = document.createElement("script");
        js.src = new URL("katex/katex.min.js", here).href;
        js.onload = resolve;
        js.onerror = reject;
        document.head.appendChild(js);
      });
    }
    return katexLoading;
  }
  // Math inside a folded abstract waits until the reader opens it: most pages then fetch
  // and run no KaTeX at all. The element budget is per page, however many folds are opened.
  var used = 0;
  function pending(root) {
    return Array.prototype.filter.call(root.querySelectorAll(".pd-math:not([data-pd-done])"),
      function (el) { return !el.closest("details:not([open])"); });
  }
  function render(root) {
    var todo = pending(root);
    if (!todo.length) return;
    if (typeof katex === "undefined") {
      loadKatex().then(function () { render(root); }, function () {});
      return;
    }
    todo.forEach(function (el) {
      var tex = el.textContent;
      el.setAttribute("data-pd-done", "");
      el.setAttribute("title", tex);
      if (used >= PAGE_NODES) return;
      var box = document.createElement("span");
      try {
        katex.render(tex, box, OPTIONS);
      } catch (e) {
        return;
      }
      var nodes = box.getElementsByTagName("*").length;
      used += nodes;
      if (nodes > MAX_NODES || used > PAGE_NODES) return;
      el.replaceChildren.apply(el, Array.prototype.slice.call(box.childNodes));
    });
  }
  // An old day's card (older than the newest 30: generator/render/pages.py) folds, in place
  // of its abstract, a link to the abstract on the paper's page: the fold's own <a> (an
  // inline abstract's children are <p>s). Opened, the fold fetches that page (this site, the
  // link's relative address) and copies the abstract in, rebuilt from its paragraphs, math
  // and text, each set as text: no markup of the fetched page is imported (its links become
  // their text). The link stays, hidden: the mark follow.js reads; shown again if the fetch
  // fails. "Show every abstract" opens every fold: PARALLEL at a time, and a fold closed
  // before its turn waits until it is opened again.
  var PARALLEL = 4, queue = [], running = 0;
  // The card carries the link alone, drawn as a closed fold (fragments.LAZY_ABSTRACT; without
  // a script it leads to the abstract): it becomes the fold here, before reader.js and
  // follow.js read the cards, with the link inside it.
  document.querySelectorAll("a.pd-abstract[href]").forEach(function (link) {
    var d = document.createElement("details"), summary = document.createElement("summary");
    d.className = "pd-abstract";
    summary.textContent = link.textContent;
    link.parentNode.replaceChild(d, link);
    link.removeAttribute("class");
    link.textContent = "On the paper's page";
    d.appendChild(summary);
    d.appendChild(link);
  });
  // Authors a card leaves out are in its text, hidden (fragments._authors): every name on
  // hover, as the whole list in the title, which the page need not carry twice.
  document.querySelectorAll(".pd-authors > .pd-more").forEach(function (more) {
    more.parentNode.title = more.parentNode.textContent;
  });
  // Every author of a card (or a paper page), read from its .pd-authors text, those a long
  // list leaves out included: names joined by ", ", a name's own ", " with a no-break space
  // (fragments.author_names), a space again here. Shared with follow.js (window.PaperDigest).
  function authorNames(box) {
    var a = box.querySelector(".pd-authors");
    return a ? a.textContent.split(", ").map(function (n) { return n.replace(/\u00a0/g, " "); }) : [];
  }
  window.PaperDigest = { authorNames: authorNames };
  // COinS (an OpenURL ContextObject in an empty span.Z3988), made here from each day card
  // (those with data-pub: fragments._coins_data) and appended at its end, before reader.js
  // and follow.js add to the cards and KaTeX typesets a title: Zotero's browser connector
  // looks for them once the page has loaded and offers the day's papers as a list to save.
  // Only what Zotero's COinS translator reads (zotero/utilities openurl.js,
  // parseContextObject): the format (its item type), the title, each author once as rft.au
  // (an author also given as aufirst/aulast comes twice), at most COINS_AUTHORS, the date,
  // the journal (arXiv, unless the card's data-noarxiv says its id is none: a flag, as the
  // card's arXiv link is no sign of an arXiv id, a paper may have either without the other)
  // and the arXiv page (its URL). Without an author Zotero would look each paper up again;
  // ctx_ver, rft.genre and an info:arxiv id it never reads. Every value is percent-encoded
  // (no "&", "=", "+" or "%" stays raw, so the fields are joined by "&"); Zotero decodes a
  // value by decodeURIComponent after turning each "+" and "%2B" into a space (a title's "+"
  // reaches it as a space, however encoded); URLSearchParams gets every value back exactly.
  var COINS_AUTHORS = 20;
  function kev(name, value) { return name + "=" + encodeURIComponent(value); }
  // The title as written: its math is a .pd-math span of the TeX without its "$"s
  // (html.title_html); a title's "$$...$$" comes back as "$...$".
  function titleText(link) {
    return Array.prototype.map.call(link.childNodes, function (n) {
      var math = n.nodeType === Node.ELEMENT_NODE && n.classList.contains("pd-math");
      return math ? "$" + n.textContent + "$" : n.textContent;
    }).join("");
  }
  // The arXiv link is labelled "arXiv" (fragments.LINK_LABELS; a host after it where it leaves
  // arxiv.org), the first of the card's links when there is one.
  function arxivLink(card) {
    var a = card.querySelector(".pd-links > a");
    return a && a.firstChild && a.firstChild.nodeType === Node.TEXT_NODE &&
      a.firstChild.nodeValue.trim() === "arXiv" ? a.getAttribute("href") : null;
  }
  document.querySelectorAll("article.pd-card[data-pub]").forEach(function (card) {
    var title = card.querySelector(".pd-card__title > a");
    var fields = ["rft_val_fmt=info:ofi/fmt:kev:mtx:journal", kev("rft.atitle", title ? titleText(title) : "")];
    authorNames(card).slice(0, COINS_AUTHORS).forEach(function (name) { fields.push(kev("rft.au", name)); });
    if (card.dataset.pub) fields.push(kev("rft.date", card.dataset.pub));
    if (!card.hasAttribute("data-noarxiv")) fields.push("rft.jtitle=arXiv");
    var arxiv = arxivLink(card);
    // The URL keeps its ":" and "/" (decodeURIComponent leaves them as they are).
    if (arxiv) fields.push(kev("rft_id", arxiv).replace(/%3A/g, ":").replace(/%2F/g, "/"));
    var span = document.createElement("span");
    span.className = "Z3988";
    span.setAttribute("title", fields.join("&"));
    card.appendChild(span);
  });
  function pageLink(d) {
    return d.classList.contains("pd-abstract") ? d.querySelector(":scope > a[href]") : null;
  }
  function fetchAbstract(d) {
    var link = pageLink(d);
    if (!link || link.hidden || d.hasAttribute("aria-busy")) return;
    var url = new URL(link.getAttribute("href"), document.baseURI);
    if (url.origin !== location.origin) return;
    url.hash = "";
    d.setAttribute("aria-busy", "true");
    queue.push({ d: d, link: link, url: url.href });
    pump();
  }
  function pump() {
    while (running < PARALLEL && queue.length) {
      var job = queue.shift();
      if (!job.d.open) { job.d.removeAttribute("aria-busy"); continue; }
      running += 1;
      copyAbstract(job).then(function () { running -= 1; pump(); });
    }
  }
  function copyAbstract(job) {
    return fetch(job.url).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      // An inert document: nothing in it runs or loads; only its text is read back out.
      var from = new DOMParser().parseFromString(html, "text/html").querySelector("div.pd-abstract");
      var paras = from ? Array.prototype.filter.call(from.children, function (n) { return n.tagName === "P"; }) : [];
      if (!paras.length) throw new Error("no abstract");
      paras.forEach(function (n) { job.d.insertBefore(paragraph(n), job.link); });
      job.link.hidden = true;
      render(job.d);
    }).catch(function () { /* the link stays: the abstract is one click away */ }).then(function () {
      job.d.removeAttribute("aria-busy");
    });
  }
  function paragraph(from) {
    var p = document.createElement("p");
    Array.prototype.forEach.call(from.childNodes, function (n) {
      var math = n.nodeType === Node.ELEMENT_NODE && n.tagName === "SPAN" && n.classList.contains("pd-math");
      if (math) {
        var span = document.createElement("span");
        span.className = "pd-math";
        span.textContent = n.textContent;
        p.appendChild(span);
      } else if (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.ELEMENT_NODE) {
        p.appendChild(document.createTextNode(n.textContent));
      }
    });
    return p;
  }
  document.addEventListener("toggle", function (e) {
    if (!(e.target instanceof HTMLDetailsElement) || !e.target.open) return;
    fetchAbstract(e.target);
    render(e.target);
  }, true);
  // The search page: Pagefind's own small API (no UI bundle) over the day pages, one
  // record per day and one sub-result per paper card. The query comes from the header's
  // box (?q=); results are drawn as text, and excerpts keep only Pagefind's <mark>s.
  var PAGE = 5;  // day records fetched per "More results": each brings up to 20 cards
  // Pagefind's excerpt is HTML: escaped text, and <mark> around the words found. It is
  // rebuilt from text nodes and <mark>s, every value set as text (never markup from the
  // index into the page): split at the marks, entities decoded here. (A DOMParser per
  // excerpt did the same at three times the main-thread time: 100 excerpts a page.)
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };
  function decode(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, function (all, name) {
      if (name.charAt(0) !== "#") return ENTITIES[name] || all;
      var code = /^#[xX]/.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10FFFF ? String.fromCodePoint(code) : all;
    });
  }
  function excerptNodes(excerpt) {
    var nodes = [], marked = false;
    excerpt.split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        marked = piece === "<mark>";
      } else if (piece) {
        var node = marked ? document.createElement("mark") : document.createTextNode("");
        node.textContent = decode(piece);
        nodes.push(node);
      }
    });
    return nodes;
  }
  // Pagefind matches a query's words anywhere on a day page; a card is shown when it holds
  // every word itself (by the positions of each word's own search), else the cards that
  // hold the most of them.
  async function positions(pagefind, q) {
    var words = q.split(/\s+/).filter(Boolean);
    if (words.length < 2) return [];
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var found = await pagefind.search(words[i]);
      var at = {};
      (found ? found.results : []).forEach(function (r) { at[r.id] = new Set(r.words); });
      out.push(at);
    }
    return out;
  }
  function cards(id, data, perWord) {
    var subs = (data.sub_results || []).filter(function (s) { return s.anchor; });
    if (!subs.length) subs = [{ url: data.url, title: data.meta && data.meta.title, excerpt: data.excerpt, locations: [] }];
    var covered = function (s) {
      return perWord.filter(function (at) {
        var mine = at[id];
        return mine && (s.locations || []).some(function (n) { return mine.has(n); });
      }).length;
    };
    var hits = function (s) { return (s.locations || []).length; };
    var best = Math.max.apply(null, subs.map(covered));
    return subs.filter(function (s) { return covered(s) === best; })
               .sort(function (a, b) { return hits(b) - hits(a); });
  }
  // A result's day, read from its address by the site map's day pattern (data-day, e.g.
  // "days/{date}/", from generator/urls.py).
  var DAY = null;
  function day(url) {
    var m = DAY && DAY.exec(url);
    return m ? m[1] : "";
  }
  function dayPattern(pattern) {
    var parts = pattern.split("{date}").map(function (s) { return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"); });
    return parts.length === 2 ? new RegExp("/" + parts[0] + "(\\d{4}-\\d{2}-\\d{2})" + parts[1]) : null;
  }
  // Filters and sort, from the query string (a filtered search is a link). A Pagefind record
  // is a day: its filters are the union of its papers' (generator/site/search.py), so a
  // day is found when any paper matches, and only the cards that match themselves are shown,
  // by the card data in the day's `cards` meta: [title, topic slugs, has code, pick].
  // "Followed" keeps the cards of papers by the names this reader follows (follow.js, kept in
  // the browser): their papers come from the Following page's index of names, a shard per
  // name, so the search index carries no name for it (0 bytes a paper).
  var CONTROLS = { q: "pd-words", topic: "pd-topic", year: "pd-year", code: "pd-code", pick: "pd-pick",
                   followed: "pd-followed", sort: "pd-sort" };
  function readState(params) {
    var state = {};
    Object.keys(CONTROLS).forEach(function (k) { state[k] = (params.get(k) || "").trim(); });
    return state;
  }
  function fillForm(state) {
    Object.keys(CONTROLS).forEach(function (k) {
      var el = document.getElementById(CONTROLS[k]);
      if (!el) return;
      if (el.type === "checkbox") el.checked = state[k] === "1";
      else el.value = state[k];
      if (el.tagName === "SELECT" && el.selectedIndex < 0) el.value = "";
    });
  }
  // Empty controls are left out of the address, so links stay short.
  function watchForm() {
    var form = document.getElementById("pd-filters");
    if (!form) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (v, k) { if (String(v).trim()) params.append(k, String(v).trim()); });
      var qs = params.toString();
      window.location.assign(window.location.pathname + (qs ? "?" + qs : ""));
    });
  }
  // A card's anchor on its day page from its paper's slug: generator/ids.py's `anchor`.
  function anchorOf(slug) { return "p-" + slug.replace(/\./g, "-"); }
  function followedAnchors(list) {
    var F = window.PaperDigest && window.PaperDigest.follow;
    if (!F) return Promise.resolve(null);
    return F.followedPapers(list.getAttribute("data-names") || "", Number(list.getAttribute("data-name-shards")) || 1)
      .then(function (slugs) {
        if (!slugs) return null;
        var out = new Set();
        Object.keys(slugs).forEach(function (slug) { out.add(anchorOf(slug)); });
        return out;
      });
  }
  function cardMatches(card, anchor, when, state, mine) {
    if (state.year && when.slice(0, 4) !== state.year) return false;
    if (state.followed && !(anchor && mine && mine.has(anchor))) return false;
    if (!card) return !(state.topic || state.code || state.pick);
    return (!state.topic || card[1].indexOf(state.topic) >= 0) && (!state.code || card[2] === 1) &&
           (!state.pick || card[3] === 1);
  }
  // The index comes in parts of about 25,000 papers, oldest first (generator/site/search.py):
  // the first is Pagefind's own bundle, whose entry file lists the others, merged here. Each
  // part is tagged with its number (a filter made in the browser, not in the index), so that
  // a search by date can run part by part, newest first: Pagefind orders merged results by
  // score, and a sorted search scores a day by its rank within its own part.
  async function mergeParts(pagefind, bundle) {
    var entry = await (await fetch(new URL("pagefind-entry.json", bundle), { cache: "no-cache" })).json();
    var more = Array.isArray(entry.parts) ? entry.parts : [];
    if (!more.length) return 1;
    await pagefind.options({ mergeFilter: { part: "1" } });
    await Promise.all(more.map(function (folder, i) {
      return pagefind.mergeIndex(new URL(folder, bundle).pathname, { mergeFilter: { part: String(i + 2) } });
    }));
    return more.length + 1;
  }
  async function searchParts(pagefind, q, byDate, parts) {
    if (!byDate || parts < 2) {
      var found = await pagefind.search(q, byDate ? { sort: { date: "desc" } } : {});
      return found ? found.results : [];
    }
    var results = [];
    for (var n = parts; n >= 1; n--) {
      var part = await pagefind.search(q, { sort: { date: "desc" }, filters: { part: String(n) } });
      if (part) results = results.concat(part.results);
    }
    return results;
  }
  async function search() {
    var list = document.getElementById("pd-results");
    if (!list) return;
    watchForm();
    DAY = dayPattern(list.getAttribute("data-day") || "");
    var status = document.getElementById("pd-search-status");
    var state = readState(new URLSearchParams(window.location.search));
    fillForm(state);
    var q = state.q;
    var box = document.getElementById("pd-q");
    if (box) box.value = q;
    var filters = {};
    ["topic", "year", "code", "pick", "followed"].forEach(function (k) {
      if (state[k]) filters[k] = state[k];
    });
    // Filters narrow a search for words: a search by filters alone makes Pagefind fetch most
    // of the index (about 15 MB at 25,000 papers); topic, week and archive pages list by date.
    if (!q) {
      if (Object.keys(filters).length) status.textContent = "Type a word or two: the filters narrow what they find.";
      return;
    }
    status.textContent = "Searching…";
    var mine = null;
    if (state.followed) {
      try {
        mine = await followedAnchors(list);
      } catch (e) {
        status.textContent = "The index of names could not be loaded.";
        return;
      }
      if (!mine) {
        status.textContent = "You follow no one yet: press Follow on any card or paper page, then search again.";
        return;
      }
    }
    var pagefind, parts;
    try {
      var bundle = new URL(list.getAttribute("data-pagefind"), document.baseURI);
      pagefind = await import(bundle.href);
      var root = new URL(list.getAttribute("data-root"), document.baseURI).pathname;
      await pagefind.options({ baseUrl: root, excerptLength: 30 });
      parts = await mergeParts(pagefind, bundle);
    } catch (e) {
      status.textContent = "Search is not available on this copy of the site (no search index).";
      return;
    }
    // Topic, year, code, pick and followed are checked card by card below (the index has no filters).
    var results = await searchParts(pagefind, q, state.sort === "date", parts);
    var perWord = await positions(pagefind, q);
    var what = " for “" + q + "”";
    var narrowed = Object.keys(filters).length > 0;  // cards are filtered as they load
    status.textContent = !results.length ? "No paper matches" + what.slice(4)
      : narrowed ? "Papers" + what + " that match the filters"
      : "Matching papers on " + results.length + (results.length === 1 ? " day" : " days") + what;
    var shown = 0;
    async function more() {
      var slice = results.slice(shown, shown + PAGE);
      var batch = await Promise.all(slice.map(function (r) { return r.data(); }));
      shown += batch.length;
      batch.forEach(function (data, i) {
        // The cards as written (see generator/site/search.py), by anchor id.
        var meta = {};
        try { meta = JSON.parse((data.meta && data.meta.cards) || "{}"); } catch (e) { meta = {}; }
        cards(slice[i].id, data, perWord).filter(function (sub) {
          var anchor = sub.anchor ? sub.anchor.id : "";
          return cardMatches(anchor ? meta[anchor] : null, anchor, day(sub.url), state, mine);
        }).forEach(function (sub) {
          var li = document.createElement("li");
          li.className = "pd-result";
          var a = document.createElement("a");
          a.className = "pd-result__title";
          a.href = sub.url;
          var anchor = sub.anchor && sub.anchor.id;
          a.textContent = (anchor && meta[anchor] && meta[anchor][0]) || sub.title || sub.url;
          var when = document.createElement("span");
          when.className = "pd-result__day";
          when.textContent = day(sub.url);
          var p = document.createElement("p");
          p.className = "pd-result__excerpt";
          p.replaceChildren.apply(p, excerptNodes(sub.excerpt || ""));
          li.appendChild(a);
          li.appendChild(when);
          li.appendChild(p);
          list.appendChild(li);
        });
      });
      var old = document.getElementById("pd-more");
      if (old) old.remove();
      if (shown < results.length) {
        var button = document.createElement("button");
        button.id = "pd-more";
        button.className = "md-button";
        button.textContent = "More results";
        button.addEventListener("click", more);
        list.after(button);
      }
    }
    // Filters may drop every card of the first days fetched: fetch on until one shows.
    do { await more(); } while (narrowed && shown < results.length && !list.querySelector(".pd-result"));
    if (narrowed && shown >= results.length && !list.querySelector(".pd-result")) {
      status.textContent = "No paper matches" + what.slice(4) + " and the filters";
    }
  }
  document.addEventListener("DOMContentLoaded", search);
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function () { used = 0; render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
