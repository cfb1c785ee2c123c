// Following authors and labs, and the reader's own words (issue 19): follow buttons and
// marks on cards and paper pages, include/exclude words, and the Following page. Loaded right
// after reader.js, whose helpers it uses (window.PaperDigest, the one name the scripts share);
// reader.js calls it from its own start, so cards are marked before they are sorted. Names and
// words come from the content or the reader: they are only ever compared and set as text.
(function () {
  "use strict";
  var core = window.PaperDigest;
  if (!core) return;
  var load = core.load, save = core.save, el = core.el, cards = core.cards, plural = core.plural;
  var unique = core.unique, slugs = core.slugs, fetchAll = core.fetchAll, paperUrl = core.paperUrl;
  var ROOT = core.ROOT, PAGE = core.PAGE;

  // A follow is {k: "a" (author) or "o" (organization), n: the name as shown}; it matches by
  // key, k + ":" + the name normalized as generator/render/follow.py normalizes it. Names come
  // from the content: they are only ever compared and set as text.
  var FOLLOW = "pd-follow", WORDS = "pd-words", MAX_FOLLOW = 500, MAX_NAME = 300, MAX_WORDS = 200, MAX_WORD = 100;
  function normal(name) { return String(name).normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" "); }
  function followKey(f) { return f.k + ":" + normal(f.n); }
  function cleanFollows(list) {
    var seen = Object.create(null);
    return (Array.isArray(list) ? list : []).filter(function (f) {
      if (!f || (f.k !== "a" && f.k !== "o") || typeof f.n !== "string" || !normal(f.n) || f.n.length > MAX_NAME) return false;
      var key = followKey(f);
      if (seen[key]) return false;
      seen[key] = true; return true;
    }).slice(0, MAX_FOLLOW).map(function (f) { return { k: f.k, n: f.n }; });
  }
  function follows() { return cleanFollows(load(FOLLOW, [])); }
  function followed() {
    var keys = Object.create(null);
    follows().forEach(function (f) { keys[followKey(f)] = f.n; });
    return keys;
  }
  function toggleFollow(f) {
    var list = follows(), key = followKey(f), at = -1;
    list.forEach(function (g, i) { if (followKey(g) === key) at = i; });
    if (at >= 0) list.splice(at, 1); else if (list.length < MAX_FOLLOW) list.push({ k: f.k, n: f.n });
    save(FOLLOW, list);
    paintFollows();
  }
  function cleanWordList(list) {
    var seen = Object.create(null);
    return (Array.isArray(list) ? list : []).map(function (w) {
      return typeof w === "string" ? w.split(/\s+/).filter(Boolean).join(" ") : "";
    }).filter(function (w) {
      if (!wordText(w) || w.length > MAX_WORD || seen[wordText(w)]) return false;
      seen[wordText(w)] = true; return true;
    }).slice(0, MAX_WORDS);
  }
  function words() {
    var v = load(WORDS, {});
    v = v && typeof v === "object" ? v : {};
    return { inc: cleanWordList(v.inc), exc: cleanWordList(v.exc) };
  }
  // Words match whole words (or phrases) of letters and digits, case and accents' forms folded.
  function wordText(text) { return normal(String(text)).replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }
  // A card on an old day (its abstract a link to the paper's page: digest.js) matches by its
  // title, TL;DR, authors, organization and topics, never by its abstract, not even once a
  // reader opened it: a card does not start or stop matching because it was opened.
  function cardText(c) {
    return " " + wordText(Array.prototype.filter.call(
      c.querySelectorAll(".pd-card__title, .pd-tldr, .pd-abstract, .pd-authors, .pd-org, .pd-tags"),
      function (n) { return !(n.matches(".pd-abstract") && n.querySelector(":scope > a")); }
    ).map(function (n) { return n.textContent; }).join(" ")) + " ";
  }
  function matching(c, list) {
    var text = cardText(c);
    return list.filter(function (w) { return text.indexOf(" " + wordText(w) + " ") >= 0; });
  }
  // A card's (or the paper page's) authors and organization, from what the page shows: every
  // author (digest.js's authorNames) and the organization.
  function namesIn(box) {
    var out = [];
    core.authorNames(box).forEach(function (n) {
      if (normal(n) && n.length <= MAX_NAME) out.push({ k: "a", n: n });
    });
    var org = box.querySelector(".pd-org");
    if (!org) {  // the paper page: its record's Organization row
      Array.prototype.forEach.call(box.querySelectorAll(".pd-record dt"), function (dt) {
        if (dt.textContent === "Organization") org = dt.nextElementSibling;
      });
    }
    if (org && normal(org.textContent) && org.textContent.length <= MAX_NAME) out.push({ k: "o", n: org.textContent });
    return out;
  }
  function short(name) { return name.length > 40 ? name.slice(0, 39) + "…" : name; }
  function followButton(f) {
    var b = el("button", { type: "button", className: "pd-follow md-button", "data-key": followKey(f) });
    b.addEventListener("click", function () { toggleFollow(f); });
    paintFollow(b, followed(), f);
    return b;
  }
  function paintFollow(b, keys, f) {
    var on = !!keys[b.getAttribute("data-key")];
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = (on ? "Following ✓ " : "Follow ") + short(f.n);
    // The whole name (a long one is cut short on the button), the visible words first.
    b.setAttribute("aria-label", (on ? "Following ✓ " : "Follow ") + f.n + (f.k === "o" ? " (organization)" : ""));
  }
  var followButtons = [];
  function addFollowButtons(box, where, all) {
    var names = namesIn(box);
    names = all ? names.slice(0, 20).concat(names.slice(20).filter(function (f) { return f.k === "o"; }))
      : names.filter(function (f, i) { return i === 0 || f.k === "o"; });
    names.forEach(function (f) {
      var b = followButton(f);
      followButtons.push([b, f]);
      where.appendChild(document.createTextNode(" "));
      where.appendChild(b);
    });
  }
  function paintFollows() {
    var keys = followed();
    followButtons.forEach(function (bf) { paintFollow(bf[0], keys, bf[1]); });
    cards().forEach(function (c) {
      var who = namesIn(c).filter(function (f) { return keys[followKey(f)]; });
      c.classList.toggle("pd-card--followed", who.length > 0);
      var badge = c.querySelector(".pd-followed");
      if (!who.length) { if (badge) badge.remove(); return; }
      if (!badge) {
        badge = el("p", { className: "pd-followed" });
        var title = c.querySelector(".pd-card__title");
        if (title) title.after(badge); else c.prepend(badge);
      }
      badge.textContent = "Following: " + who.map(function (f) { return f.n; }).join(", ");
    });
  }
  function paintWords() {
    var inc = words().inc;
    cards().forEach(function (c) {
      var hit = matching(c, inc), badge = c.querySelector(".pd-words");
      c.classList.toggle("pd-card--include", hit.length > 0);
      if (!hit.length) { if (badge) badge.remove(); return; }
      if (!badge) {
        badge = el("p", { className: "pd-words" });
        var title = c.querySelector(".pd-card__title");
        if (title) title.after(badge); else c.prepend(badge);
      }
      badge.textContent = "Your words: " + hit.join(", ");
    });
  }
  function startFollow(here) {
    cards().forEach(function (c) {
      var links = core.buttonsIn(c);
      if (links) addFollowButtons(c, links, false);
    });
    if (here) {
      // Below the abstract, beside the paper's links: nothing the reader sees first moves.
      var article = document.querySelector("article.md-content__inner");
      var links = article && article.querySelector(":scope > .pd-links");
      if (links) {
        var row = el("p", { className: "pd-follow-row" }, "Follow:");
        addFollowButtons(article, row, true);
        if (row.childNodes.length > 1) links.after(row);
      }
    }
    paintFollows();
    paintWords();
  }

  // -- the build's index of names: the Following page and the search's "followed" filter ------
  // Each followed name's papers come from one shard of the build's index (FOLLOW_PATTERN,
  // generator/render/follow.py): {key: [slug, ...]} newest first, a shard a file chosen by a
  // hash of the key, each fetched once a page. `papersOf(key)` is a promise of the slugs.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }
  // A shard is stored gzipped (follow.py); a host that sends it with Content-Encoding: gzip
  // has unpacked it already, so the bytes say which it is (gzip's magic number 1f 8b).
  function gunzipJson(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }
  function nameIndex(pattern, shards) {
    var asked = Object.create(null);
    return function papersOf(key) {
      var n = fnv1a(key) % shards;
      if (!asked[n]) {
        asked[n] = fetch(ROOT + pattern.replace("{shard}", String(n))).then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.arrayBuffer();
        }).then(gunzipJson);
      }
      return asked[n].then(function (index) {
        return index && Object.prototype.hasOwnProperty.call(index, key) ? indexSlugs(index[key]) : [];
      });
    };
  }
  // Every paper of every name this reader follows, as a set of slugs (null: follows no one).
  function followedPapers(pattern, shards) {
    var list = follows(), papersOf = nameIndex(pattern, shards);
    if (!list.length) return Promise.resolve(null);
    return Promise.all(list.map(function (f) { return papersOf(followKey(f)); })).then(function (all) {
      var out = Object.create(null);
      all.forEach(function (some) { some.forEach(function (slug) { out[slug] = true; }); });
      return out;
    });
  }

  // -- the Following page ----------------------------------------------------------------------
  // Titles from the papers' own pages, PAGE at a time, as on the reading list.
  function followingPage() {
    var box = document.getElementById("pd-following");
    if (!box) return;
    core.usePapers(box.getAttribute("data-paper") || "");
    var pattern = box.getAttribute("data-index") || "", shards = Number(box.getAttribute("data-shards")) || 1;
    var status = document.getElementById("pd-following-status"), list = follows(), papersOf = nameIndex(pattern, shards);
    status.textContent = list.length ? "Following " + plural(list.length, "name", "names") + " in this browser."
      : "You follow no one yet: press Follow on any card or paper page (or f on a card).";
    list.forEach(function (f) {
      var key = followKey(f), section = el("section", { className: "pd-following__name" });
      var h2 = el("h2", {}, f.n + (f.k === "o" ? " (organization)" : ""));
      var count = el("p", { className: "pd-following__count" }, "Loading…");
      var ol = el("ol", { className: "pd-reading" }), actions = el("p", { className: "pd-reading-actions" });
      var b = followButton(f);
      followButtons.push([b, f]);
      section.appendChild(h2); section.appendChild(count); section.appendChild(ol); section.appendChild(actions);
      actions.appendChild(b);
      box.appendChild(section);
      papersOf(key).then(function (slugs) {
        count.textContent = slugs.length ? plural(slugs.length, "paper", "papers") + " in the archive, newest first."
          : "No papers of this name in the archive.";
        var at = 0;
        function more() {
          var batch = slugs.slice(at, at + PAGE);
          at += batch.length;
          Array.prototype.slice.call(actions.childNodes, 1).forEach(function (n) { n.remove(); });
          return fetchAll(batch).then(function (got) {
            got.forEach(function (p) {
              var li = el("li", { className: "pd-reading__item" });
              li.appendChild(el("a", { href: paperUrl(p.slug) }, p.title));
              ol.appendChild(li);
            });
            if (at < slugs.length) {
              var next = el("button", { type: "button", className: "md-button" },
                            "Show " + Math.min(PAGE, slugs.length - at) + " more");
              next.addEventListener("click", function () { next.disabled = true; more(); });
              actions.appendChild(next);
            }
          });
        }
        return more();
      }).catch(function () { count.textContent = "The index of names could not be loaded."; });
    });
  }
  function indexSlugs(list) { return Array.isArray(list) ? unique(slugs(list)) : []; }

  core.follow = {
    FOLLOW: FOLLOW, WORDS: WORDS, start: startFollow, followingPage: followingPage,
    follows: follows, cleanFollows: cleanFollows, followed: followed, followKey: followKey,
    toggleFollow: toggleFollow, namesIn: namesIn, followedPapers: followedPapers,
    words: words, cleanWordList: cleanWordList, matching: matching, paintWords: paintWords
  };
})();
