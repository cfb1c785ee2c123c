// The lean pages' chrome (overrides/lean.html: paper, day and week pages), which load no
// theme bundle: what the theme's script did there, fetched once and cached instead of
// 100,000 pages carrying its configuration. Loaded plain in the header, so the reader's
// colour scheme is set before the page is painted. Text is set with textContent only.
// - The colour scheme: the one the reader chose on any page of the site (stored as the
//   theme stores it: "<site path>.__palette", {index, color}), else the first whose media
//   query matches; the header's toggle moves to the next, as the theme's does.
// - The header's search box, written as a link to the search page, made the box that
//   overrides/partials/header.html writes on the theme's pages.
// - The page's title in the header once its heading scrolls away, and Back to top.
(function () {
  "use strict";
  // What every lean page shares, from overrides/lean.html's <meta name="pd-..."> (written
  // here once at build time, not into 100,000 pages): palette, one scheme a part as
  // media|scheme|primary|accent|name|icon; top, the words of Back to top.
  var SHARED = {};  // filled in by the build (generator/site/leanassets.py)
  var script = document.currentScript;
  // The header's search box: the link lean.html writes becomes the form, its icon the
  // label, its name the box's name and placeholder.
  var link = document.querySelector("a.pd-header-search");
  if (link) {
    var form = document.createElement("form"), label = document.createElement("label");
    var input = document.createElement("input"), words = link.getAttribute("aria-label");
    form.className = "pd-header-search";
    form.action = link.getAttribute("href");
    form.setAttribute("role", "search");
    label.className = "md-header__button md-icon";
    label.htmlFor = input.id = "pd-q";
    label.append.apply(label, Array.prototype.slice.call(link.childNodes));
    input.type = "search";
    input.name = "q";
    input.placeholder = words;
    input.setAttribute("aria-label", words);
    input.autocomplete = "off";
    form.append(label, input);
    link.replaceWith(form);
  }
  // The site's root, from this script's own address (assets/lean.js), as the theme scopes it.
  var KEY = new URL("..", script.src).pathname + ".__palette";
  var options = SHARED.palette ? SHARED.palette.split(";").map(function (o) {
    var f = o.split("|");
    return { media: f[0], scheme: f[1], primary: f[2], accent: f[3], name: f[4], icon: f[5] };
  }) : [];
  // The toggle: the page's own when its icons are written inline (icons the sprite lacks),
  // else made here (not ~105 bytes on every page), where the template wrote it before: after
  // the title, before the search form, which this script follows (so the form, at the
  // header's right edge, stays put). Hidden until apply() gives it a scheme's name.
  var button = document.getElementById("pd-palette");
  var before = script.previousElementSibling || script;
  if (!button && options.some(function (o) { return o.icon; }) && before.parentNode) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon";
    button.id = "pd-palette";
    button.hidden = true;
    button.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "svg"))
      .appendChild(document.createElementNS("http://www.w3.org/2000/svg", "use"));
    before.parentNode.insertBefore(button, before);
  }
  function stored() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function apply(index, color, keep) {
    Object.keys(color).forEach(function (k) { document.body.setAttribute("data-md-color-" + k, color[k]); });
    if (keep) {
      try { localStorage.setItem(KEY, JSON.stringify({ index: index, color: color })); } catch (e) { /* private mode */ }
    }
    if (!button || !options[index]) return;
    var icons = button.querySelectorAll("svg"), use = button.querySelector("use");
    if (options[index].icon && use) {  // the one icon, drawn from the sprite beside this script
      use.setAttribute("href", new URL("icons.svg#" + options[index].icon, script.src).href);
    } else {  // one inline icon per scheme: the current one shown. An <svg> has no `hidden`
      // property (only HTML elements do): the attribute itself.
      Array.prototype.forEach.call(icons, function (svg, i) { svg.toggleAttribute("hidden", i !== index); });
    }
    button.title = options[index].name;
    button.setAttribute("aria-label", options[index].name);
    button.hidden = !options[index].name;
  }
  function colorOf(o) { return { media: o.media, scheme: o.scheme, primary: o.primary, accent: o.accent }; }
  function matching() {
    for (var i = 0; i < options.length; i++) if (options[i].media && matchMedia(options[i].media).matches) return i;
    return 0;
  }
  var palette = stored();
  if (palette && palette.color) {
    if (palette.color.media === "(prefers-color-scheme)" && options.length) {  // "follow the system"
      var auto = options[matching()];
      palette.color = colorOf(auto);
    }
    apply(typeof palette.index === "number" ? palette.index : 0, palette.color, false);
  } else if (options.length) {
    apply(matching(), colorOf(options[matching()]), false);
    options.forEach(function (o) {  // the system's scheme changes: follow it, as nothing was chosen
      if (!o.media) return;
      matchMedia(o.media).addEventListener("change", function (e) {
        if (e.matches && !stored()) apply(options.indexOf(o), colorOf(o), false);
      });
    });
  }
  if (button) {
    button.addEventListener("click", function () {
      var now = stored(), at = now && typeof now.index === "number" ? now.index : matching();
      var next = (at + 1) % options.length;
      apply(next, colorOf(options[next]), true);
    });
  }
  document.documentElement.classList.replace("no-js", "js");
  // The header's title: the page carries the site's name bare (not the theme's three nested
  // elements on 100,000 pages); built here into them before the body is painted, so it looks
  // and moves as on every other page.
  var title = document.querySelector(".md-header__title");
  if (title && !title.firstElementChild) {
    var ellipsis = document.createElement("div"), topic = document.createElement("div");
    var name = document.createElement("span");
    ellipsis.className = "md-header__ellipsis";
    topic.className = "md-header__topic";
    name.className = "md-ellipsis";
    name.textContent = title.textContent.trim();
    topic.appendChild(name);
    ellipsis.appendChild(topic);
    title.replaceChildren(ellipsis);
  }

  function start() {
    var header = document.querySelector(".md-header");
    var h1 = document.querySelector("article.md-content__inner h1"), main = document.querySelector(".md-main");
    if (title && h1 && "IntersectionObserver" in window) {
      var topic = document.createElement("div"), span = document.createElement("span");
      topic.className = "md-header__topic";
      span.className = "md-ellipsis";
      span.textContent = h1.textContent;
      topic.appendChild(span);
      title.firstElementChild.appendChild(topic);
      new IntersectionObserver(function (entries) {
        var e = entries[0];
        title.classList.toggle("md-header__title--active", !e.isIntersecting && e.boundingClientRect.top < 0);
      }, { rootMargin: "-" + (header ? header.offsetHeight : 0) + "px 0px 0px 0px" }).observe(h1);
    }
    if (!main) return;
    var top = document.createElement("button");
    top.type = "button";
    top.className = "md-top md-icon";
    top.hidden = true;
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    svg.setAttribute("viewBox", "0 0 24 24");
    use.setAttribute("href", new URL("icons.svg#material-arrow-up", script.src).href);
    svg.appendChild(use);
    top.appendChild(svg);
    top.appendChild(document.createTextNode(" " + (SHARED.top || "Back to top")));
    top.addEventListener("click", function () { top.blur(); window.scrollTo({ top: 0 }); });
    main.appendChild(top);
    // Shown while the reader scrolls back up past the header, as the theme shows it.
    var last = window.scrollY, tabs = document.querySelector(".md-tabs");
    window.addEventListener("scroll", function () {
      var y = window.scrollY, past = tabs ? tabs.offsetHeight : 0;
      top.hidden = !(y < last && y > past);
      if (header) header.classList.toggle("md-header--shadow", y > past);
      last = y;
    }, { passive: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
