// Renders the $math$ that the generator marked with .pd-math. KaTeX runs in its safe
// mode: no \href/\url to javascript:, no HTML extensions, bounded macro expansion.
(function () {
  "use strict";
  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".pd-math:not([data-pd-done])").forEach(function (el) {
      var tex = el.textContent;
      el.setAttribute("data-pd-done", "");
      try {
        katex.render(tex, el, { throwOnError: false, trust: false, strict: "ignore",
                                maxExpand: 200, maxSize: 20, displayMode: false });
        el.setAttribute("title", tex);
      } catch (e) {
        el.textContent = tex;
      }
    });
  }
  // The search page: Pagefind's own small API (no UI bundle), over the paper pages. The
  // query comes from the header's box (?q=); results are drawn as text, and excerpts keep
  // only Pagefind's <mark> highlights.
  var PAGE = 10;
  function excerptHTML(excerpt) {
    return excerpt.replace(/<(?!\/?mark>)/g, "&lt;");
  }
  async function search() {
    var list = document.getElementById("pd-results");
    if (!list) return;
    var status = document.getElementById("pd-search-status");
    var q = (new URLSearchParams(window.location.search).get("q") || "").trim();
    var box = document.getElementById("pd-q");
    if (box) box.value = q;
    if (!q) return;
    status.textContent = "Searching…";
    var pagefind;
    try {
      pagefind = await import(new URL(list.getAttribute("data-pagefind"), document.baseURI).href);
      var root = new URL(list.getAttribute("data-root"), document.baseURI).pathname;
      await pagefind.options({ baseUrl: root, excerptLength: 30 });
    } catch (e) {
      status.textContent = "Search is not available on this copy of the site (no search index).";
      return;
    }
    var found = await pagefind.search(q);
    var results = found ? found.results : [];
    status.textContent = results.length + (results.length === 1 ? " result" : " results") + " for “" + q + "”";
    var shown = 0;
    async function more() {
      var batch = await Promise.all(results.slice(shown, shown + PAGE).map(function (r) { return r.data(); }));
      shown += batch.length;
      batch.forEach(function (data) {
        var li = document.createElement("li");
        li.className = "pd-result";
        var a = document.createElement("a");
        a.className = "pd-result__title";
        a.href = data.url;
        a.textContent = (data.meta && data.meta.title) || data.url;
        var p = document.createElement("p");
        p.className = "pd-result__excerpt";
        p.innerHTML = excerptHTML(data.excerpt || "");
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
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
    await more();
  }
  document.addEventListener("DOMContentLoaded", search);
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
