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
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
