"""MkDocs hooks for reading online: a Content-Security-Policy, the offline build, lighter Material assets."""
from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# Everything comes from the site's own origin. data: only for the icons Material's CSS
# inlines. Inline styles: Mermaid writes a <style> into each diagram it draws.
_POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Read from disk, the iframe-worker shim runs search in an iframe it writes inline
# script into (its text names the page's own path), so no fixed hash can allow it.
_OFFLINE_POLICY = _POLICY.replace("{scripts}", "'unsafe-inline'")

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_NOT_EXECUTED = re.compile(r"""\b(src|type\s*=\s*["']?application/json)""", re.IGNORECASE)
_CHARSET = re.compile(r'<meta charset="utf-8">', re.IGNORECASE)

_ABBR = re.compile(r"<abbr(?![^>]*\btabindex=)(?=[^>]*\btitle=)")
# pymdownx.tasklist: <li class="task-list-item"><label class="task-list-control"><input ...>
# <span class="task-list-indicator"></span></label> text</li>; the box itself has no name.
_TASK = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")'
    r'([^>]*>.*?</label>)(.*?)(?=</li>|<ul|<ol)', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

# Material's palette stylesheet stops transitions while the colours switch, keyed to an
# attribute its bundle sets and then removes on <body> on every page load, switch or not.
# Each write restyled the whole page: a third of a chapter's style time at start-up
# (benchmarks/README.md). reading.css keeps the rule on a class that the head script in
# overrides/main.html sets only when the palette really switches.
_PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
_SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                   "[data-md-color-switching] :before{transition-duration:0s!important}")

# Material's bundle downloads the search index (half of a chapter's first visit), parses it
# on the main thread and hands it to its search worker at every page load, for two readers:
# the worker, at once over HTTP (from file:// it waits until search first opens), and the
# highlighter of ?h= terms, whichever page it is on. Patched, the worker waits for search to
# open over HTTP too, and the highlighter asks only on a page whose address carries h=
# (read when the page mounts, which instant navigation does for each page). The search
# highlight feature is known at build time, so its check makes room for the address test.
# Replacements keep the text's length, so the bundle's source map still lines up.
_BUNDLE_JS = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
_WORKER_AT_LOAD = re.compile(r'(?<=[\w$]\()location\.protocol!=="file:"(?=\),[\w$]+\("search"\)\))')
_HIGHLIGHT_FEATURE = re.compile(
    r'[\w$]+\("search\.highlight"\)(?=\?[\w$]+\([\w$]+,\{index\$:[\w$]+,location\$:[\w$]+\}\))')
_HIGHLIGHT_ASKED = "/\\bh=/.test(location)"

# Instant navigation rewrites every relative href and src on the page into an absolute URL as
# it starts, stylesheet links too; Chromium then parses every stylesheet again and restyles
# the whole page, the largest part of the chapter's longest start-up task (benchmarks/README.md).
# The bundle's test for "already absolute" is widened, at the same length, to leave hrefs
# ending in .css as written, and the build writes stylesheet links from the site's root path,
# as MkDocs already does for 404.html: alike on every page, so instant navigation's comparison
# of the old and new heads keeps them rather than swapping them. The offline build keeps
# relative links, which file:// needs.
_ABSOLUTE_TEST = re.compile(
    r'/\^\(\?:\[a-z\]\+:\)\?\\/\\//i(?=\.test\([\w$]+\)\)\{([\w$]+)\[([\w$]+)\]=\1\[\2\];break)')
_ABSOLUTE_OR_STYLESHEET = "/^\\w*:?\\/\\/|\\.css$/i"
# The same rewrite of every other link (about a hundred on a chapter: navigation, contents,
# heading anchors) ran inside the bundle's start-up task and restyled each link. It is
# needed only before the reader's first click, so it moves to a task of its own: the
# bundle's `of(document).subscribe(resolve)` becomes `setTimeout(resolve, 0, document)`.
_RESOLVE_AT_START = re.compile(
    r'(location\.protocol==="file:"\)return [\w$]+;)[\w$]+\(document\)\.subscribe\(([\w$]+)\);')
# Material wraps each data table of the content (a <table> without a class) in two divs, so a
# wide table scrolls sideways on a phone. It did so by taking every table out of the page
# and putting it back in its wrapper once the page had been laid out, so the table was laid
# out a second time inside the mount task (a quarter of that task on the tool directory)
# and moved as it did. The build writes the same wrapper into the HTML instead, and the
# bundle's wrapping step becomes spaces.
_TABLES_WRAPPED_AT_START = re.compile(
    r'\.\.\.[\w$]+\("table:not\(\[class\]\)",[\w$]+\)\.map\(([\w$]+)=>[\w$]+\(\1\)\),')
_TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.IGNORECASE)
_CLASS_ATTRIBUTE = re.compile(r"\sclass\s*=", re.IGNORECASE)
_TABLE_WRAPPER = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
# A diagram drawn to a phone's width shrinks its labels past reading. Each ```mermaid block
# (superfences writes <pre class="mermaid">, which Material replaces with the drawing) sits in
# a box that scrolls sideways where reading.css gives the drawing a legible minimum width.
# A box that scrolls must be reachable by keyboard (WCAG 2.1.1), hence tabindex and a name.
_MERMAID_BLOCK = re.compile(r'<pre class="mermaid">.*?</pre>', re.DOTALL)
_DIAGRAM_BOX = ('<div class="msp-diagram" tabindex="0" role="group" '
                'aria-label="Diagram; on a narrow screen it scrolls sideways">')
_ROOTED_LINK = re.compile(r'(<link rel="stylesheet" href="|<meta name="mermaid" content=")([^"]+)(")')

# Material draws a diagram with the page's global `mermaid`, or else fetches Mermaid from
# unpkg.com. A script tag of our own in the page raced instant navigation, which mounts the
# diagram before a re-inserted script has loaded: the CDN was asked, the policy refused it and
# the diagram stayed blank. The bundle's URL becomes a read of the <meta name="mermaid"> that
# overrides/main.html writes on every page (from the root online, like the stylesheets, so it
# holds after instant navigation), and Material loads the vendored copy only on pages that
# hold a diagram, when it needs it.
_MERMAID_FROM_CDN = re.compile(r'"https://unpkg\.com/mermaid@\d+/dist/mermaid\.min\.js"')
_MERMAID_FROM_META = 'document.querySelector("[name=mermaid]").content'

# Material's palette adds a <meta name="color-scheme"> to the head as it starts and then sets
# its content. Chromium answers each change to that meta by restyling the whole page, twice on
# every load, inside the bundle's start-up task: a fifth of that task on a chapter
# (benchmarks/README.md). The meta is created but left out of the document (its insertion
# becomes spaces), and reading.css gives the root the palette's scheme instead, which is what
# the meta was for: the page's scrollbars and background follow light or dark.
_SCHEME_META_INSERTED = re.compile(
    r'(?<=[\w$]\("meta",\{name:"color-scheme"\}\);)document\.head\.appendChild\([\w$]+\);')

# Material mounts its components by calling each mount function and merging the results:
# the controls (palette, search and the like) inside the bundle's start-up task, the page's
# parts (content, header, sidebars, contents, back-to-top) inside the DOMContentLoaded task.
# On a phone's CPU those two tasks were most of a page's blocking time. RxJS's merge takes a
# scheduler as its last argument; given the async one Material already holds, it subscribes
# each component in a task of its own. Search does its work when called, not when subscribed
# (it starts the worker and binds the keys), so it is also wrapped in Material's own defer.
# So are the page's content (every link, code block and diagram in it) and back-to-top.
# The room comes from three arrow functions that only pass the element on (`e=>f(e)` -> `f`):
# those mount functions take one parameter, so the index map() adds is ignored; and from the
# sidebars' line, which wrote the same mount twice to choose a media query
# (`nav ? at(screen$, mount) : at(tablet$, mount)` -> `at(nav ? screen$ : tablet$, mount)`).
_ASYNC_SCHEDULER = re.compile(
    r'\.pipe\([\w$]+\(([\w$]+)\)\)\.subscribe\(\(\)=>\{document\.body\.removeAttribute\('
    r'"data-md-color-switching"\)')
_CONTROLS_MERGED = re.compile(
    r'\.\.\.(?P<get>[\w$]+)\("palette"\)\.map\((?P<a>[\w$]+)=>(?P<palette>[\w$]+)\((?P=a)\)\),'
    r'(?P<progress>\.\.\.(?P=get)\("progress"\)\.map\([^)]*\)\)),'
    r'\.\.\.(?P=get)\("search"\)\.map\((?P<b>[\w$]+)=>(?P<search>[\w$]+\((?P=b),\{[^}]*\}\))\),'
    r'\.\.\.(?P=get)\("source"\)\.map\((?P<c>[\w$]+)=>(?P<source>[\w$]+)\((?P=c)\)\)\)')
_EAGER_MOUNT = re.compile(
    r'(?P<head>\.\.\.[\w$]+\("(?:content|top)"\)\.map\()(?P<a>[\w$]+)=>(?P<mount>[\w$]+\((?P=a),\{[^}]*\}\))(?=\))')
_SIDEBAR_MOUNTS = re.compile(
    r'\.\.\.(?P<get>[\w$]+)\("sidebar"\)\.map\((?P<a>[\w$]+)=>(?P<nav>(?P=a)\.getAttribute\('
    r'"data-md-type"\)==="navigation")\?(?P<at>[\w$]+)\((?P<screen>[\w$]+),(?P<mount>\(\)=>[\w$]+\((?P=a),'
    r'\{[^}]*\}\))\):(?P=at)\((?P<tablet>[\w$]+),(?P=mount)\)\)')
_CONTENT_MERGED = re.compile(
    r'(?P<defer>[\w$]+)\(\(\)=>(?P<merge>[\w$]+)\(\.\.\.(?P<get>[\w$]+)\("announce"\)'
    r'\.map\((?P<a>[\w$]+)=>(?P<announce>[\w$]+)\((?P=a)\)\),(?P<rest>.*?)\)\),'
    r'(?=[\w$]+=[\w$]+\.pipe\([\w$]+\(\(\)=>)')
# Three set-ups that only a reader's action needs also ran inside the start-up task: the
# copy buttons' clipboard handler, the links to other languages' sitemaps, and instant
# navigation (about a sixth of that task), whose first use is the reader's first click. They
# move, together, to a task of their own. Whether instant navigation is on is known at build
# time, which frees the room its run-time check took; the two shared subjects created between
# them stay where they are, because the components use them.
_SET_UP_AT_START = re.compile(
    r'(?P<clipboard>[\w$]+\(\{alert\$:[\w$]+\}\));(?P<alternate>[\w$]+\(\{document\$:[\w$]+\}\));'
    r'(?P<subjects>var [\w$]+=new [\w$]+,[\w$]+=[\w$]+\([\w$]+\.base\);)'
    r'[\w$]+\("navigation\.instant"\)&&(?P<instant>[\w$]+\(\{sitemap\$:[\w$]+,location\$:[\w$]+,'
    r'viewport\$:[\w$]+,progress\$:[\w$]+\}\)\.subscribe\([\w$]+\));')

# Even split up, the bundle's own evaluation stayed the longest task of a page load: most of it
# was V8 compiling each function on the main thread the first time it ran, and at start-up
# most of them run. V8's explicit compile hint for a whole file (a first-line comment, Chrome
# 136 and later; to other browsers it is only a comment) has them compiled as the file streams in,
# off the main thread. The line it adds is matched by an empty first line in the source map.
_BUNDLE_MAP = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js\.map")
_COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"
_MAPPINGS_START = re.compile(r'"mappings":\s*"')

_state: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`: its live-reload snippet is an inline script."""
    _state["command"] = command


def _offline_enabled(config: Any) -> bool:
    """True when Material's offline plugin is on for this build (OFFLINE=true)."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "OfflinePlugin":
            return bool(plugin.config.enabled)
    return False


def without_instant_navigation(features: list[str]) -> list[str]:
    """Theme features with instant navigation (and its options) taken out, for the offline build."""
    return [name for name in features
            if name != "navigation.instant" and not name.startswith("navigation.instant.")]


@event_priority(50)  # before the offline plugin's on_config, which would add an unpkg URL
def on_config(config: Any) -> Any:
    """Offline: the vendored iframe-worker shim as the only polyfill, and no instant navigation.

    From file:// Material's instant navigation ends at once, and as it ends it closes the
    stream of page loads that every other component waits for: with it on, the zip had no
    table of contents that follows, no copy buttons and no diagrams. Material's own guide
    says to turn it off for offline builds.
    """
    if _offline_enabled(config):
        config.extra["polyfills"] = [config.extra["vendor"]["iframe_worker"]]
        config.theme["features"] = without_instant_navigation(config.theme["features"])
    return config


def without_switching_rule(css: str) -> str:
    """Material's palette stylesheet without its load-time rule for data-md-color-switching."""
    if css.count(_SWITCHING_RULE) != 1:
        raise PluginError(
            "hooks/web.py: Material's palette stylesheet no longer holds the rule for "
            "[data-md-color-switching] exactly as _SWITCHING_RULE spells it. Material has "
            "changed: update _SWITCHING_RULE to the new text, or drop this patch if Material "
            "no longer sets the attribute on every page load.")
    return css.replace(_SWITCHING_RULE, "", 1)


def _same_length(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str],
                 js: str, patch: str) -> str:
    """`js` with the one match of `pattern` replaced, padded with spaces to the same length.

    `replacement` is the new text, or a function of the match that returns it.
    """
    found = list(pattern.finditer(js))
    new = [replacement(match) if callable(replacement) else replacement for match in found]
    if len(found) != 1 or len(new[0]) > len(found[0][0]):
        raise PluginError(
            f"hooks/web.py: {patch} expects Material's bundle to hold the text "
            f"{pattern.pattern!r} exactly once, no shorter than its replacement; it holds it "
            f"{len(found)} times. Material has changed: update the pattern to the new minified "
            f"text, or drop {patch} if Material no longer does the work it takes out.")
    start, end = found[0].span()
    return js[:start] + new[0].ljust(end - start) + js[end:]


def lazy_search_index(js: str, highlight: bool) -> str:
    """Material's bundle, loading the search index only when search opens or h= asks for it."""
    js = _same_length(_WORKER_AT_LOAD, "false", js, "lazy_search_index")
    return _same_length(_HIGHLIGHT_FEATURE, _HIGHLIGHT_ASKED if highlight else "false", js,
                        "lazy_search_index")


def stylesheets_left_as_written(js: str) -> str:
    """Material's bundle, not rewriting stylesheet links to absolute URLs as it starts."""
    return _same_length(_ABSOLUTE_TEST, _ABSOLUTE_OR_STYLESHEET, js, "stylesheets_left_as_written")


def links_resolved_after_start(js: str) -> str:
    """Material's bundle, making the page's links absolute in a task after its start-up one."""
    def scheduled(found: re.Match[str]) -> str:
        return f"{found[1]}setTimeout({found[2]},0,document);"  # found[1]: the text kept before it
    return _same_length(_RESOLVE_AT_START, scheduled, js, "links_resolved_after_start")


def tables_left_unwrapped(js: str) -> str:
    """Material's bundle, leaving tables as the build wrapped them (see scrollwrapped_tables)."""
    return _same_length(_TABLES_WRAPPED_AT_START, "", js, "tables_left_unwrapped")


def scrollwrapped_tables(html: str) -> str:
    """`html` with each table that has no class inside Material's scrolling wrapper."""
    wrapped: list[bool] = []  # one entry per open <table>, so nested tables close right

    def wrap(tag: re.Match[str]) -> str:
        if not tag[1]:
            wrapped.append(not _CLASS_ATTRIBUTE.search(tag[2]))
            return _TABLE_WRAPPER + tag[0] if wrapped[-1] else tag[0]
        return tag[0] + "</div></div>" if wrapped and wrapped.pop() else tag[0]
    return _TABLE_TAG.sub(wrap, html)


def scrollable_diagrams(html: str) -> str:
    """`html` with each Mermaid block inside a box that scrolls sideways on a narrow screen."""
    return _MERMAID_BLOCK.sub(lambda block: f"{_DIAGRAM_BOX}{block[0]}</div>", html)


def vendored_mermaid(js: str) -> str:
    """Material's bundle, loading Mermaid from the page's mermaid meta instead of unpkg.com."""
    return _same_length(_MERMAID_FROM_CDN, _MERMAID_FROM_META, js, "vendored_mermaid")


def color_scheme_meta_left_out(js: str) -> str:
    """Material's bundle, keeping its color-scheme meta out of the page (the root's CSS says it)."""
    return _same_length(_SCHEME_META_INSERTED, "", js, "color_scheme_meta_left_out")


def _rewritten(pattern: re.Pattern[str], replacement: Callable[[re.Match[str]], str], text: str,
               times: int, patch: str) -> str:
    """`text` (a part of the bundle) with `pattern` replaced, which must match exactly `times` times."""
    new, found = pattern.subn(replacement, text)
    if found != times:
        raise PluginError(
            f"hooks/web.py: {patch} expects {pattern.pattern!r} {times} time(s) in its part of "
            f"Material's bundle and found it {found} time(s). Material has changed: update the "
            f"pattern, or drop {patch}.")
    return new


def components_mounted_in_turn(js: str) -> str:
    """Material's bundle, mounting each control and each part of the page in a task of its own."""
    schedulers = {found[1] for found in _ASYNC_SCHEDULER.finditer(js)}
    if len(schedulers) != 1:
        raise PluginError(
            "hooks/web.py: components_mounted_in_turn looks for Material's async scheduler in its "
            f"palette's observeOn and found {sorted(schedulers)}. Material has changed: update "
            "_ASYNC_SCHEDULER, or drop this patch.")
    (scheduler,) = schedulers

    def content(found: re.Match[str]) -> str:
        defer = found["defer"]
        rest = _rewritten(_SIDEBAR_MOUNTS, lambda sidebars: (
            f'...{sidebars["get"]}("sidebar").map({sidebars["a"]}=>{sidebars["at"]}({sidebars["nav"]}'
            f'?{sidebars["screen"]}:{sidebars["tablet"]},{sidebars["mount"]}))'), found["rest"], 1,
            "components_mounted_in_turn")
        rest = _rewritten(_EAGER_MOUNT, lambda eager: (
            f'{eager["head"]}{eager["a"]}=>{defer}(()=>{eager["mount"]})'), rest, 2,
            "components_mounted_in_turn")
        return (f'{defer}(()=>{found["merge"]}(...{found["get"]}("announce")'
                f'.map({found["announce"]}),{rest},{scheduler})),')
    merges = list(_CONTENT_MERGED.finditer(js))
    js = _same_length(_CONTENT_MERGED, content, js, "components_mounted_in_turn")
    defer = merges[0]["defer"]  # one match, or _same_length has stopped the build

    def controls(found: re.Match[str]) -> str:
        get = found["get"]
        return (f'...{get}("palette").map({found["palette"]}),{found["progress"]},'
                f'...{get}("search").map({found["b"]}=>{defer}(()=>{found["search"]})),'
                f'...{get}("source").map({found["source"]}),{scheduler})')
    return _same_length(_CONTROLS_MERGED, controls, js, "components_mounted_in_turn")


def integrations_set_up_after_start(js: str) -> str:
    """Material's bundle, setting up clipboard, alternates and instant navigation after start-up."""
    def scheduled(found: re.Match[str]) -> str:
        return (f"{found['subjects']}setTimeout(()=>{{{found['clipboard']};{found['alternate']};"
                f"{found['instant']}}});")
    return _same_length(_SET_UP_AT_START, scheduled, js, "integrations_set_up_after_start")


def compile_hinted(js: str) -> str:
    """`js` headed by V8's hint to compile every function as the file loads."""
    return _COMPILE_HINT + js


def source_map_after_hint(source_map: str) -> str:
    """Material's source map with an empty first line, for the line compile_hinted adds."""
    if len(_MAPPINGS_START.findall(source_map)) != 1:
        raise PluginError("hooks/web.py: source_map_after_hint expects one \"mappings\" field in "
                          "Material's bundle.*.min.js.map; Material has changed its source map.")
    return _MAPPINGS_START.sub(lambda start: start[0] + ";", source_map, count=1)


def patched_bundle(js: str, highlight: bool, instant: bool) -> str:
    """Material's bundle with every edit above, each checked to apply exactly once.

    `instant` says whether instant navigation is on; without it (the offline build) the
    set-ups that integrations_set_up_after_start moves keep the bundle's own order and check.
    """
    js = lazy_search_index(js, highlight)
    for patch in (stylesheets_left_as_written, links_resolved_after_start, vendored_mermaid,
                  color_scheme_meta_left_out, tables_left_unwrapped, components_mounted_in_turn):
        js = patch(js)
    return integrations_set_up_after_start(js) if instant else js


def root_relative_assets(html: str, page_path: str) -> str:
    """`html` with relative stylesheet and Mermaid links written from the root, for `page_path`."""
    def from_root(link: re.Match[str]) -> str:
        href = link[2]
        if urlsplit(href).scheme or href.startswith("/"):
            return link[0]
        return f"{link[1]}{urljoin(page_path, href)}{link[3]}"
    return _ROOTED_LINK.sub(from_root, html)


def _replace_one(files: Files, config: Any, name: re.Pattern[str],
                 patch: Callable[[str], str]) -> None:
    """Swap the one theme file whose path matches `name` for a patched, generated copy."""
    matches = [file for file in files if name.fullmatch(file.src_uri)]
    if len(matches) != 1:
        raise PluginError(f"hooks/web.py: expected one file matching {name.pattern}, found "
                          f"{[file.src_uri for file in matches]}")
    original = matches[0]
    text = Path(original.abs_src_path).read_text(encoding="utf-8")
    files.remove(original)
    files.append(File.generated(config, original.src_uri, content=patch(text)))


def on_files(files: Files, config: Any) -> Files:
    """Serve Material's palette stylesheet and bundle with their load-time work and CDN taken out.

    The bundle also gains its compile hint, and its source map the line that matches it.
    """
    _replace_one(files, config, _PALETTE_CSS, without_switching_rule)
    features = config.theme["features"]
    highlight, instant = "search.highlight" in features, "navigation.instant" in features
    _replace_one(files, config, _BUNDLE_JS,
                 lambda js: compile_hinted(patched_bundle(js, highlight, instant)))
    _replace_one(files, config, _BUNDLE_MAP, source_map_after_hint)
    return files


def focusable_abbreviations(html: str) -> str:
    """Let keyboard readers reach glossary terms, so their tooltip opens on focus as on hover."""
    return _ABBR.sub('<abbr tabindex="0"', html)


def label_task_checkboxes(html: str) -> str:
    """Name each task-list checkbox after the text of its item (Material leaves them unnamed)."""
    def named(match: re.Match[str]) -> str:
        label = " ".join(html_lib.unescape(_TAG.sub("", match[3])).split())
        return f'{match[1]} aria-label="{html_lib.escape(label)}"{match[2]}{match[3]}'
    return _TASK.sub(named, html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Each page's HTML: focusable terms, named task boxes, tables and diagrams that scroll."""
    return scrollable_diagrams(scrollwrapped_tables(label_task_checkboxes(
        focusable_abbreviations(html))))


def named_search_dialog(html: str) -> str:
    """Give Material's search dialog an accessible name (it has role=dialog and none)."""
    return html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', 1)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Name the search dialog; write stylesheet and Mermaid links from the root, except offline."""
    output = named_search_dialog(output)
    if config.site_url and not _offline_enabled(config):
        output = root_relative_assets(output, urlsplit(config.site_url).path + page.url)
    return output


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Name the search dialog of pages built from a template alone, such as 404.html."""
    return named_search_dialog(output_content)


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources ('sha256-...') for each inline script a browser would run in `html`."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        if _NOT_EXECUTED.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def content_security_policy(hashes: set[str], offline: bool = False) -> str:
    """The policy for the site: own origin only, inline scripts allowed by hash."""
    if offline:
        return _OFFLINE_POLICY
    return _POLICY.replace("{scripts}", " ".join(sorted(hashes)))


def add_policy(html: str, policy: str) -> str:
    """Insert the policy as the first thing after the charset, ahead of every script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _CHARSET.sub(lambda m: m[0] + meta, html, count=1)


@event_priority(-200)  # after the offline plugin and everything else that writes pages
def on_post_build(config: Any) -> None:
    """Put one policy into every page, allowing the inline scripts found in any page.

    One shared list, because instant navigation runs the next page's inline scripts
    under the policy of the page the reader arrived on.
    """
    if _state.get("command") == "serve":
        return
    pages = list(Path(config.site_dir).rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    policy = content_security_policy(hashes, offline=_offline_enabled(config))
    for page, text in texts.items():
        page.write_text(add_policy(text, policy), encoding="utf-8")
