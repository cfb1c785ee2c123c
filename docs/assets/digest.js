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
  // The search page: Pagefind's UI over the paper pages; ?q= from the header's search box.
  function search() {
    var box = document.getElementById("pd-search");
    if (!box || typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({ element: "#pd-search", showSubResults: false, showImages: false,
                              resetStyles: false, excerptLength: 30 });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
  document.addEventListener("DOMContentLoaded", search);
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
