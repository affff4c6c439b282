/* Search online with Pagefind, in Material's own search box and result list.

   overrides/main.html adds this script the first time the reader opens or focuses search on
   the online site (never from file://, where Material's own index answers). Pagefind's index
   (pagefind/, written after either engine by scripts/pagefind.py) comes in chunks: a query
   fetches the chunks of its words and the fragments of the results shown, so the bytes of a
   first search do not grow with the handbook. Material's request for its whole index stays
   held; if Pagefind cannot load (no pagefind/ folder, as under `make serve`), it is released
   and Material's search answers as shipped.

   Results are written as Material writes them (.md-search-result__item, its links and
   articles), so its styles, keyboard keys and share button work unchanged. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script.src);
  var input = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var fallback = window.__mspSearchFallback || function () {};
  if (!input || !meta || !list) return fallback();
  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var words = (config && config.translations) || {};
  var text = function (key, fallbackText) { return words[key] || fallbackText; };
  // Short and common words are dropped (overrides/main.html's list): each would fetch an index
  // chunk and match nearly every page.
  var stop = window.__mspStopWords || /^$/;
  var SHOWN = 10;
  var SECTIONS = 3;
  var latest = 0;

  function terms(query) {
    return query.split(/\s+/).filter(function (w) {
      return w && (/^[+-]|[~^*]/.test(w) ? false : !(w.length < 3 || stop.test(w)));
    }).join(" ");
  }

  function element(name, className, content) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined) node.innerHTML = content;
    return node;
  }

  // Pagefind's excerpts are escaped text with <mark> around the matches: only those marks are kept.
  function excerpt(html) {
    return String(html || "").replace(/<(?!\/?mark>)[^>]*>/g, "");
  }

  function escape(value) {
    return String(value || "").replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function link(href, heading, level, body, icon) {
    var a = element("a", "md-search-result__link");
    a.href = new URL(href, location.href).href;  // absolute, as Material writes its results' links
    a.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    if (icon) article.appendChild(element("div", "md-search-result__icon md-icon"));
    article.appendChild(element(level, "", escape(heading)));
    if (body) article.appendChild(element("p", "", body));
    a.appendChild(article);
    return a;
  }

  function weight(section) {
    return (section.weighted_locations || []).reduce(function (sum, l) { return sum + (l.weight || 1); }, 0);
  }

  // search.highlight: each result's address carries the query's words (?h=), which the page it
  // leads to marks with Pagefind's highlighter (overrides/main.html), as Material's results do.
  var highlight = (config.features || []).indexOf("search.highlight") >= 0;
  var marked = "";

  function address(url) {
    if (!highlight || !marked) return url;
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    return path + "?h=" + encodeURIComponent(marked).replace(/%20/g, "+") + (hash < 0 ? "" : url.slice(hash));
  }

  function item(data) {
    var li = element("li", "md-search-result__item");
    var title = data.meta && data.meta.title || data.url;
    li.appendChild(link(address(data.url), title, "h1", excerpt(data.excerpt), true));
    // The page's own heading is a section too (it has an anchor); listed again under the page,
    // it repeated the page's title and excerpt.
    var sections = (data.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0 && s.title !== title; });
    sections.sort(function (a, b) { return weight(b) - weight(a); });
    sections.slice(0, SECTIONS).forEach(function (s) {
      li.appendChild(link(address(s.url), s.title, "h2", excerpt(s.excerpt), false));
    });
    return li;
  }

  function count(n) {
    if (n === 0) return text("search.result.none", "No matching documents");
    if (n === 1) return text("search.result.one", "1 matching document");
    return text("search.result.other", "# matching documents").replace("#", n);
  }

  function show(pagefind) {
    var query = terms(input.value);
    var mine = ++latest;
    marked = query;
    if (!query) {
      list.replaceChildren();
      meta.textContent = text("search.result.placeholder", "Type to start searching");
      return;
    }
    pagefind.search(query).then(function (search) {
      if (mine !== latest || !search) return null;
      return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== latest) return;
        list.replaceChildren.apply(list, data.map(item));
        meta.textContent = count(search.results.length);
      });
    });
  }

  import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
    // Long pages are penalised less than Pagefind's default (0.75): the handbook's chapters are
    // long, and at 0.75 short pages that only mention a question's words ranked above them
    // (benchmarks/search_scale.py, the reader questions: 42 of 48 at 0.75, 43 at 0.3). A word's
    // repeats count for less than by default (saturation 0.8, not 1.4), so a page that says a
    // question's words often does not outrank the one about them (45 of 48 with the stop words).
    return pagefind.options({ baseUrl: root.pathname, excerptLength: 24,
                              ranking: { pageLength: 0.3, termSaturation: 0.8 } }).then(function () {
      return pagefind.init();
    }).then(function () { return pagefind; });
  }).then(function (pagefind) {
    var timer;
    var run = function () { clearTimeout(timer); timer = setTimeout(function () { show(pagefind); }, 120); };
    input.addEventListener("input", run);
    input.addEventListener("keyup", run);
    show(pagefind);
  }, function () {
    fallback();
  });
})();
