// The dense list view (issue 19): one or two lines per paper, or the full cards. Loaded
// plain (not deferred) just above the cards of a day, week or topic page, so the reader's
// stored choice is on <html data-pd-view> before any card is laid out: nothing moves when
// the page paints. The look is all CSS (digest.css); a toggle button goes beside the
// "Sort and filter" fold; reader.js's `v` key presses it. Without JavaScript: full cards.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.parentNode) return;
  // Stored as reader.js stores its settings: JSON, under a key scoped to the site's path.
  var KEY = new URL(new URL("../", me.src).href).pathname + ".pd-view";
  var root = document.documentElement;
  function stored() {
    try { return JSON.parse(localStorage.getItem(KEY)) === "dense"; } catch (e) { return false; }
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "pd-view md-button";
  button.textContent = "Dense list";
  button.title = "One or two lines per paper (key: v)";
  function show(dense) {
    if (dense) root.setAttribute("data-pd-view", "dense"); else root.removeAttribute("data-pd-view");
    button.setAttribute("aria-pressed", dense ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var dense = !root.hasAttribute("data-pd-view");
    show(dense);
    try { localStorage.setItem(KEY, JSON.stringify(dense ? "dense" : "cards")); } catch (e) { /* private mode */ }
  });
  show(stored());
  me.parentNode.insertBefore(button, me.nextSibling);
})();
