"""The post-build step: over the finished site folder, whichever engine (MkDocs or Zensical) wrote it.

1. Every page's content is parsed with a maintained HTML parser (justhtml) and checked against
   what the handbook publishes: no script, style element, meta, frame or plug-in from a page, no
   event handler or style attribute, no javascript:/data: address, and the handbook's own roles
   (a checklist's root, a calculator's form) only where its macros put them.
2. Each checklist's Word file is written as checklists/<id>.docx (cached by its content), all
   checklists as one JSON file, checklists/checklists.json, with its schema checklists.schema.json,
   and each entry of the clause and template library as library/<id>.docx and library/<id>.md.
3. feed.xml, the Atom feed of the "What's new" page, is written from git history.
4. The 404 page's links are made to work from any address it is served at (portable_404).
5. One Content-Security-Policy goes into every page: own origin only, inline scripts allowed by
   hash. Every inline script a page holds must be one the theme's or the handbook's templates
   write (theme_script_patterns, read from the template files); one that is not stops the step.
   The offline build adds the hash of the vendored iframe-worker's own script, computed from its file.
6. Online with Material's search (not --offline, not Zensical), Pagefind indexes the finished pages into pagefind/ (scripts/pagefind.py):
   the search a reader's first query fetches in chunks; the policy adds 'wasm-unsafe-eval' for it.

Run it as `python -P -m playbook.postbuild SITE_DIR [--offline]`; one line per problem, exit 1.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import posixpath
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from justhtml import JustHTML

from macros.editlinks import edit_base, with_edit_links

from .project import ROOT, load_project

# Elements a page's content never holds, whoever wrote them.
FORBIDDEN_ELEMENTS = frozenset({"script", "style", "meta", "link", "base", "iframe", "frame", "frameset",
                                "object", "embed", "applet", "noscript", "template", "portal"})
# Outside the content only the theme writes markup, and it writes none of these: they mean the
# engine printed a title or heading as markup (Zensical 0.0.73 prints headings unescaped in <title>).
THEME_NEVER_WRITES = frozenset({"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
_TITLE_END = re.compile(r"</title", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                            "cite", "data", "srcset"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# A table's column widths, as Python-Markdown's table tools write them: the one style allowed.
_COLUMN_WIDTH = re.compile(r"width:\s*\d+(\.\d+)?%;?")
# Pages where a macro's live example may show a checklist or a calculator (the macro reference).
EXAMPLE_PAGES = ("contributing/macros/",)

# Styles keep 'unsafe-inline': Mermaid writes a <style> into each diagram it draws, and tables'
# column widths are style attributes. What contributors could add (a style element or attribute)
# is refused by the content check above instead.
# Online, Pagefind's search runs WebAssembly: 'wasm-unsafe-eval' allows compiling it, and nothing
# else (no eval of strings); the offline build, which searches with Material's index, goes without.
_POLICY = (
    "default-src 'self'; script-src 'self' {wasm}{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
_CHARSET = re.compile(r'<meta charset="utf-8">', re.IGNORECASE)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_NOT_EXECUTED = re.compile(r"""\b(src|type\s*=\s*["']?application/json)""", re.IGNORECASE)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.DOTALL)


def _elements(node: object, inside: bool = False) -> Iterator[tuple[object, bool]]:
    """Every element under `node`, in document order, with whether it lies in the page's content (Material's article).

    A loop over a stack, not nested generators: each element is handed up once, not once per ancestor.
    """
    stack = [(iter(getattr(node, "children", None) or ()), inside)]
    while stack:
        for child in stack[-1][0]:
            name = child.name
            if name.startswith(("#", "!")):
                continue
            here = stack[-1][1] or (name == "article" and "md-content__inner" in ((child.attrs or {}).get("class") or ""))
            yield child, here
            stack.append((iter(getattr(child, "children", None) or ()), here))
            break
        else:
            stack.pop()


def page_path(site: Path, html_file: Path) -> str:
    """The page's address in the site, as a path ("tools/rmm/", "" for the home page)."""
    relative = html_file.relative_to(site).as_posix().removesuffix("index.html")
    # The offline build writes tools/rmm.html where the site has tools/rmm/index.html.
    return relative.removesuffix(".html") + "/" if relative.endswith(".html") else relative


def _describe(element: object) -> str:
    """An element as a contributor finds it: its name and id or class."""
    attrs = element.attrs or {}
    mark = f'#{attrs["id"]}' if attrs.get("id") else (f'.{attrs["class"].split()[0]}' if attrs.get("class") else "")
    return f"<{element.name}{mark}>"


def page_problems(html: str, path: str, checklist_ids: frozenset[str], calculators: dict[str, str]) -> list[str]:
    """What the page's content holds that the handbook never publishes, one line each."""
    found: list[str] = []
    roots = titles = 0
    for element, inside in _elements(JustHTML(html, sanitize=False).root):
        name, attrs = element.name, element.attrs or {}
        titles += name == "title"  # an icon's <svg><title> in the content included
        if not inside:
            if (name in THEME_NEVER_WRITES or (name == "meta" and "http-equiv" in attrs)
                    or any(key.startswith("on") for key in attrs)):
                found.append(f"{path or 'home page'}: {_describe(element)}: markup outside the content that the "
                             "theme never writes (a page title or heading printed as markup); write titles and "
                             "headings without < > or quotes")
            continue
        if name not in FORBIDDEN_ELEMENTS and not attrs:
            continue  # nothing below applies to a permitted element without attributes
        here: list[str] = []  # this element's problems, named after it only if there are any
        if name in FORBIDDEN_ELEMENTS:
            here.append(f"a <{name}> element in the page's content")
        for key, value in attrs.items():
            if key.startswith("on"):
                here.append(f"event-handler attribute {key}")
            elif key == "style" and not (name == "col" and _COLUMN_WIDTH.fullmatch(str(value).strip())):
                here.append("a style attribute")
            elif key in URL_ATTRIBUTES and unquote(text := "".join(str(value or "").split()).lower()).startswith(BAD_SCHEMES):
                here.append(f"a {unquote(text).split(':')[0]}: address in {key}")
        if "data-checklist" in attrs:
            roots += 1
            expected = path.removeprefix("checklists/").rstrip("/")
            if path not in EXAMPLE_PAGES and (not path.startswith("checklists/") or attrs.get("data-checklist") != expected
                                              or expected not in checklist_ids):
                here.append("a checklist root on a page that is not that checklist's own")
        if "data-calculator" in attrs and name != "form":
            here.append("a calculator's role on an element that is not a calculator form")
        if name == "form" and "data-calculator" in attrs:
            page = calculators.get(str(attrs["data-calculator"]))
            if path not in EXAMPLE_PAGES and page != path:
                here.append("a calculator form on a page its data does not name")
        if here:
            where = f"{path or 'home page'}: {_describe(element)}"
            found.extend(f"{where}: {problem}" for problem in here)
    if roots > 1:
        found.append(f"{path or 'home page'}: {roots} checklist roots; expected one at most")
    if len(_TITLE_END.findall(html)) != titles:
        found.append(f"{path or 'home page'}: a </title> the parser did not pair: a page title or heading "
                     "closed the page's <title>; write it without < >")
    return found


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources ('sha256-...') for each inline script a browser would run in `html`."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        if _NOT_EXECUTED.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def theme_script_hashes(html: str) -> set[str]:
    """Hashes of the inline scripts the theme wrote: the page's content is taken out before looking."""
    return inline_script_hashes(_ARTICLE.sub("", html))


# A template's own inline script (a bare <script>, as Material and overrides/ write them), and
# the Jinja in it. What an expression there prints is a path (base_url, the scope): nothing that
# could end a string or a statement.
_TEMPLATE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_PRINTED_PATH = r"[A-Za-z0-9_./:-]*"


def template_folders(root: Path, engine_templates: Path | None = None) -> tuple[Path, ...]:
    """The templates a page's inline scripts may come from: the engine's theme and the project's overrides."""
    project = load_project(root)
    if engine_templates is None:
        import material

        engine_templates = Path(material.__file__).parent / "templates"
    custom_dir = project.config.get("theme", {}).get("custom_dir")
    return (engine_templates, *((root / custom_dir,) if custom_dir else ()))


def theme_script_patterns(folders: tuple[Path, ...]) -> tuple[re.Pattern[str], ...]:
    """Each bare inline script the template files hold, as a pattern its rendered copies match.

    A script with Jinja statements ({% %}) in its body is left out: a page holding one is refused
    (loudly) rather than allowed on a guess of what the statements printed.
    """
    patterns: set[str] = set()
    for folder in folders:
        for template in sorted(folder.rglob("*.html")):
            for match in _TEMPLATE_SCRIPT.finditer(template.read_text(encoding="utf-8")):
                body = match["body"]
                if "{%" in body or "{#" in body:
                    continue
                literal = _JINJA_EXPRESSION.split(body)
                patterns.add(_PRINTED_PATH.join(re.escape(piece) for piece in literal))
    return tuple(re.compile(pattern, re.DOTALL) for pattern in sorted(patterns))


def foreign_scripts(html: str, path: str, patterns: tuple[re.Pattern[str], ...]) -> list[str]:
    """Each inline script in the page that no template writes, one line each."""
    return [f"{path or 'home page'}: an inline script that no theme or handbook template writes: "
            f"{match['body'][:60]!r}"
            for match in _SCRIPT.finditer(html)
            if not _NOT_EXECUTED.search(match["attrs"])
            and not any(pattern.fullmatch(match["body"]) for pattern in patterns)]


# The offline build's search runs in iframe-worker's frame (file:// has no workers): the frame's
# one inline script is the library's template literal with two of its functions' source and the
# worker's address filled in, as the browser's `${...}` does.
_SHIM_SCRIPT = re.compile(r"<script>(?P<body>[^`]*?)<\\/script>")
_PLACEHOLDER = re.compile(r"\$\{(?P<name>[A-Za-z_$][\w$]*)\}")


def function_source(code: str, name: str) -> str | None:
    """The source text of `function name(...){...}` in minified `code`, as Function.toString gives it."""
    start = code.find(f"function {name}(")
    if start < 0:
        return None
    depth = 0
    for index in range(code.index("{", start), len(code)):
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        if depth == 0:
            return code[start:index + 1]
    return None


def iframe_worker_script(library: str, worker_address: str) -> str:
    """The inline script iframe-worker writes into its frame for the worker at `worker_address`."""
    template = _SHIM_SCRIPT.search(library)
    if template is None:
        raise ValueError("iframe-worker: no inline script found in the library; see playbook/postbuild.py")

    def fill(placeholder: re.Match[str]) -> str:
        source = function_source(library, placeholder["name"])
        return source if source is not None else worker_address

    return _PLACEHOLDER.sub(fill, template["body"])


def script_hash(body: str) -> str:
    """The CSP source ('sha256-...') that allows an inline script with this body."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"


_CONFIG_JSON = re.compile(r'<script id="__config" type="application/json">(?P<json>.*?)</script>', re.DOTALL)
_WORKER_ADDRESS = re.compile(r"[A-Za-z0-9_./-]+")


def offline_search_hashes(site: Path, root: Path, texts: dict[Path, str]) -> set[str]:
    """Hashes of iframe-worker's frame script for the search worker's address as each page names it.

    Each page's theme config names the worker relative to the page ("assets/...", "./assets/...",
    "../assets/..."); an address counts only if it leads to the theme's worker file in this site.
    """
    project = load_project(root)
    library = (project.docs_dir / project.config["extra"]["vendor"]["iframe_worker"]).read_text(encoding="utf-8")
    workers = {worker.relative_to(site).as_posix() for worker in site.glob("assets/javascripts/workers/search.*.min.js")}
    hashes = set()
    for page, text in texts.items():
        config = _CONFIG_JSON.search(text)
        address = json.loads(config["json"]).get("search") if config else None
        folder = page.parent.relative_to(site).as_posix()
        if (isinstance(address, str) and _WORKER_ADDRESS.fullmatch(address)
                and posixpath.normpath(posixpath.join(folder, address)) in workers):
            hashes.add(script_hash(iframe_worker_script(library, address)))
    return hashes


def content_security_policy(hashes: set[str], wasm: bool = False) -> str:
    """The policy: own origin only, inline scripts allowed by hash; WebAssembly only if `wasm`."""
    return _POLICY.replace("{wasm}", "'wasm-unsafe-eval' " if wasm else "").replace("{scripts}", " ".join(sorted(hashes)))


# Pagefind indexes only what is marked data-pagefind-body: the content (Material's md-content,
# which holds only the article; the article's own tag is left as the engines write it) of each page Material's
# search indexes (pages whose front matter says `search: exclude: true` stay out of both). A page's
# `search: boost` becomes Pagefind's weight for its words as its fourth root: Material boosts each
# of a page's sections, Pagefind ranks whole pages, and the full boost sank the glossary and the
# contributing guide below pages that merely mention a term. The glossary's term headings weigh the most (10), as each term
# was an index entry of its own in Material's search (tests/test_search_questions.py: "QBR").
_CONTENT_OPEN = re.compile(r'<div class="md-content" data-md-component="content"')
# Other headings weigh about as much as the text (Pagefind's defaults are 6 for h2, 5 for h3):
# a word once in a subheading outweighed a page about it ("spell out" in one heading ranked above
# the contributing guide's spelling section). Chosen with benchmarks/search_scale.py's ranks.
_TERM_HEADING = re.compile(r'<h3 class="msp-term"(?P<rest>[^>]*)>')
TERM_WEIGHT = 10
HEADING_WEIGHTS = {"2": 2, "3": 1, "4": 1, "5": 1, "6": 1}
# The weight goes last in the start tag: the heading's own attributes read as the engine wrote them.
_HEADING = re.compile(r"<h(?P<level>[2-6])(?P<rest>(?=[\s>])(?![^>]*data-pagefind-weight)[^>]*)>")


def searched_pages(site: Path) -> dict[str, float] | None:
    """Each page Material's index holds (address path) and its boost; None without that index."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return None
    pages: dict[str, float] = {}
    for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
        pages.setdefault(doc["location"].split("#")[0], float(doc.get("boost", 1)))
    return pages


def for_pagefind(html: str, path: str, pages: dict[str, float]) -> str:
    """The page with its content marked for Pagefind, if Material's search holds it."""
    if path not in pages:
        return html
    boost = pages[path]
    weight = "" if boost == 1 else f' data-pagefind-weight="{boost ** 0.25:.2f}"'
    opening = _CONTENT_OPEN.search(html)
    if opening is None:
        return html
    content = _TERM_HEADING.sub(lambda m: f'<h3 class="msp-term"{m["rest"]} data-pagefind-weight="{TERM_WEIGHT}">',
                                html[opening.end():])
    content = _HEADING.sub(lambda m: f'<h{m["level"]}{m["rest"]} data-pagefind-weight="{HEADING_WEIGHTS[m["level"]]}">',
                           content)
    return f"{html[:opening.end()]} data-pagefind-body{weight}{content}"


# Material's search dialog (role=dialog) has no name; its partial has no block to override.
# Every page's test (test_every_page_has_policy_and_link_preview) fails if this stops matching.
_UNNAMED_SEARCH = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')


def named_search_dialog(html: str) -> str:
    """The page with its search dialog named "Search"."""
    return _UNNAMED_SEARCH.sub(r'\1 aria-label="Search">', html, count=1)


# Links to files made after the engine (a checklist's PDF and Word file): raw HTML, which MkDocs
# leaves as written and Zensical rewrites as if relative to the source file, so the href is set
# here from the file's place in the site (data-file), relative to the page, for either engine.
_FILE_LINK = re.compile(r'<a href="[^"]*"( data-role="[a-z]+-link" data-file="(?P<file>[^"]+)")')


def file_links(html: str, page_dir: str) -> str:
    """The page with each file link's href relative to `page_dir` (the page's folder in the site)."""
    return _FILE_LINK.sub(lambda m: f'<a href="{posixpath.relpath(m["file"], page_dir or ".")}"{m[1]}', html)


def with_print_stamp(html: str, path: str, stamps: dict[str, str]) -> str:
    """A checklist page with its paper stamp (a <style> of its own values) at the end of its <head>.

    HTML allows <style> only in the head; the engines' templates have no data to write it from,
    so it is added here, for either engine (checklists/print.js fills it from the run).
    """
    checklist = path.removeprefix("checklists/").rstrip("/")
    if not path.startswith("checklists/") or checklist not in stamps:
        return html
    return html.replace("</head>", f"{stamps[checklist]}\n</head>", 1)


# The 404 page is served for any missing address, at any depth and under whatever path the site
# is served from (a preview, a fork's Pages): its links are made relative to a <base> that this
# script sets first thing. Under the path the site was built for it uses that path; elsewhere it
# finds the site's root as the nearest folder above the address that holds sitemap.xml.
_ROOT_FINDER = (
    '<script>(function(){var b="{base}",p=location.pathname;if(p.indexOf(b)!==0){'
    'p=p.replace(/[^\\/]*$/,"");for(;;){var x=new XMLHttpRequest();try{x.open("HEAD",p+"sitemap.xml",!1);x.send()}'
    'catch(e){}if(x.status===200){b=p;break}if(p==="/")break;p=p.replace(/[^\\/]*\\/$/,"")}}'
    'var e=document.createElement("base");e.href=b;document.head.appendChild(e)})()</script>')
# Material reads its base address from #__config as its bundle starts: the <base> found above.
_CONFIG_BASE = ('<script>(function(c){var j=JSON.parse(c.textContent);j.base=document.baseURI;'
                'c.textContent=JSON.stringify(j)})(document.getElementById("__config"))</script>')


def portable_404(html: str, base: str) -> str:
    """The 404 page with every link and asset relative to a <base> found where it is served."""
    html = html.replace(f'new URL("{base}",location)', "new URL(document.baseURI)")
    # Attributes and Material's #__config (its search worker): every address from the root path.
    html = re.sub('"' + re.escape(base) + r"(?!/)", '"', html)
    html = _CHARSET.sub(lambda m: m[0] + _ROOT_FINDER.replace("{base}", base), html, count=1)
    return re.sub(r'(<script src="[^"]*bundle\.[0-9a-f]+\.min\.js")', lambda m: _CONFIG_BASE + m[1], html, count=1)


def add_policy(html: str, policy: str) -> str:
    """The page with the policy as the first thing after the charset (any older policy replaced)."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', "", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _CHARSET.sub(lambda m: m[0] + meta, html, count=1)


def write_word_files(site: Path, root: Path, cache: Path | None) -> None:
    """checklists/<id>.docx for every checklist, from the same data as its page (cached by content)."""
    from macros.checklists import docx_path, page_url
    from macros.docx_export import checklist_docx

    handbook = _handbook(root)
    for checklist in handbook.checklists:
        key = hashlib.sha256(repr((checklist, handbook.build, handbook.controls)).encode("utf-8")).hexdigest()
        cached = cache / f"{key}.docx" if cache else None
        if cached and cached.is_file():
            content = cached.read_bytes()
        else:
            content = checklist_docx(checklist, handbook.build, page_url(handbook, checklist), handbook.control_display)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(content)
        target = site / docx_path(checklist)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def write_checklist_export(site: Path, root: Path) -> None:
    """checklists/checklists.json (every checklist as data) and its JSON Schema beside it."""
    from macros.checklist_export import write_export

    write_export(site, _handbook(root))


def write_library_files(site: Path, root: Path) -> None:
    """library/<id>.docx and library/<id>.md for every clause and template, from the same data as their pages."""
    from macros.library import entry_markdown, entry_url, library_file
    from macros.library_export import entry_docx

    handbook = _handbook(root)
    for entry in (*handbook.clauses, *handbook.library_templates):
        target = site / library_file(entry, "docx")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entry_docx(entry, entry_url(handbook, entry)))
        (site / library_file(entry, "md")).write_text(entry_markdown(handbook, entry), encoding="utf-8")


def write_feed(site: Path, root: Path) -> None:
    """feed.xml: the Atom feed of What's new, from git history (macros/history.py)."""
    from macros.history import feed_xml, read_history

    project = load_project(root)
    sources = [p.relative_to(project.docs_dir).as_posix() for p in project.docs_dir.rglob("*.md")]
    feed = feed_xml(read_history(root, limit=40), project.site_url, str(project.config["site_name"]),
                    {source: page_address(source) for source in sources})
    (site / "feed.xml").write_text(feed, encoding="utf-8")


def edited_pages(root: Path) -> dict[str, tuple[str, str]]:
    """Pages whose edit button opens another file: their address, their source and that file."""
    from macros.contributed import read_page
    from macros.editlinks import edited_file

    project = load_project(root)
    edits = {}
    for path in sorted(project.docs_dir.rglob("*.md")):
        source = path.relative_to(project.docs_dir).as_posix()
        data_file = edited_file(read_page(path, f"docs/{source}").meta)
        if data_file:
            edits[page_address(source)] = (source, data_file)
    return edits


def _handbook(root: Path):  # type: ignore[no-untyped-def]
    """The project's handbook as the build loaded it (once per process)."""
    from macros.loading import handbook_for_build

    project = load_project(root)
    return handbook_for_build(project.data_dir, project.site_url, project.docs_dir, project.directory_urls)


def page_address(source: str) -> str:
    """Where a page under docs/ is published: "tools/rmm.md" -> "tools/rmm/", "index.md" -> ""."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def run(site: Path, root: Path = ROOT, offline: bool = False, cache: Path | None = None,
        engine_templates: Path | None = None) -> list[str]:
    """Check every page, then write the Word files and the policy; the problems found (nothing written if any)."""
    handbook = _handbook(root)
    checklist_ids = frozenset(c.id for c in handbook.checklists)
    calculators = {c.id: page_address(c.page) for c in handbook.calculators}
    patterns = theme_script_patterns(template_folders(root, engine_templates))
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    problems = [problem for page, text in texts.items()
                for problem in (*page_problems(text, page_path(site, page), checklist_ids, calculators),
                                *foreign_scripts(text, page_path(site, page), patterns))]
    if problems:
        return problems
    write_word_files(site, root, cache)
    write_checklist_export(site, root)
    write_library_files(site, root)
    write_feed(site, root)
    not_found = site / "404.html"
    if not offline and not_found in texts:
        texts[not_found] = portable_404(texts[not_found], load_project(root).base_path)
    # Every script left was checked above against the templates; the 404 page's are the step's own.
    hashes = set().union(*(theme_script_hashes(text) for text in texts.values()))
    if offline:
        hashes |= offline_search_hashes(site, root, texts)
    # Pagefind answers in Material's search box only: with no Material index (the offline zip
    # searches it from disk; Zensical's search is its own) nothing is indexed and no WebAssembly allowed.
    searched = None if offline else searched_pages(site)
    policy = content_security_policy(hashes, wasm=searched is not None)
    from macros.checklists import print_stamps

    stamps = {key: str(value) for key, value in print_stamps(handbook).items()}
    edits = edited_pages(root)
    project = load_project(root)
    for page, text in texts.items():
        text = with_print_stamp(text, page_path(site, page), stamps)
        if page_path(site, page) in edits:
            source, data_file = edits[page_path(site, page)]
            text = with_edit_links(text, edit_base(project.config), str(project.docs_dir), source, data_file)
        page_dir = page.parent.relative_to(site).as_posix()
        text = file_links(named_search_dialog(add_policy(text, policy)), "" if page_dir == "." else page_dir)
        if searched is not None:
            text = for_pagefind(text, page_path(site, page), searched)
        page.write_text(text, encoding="utf-8")
    if searched is not None:
        from scripts import pagefind

        return pagefind.index(site)
    return []


def main(argv: list[str] | None = None) -> int:
    """Run the post-build step on a site folder; print problems; 1 if any."""
    parser = argparse.ArgumentParser(prog="python -m playbook.postbuild", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--offline", action="store_true", help="the offline build (make offline)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a folder to keep Word files in between builds (make uses build/cache/docx)")
    parser.add_argument("--templates", type=Path, default=None,
                        help="the engine's theme templates (default: Material's; make zensical names Zensical's)")
    args = parser.parse_args(argv)
    problems = run(args.site.resolve(), args.root.resolve(), offline=args.offline, cache=args.cache,
                   engine_templates=args.templates)
    for line in problems:
        print(line)
    if problems:
        print(f"post-build: {len(problems)} problem(s) in the built pages; nothing published.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
