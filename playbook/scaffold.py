"""`make chapter`: create docs/<part>/<slug>.md from a template and add it to the navigation.

    python -m playbook.scaffold --title "Patch management" --part tools

Asks for what is missing when run in a terminal. The navigation in mkdocs.yml is
changed by inserting one line, found with a YAML parser, so comments and layout stay.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from .project import nav_pages, parse_mkdocs_config

TEMPLATE = Path(__file__).parent / "templates" / "chapter.md.j2"


class ScaffoldError(Exception):
    """A request the scaffold refuses, with a message that says what to do instead."""


@dataclass(frozen=True)
class Part:
    """A part of the handbook: a docs/ folder with its own section in the navigation."""

    folder: str
    title: str
    last_line: int  # 0-based line in mkdocs.yml of the section's last entry
    indent: int  # column of that entry's "-"


def slugify(title: str) -> str:
    """A file name from a title: lowercase ASCII words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def _compose(text: str) -> yaml.Node:
    """mkdocs.yml as a node tree (tags such as !ENV are kept as tags, not run)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise ScaffoldError("mkdocs.yml: expected a mapping at the top")
    return node


def _nav(root_node: yaml.MappingNode) -> yaml.SequenceNode:
    """The nav: sequence of mkdocs.yml."""
    for key, value in root_node.value:
        if key.value == "nav" and isinstance(value, yaml.SequenceNode):
            return value
    raise ScaffoldError("mkdocs.yml: no nav: list found; expected the navigation to be listed in mkdocs.yml")


def _entry_paths(node: yaml.Node) -> list[str]:
    """Every page path under a nav node."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value]
    if isinstance(node, yaml.SequenceNode):
        return [path for child in node.value for path in _entry_paths(child)]
    if isinstance(node, yaml.MappingNode):
        return [path for _, child in node.value for path in _entry_paths(child)]
    return []


def find_parts(config_text: str) -> dict[str, Part]:
    """Parts by folder: nav sections whose first page is <folder>/index.md."""
    parts: dict[str, Part] = {}
    for item in _nav(_compose(config_text)).value:
        if not (isinstance(item, yaml.MappingNode) and len(item.value) == 1):
            continue
        title_node, children = item.value[0]
        if not isinstance(children, yaml.SequenceNode) or not children.value:
            continue
        first = _entry_paths(children.value[0])
        if first and first[0].endswith("/index.md"):
            folder = first[0].rsplit("/", 1)[0]
            last = children.value[-1]
            parts[folder] = Part(folder, title_node.value, last.end_mark.line - (last.end_mark.column == 0),
                                 children.value[0].start_mark.column - 2)
    return parts


def nav_paths(config_text: str) -> set[str]:
    """Every page path listed in the navigation."""
    return set(nav_pages(parse_mkdocs_config(config_text).get("nav")))


def _section_paths(config_text: str, title: str) -> list[str]:
    """Page paths in the navigation section with this title."""
    for item in _nav(_compose(config_text)).value:
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and item.value[0][0].value == title:
            return _entry_paths(item.value[0][1])
    return []


def insert_nav_line(config_text: str, part: Part, page: str) -> str:
    """mkdocs.yml with `- page` added as the last entry of the part's section."""
    lines = config_text.splitlines(keepends=True)
    # The entry may span several lines; insert after its last non-blank line.
    at = part.last_line
    while at > 0 and not lines[at].strip():
        at -= 1
    lines.insert(at + 1, " " * part.indent + f"- {page}\n")
    return "".join(lines)


def render_chapter(title: str, part: Part, description: str) -> str:
    """The new page's Markdown from the chapter template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    # json.dumps-style quoting keeps any title or description valid YAML in the front matter.
    env.filters["yaml_text"] = lambda value: '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return env.get_template(TEMPLATE.name).render(title=title, part=part, description=description)


def create_chapter(root: Path, title: str, part_folder: str, description: str = "") -> Path:
    """Write docs/<part>/<slug>.md and add it to the navigation; return the new file."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('TITLE is empty; expected the chapter title, such as TITLE="Patch management"')
    if re.search(r"[{}%#\\]", title):
        raise ScaffoldError(f"TITLE {title!r} contains {{, }}, %, # or \\; expected plain words")
    config_file = root / "mkdocs.yml"
    config_text = config_file.read_text(encoding="utf-8")
    parts = find_parts(config_text)
    if part_folder not in parts:
        raise ScaffoldError(f"PART {part_folder!r} is not a part of the handbook; expected one of: "
                            + ", ".join(f"{name} ({p.title})" for name, p in sorted(parts.items())))
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"TITLE {title!r} has no letters or digits; expected a title in words")
    page = f"{part_folder}/{slug}.md"
    target = root / "docs" / page
    if target.exists() or page in nav_paths(config_text):
        raise ScaffoldError(f"docs/{page} already exists; expected a new title, or edit that page instead")
    text = render_chapter(title, parts[part_folder], description or f"TODO: one sentence on what {title} covers.")
    new_config = insert_nav_line(config_text, parts[part_folder], page)
    # Parse the result before writing anything: the page must now be in that part's section.
    if page not in _section_paths(new_config, parts[part_folder].title):
        raise ScaffoldError(f"could not add {page} to the navigation in mkdocs.yml; add it by hand under "
                            f'"{parts[part_folder].title}"')
    target.write_text(text, encoding="utf-8")
    config_file.write_text(new_config, encoding="utf-8")
    return target


def _ask(prompt: str, choices: list[str] | None = None) -> str:
    """Ask in the terminal; refuse when there is none, naming the make variable to set."""
    if not sys.stdin.isatty():
        raise ScaffoldError(f"{prompt} was not given; expected "
                            + ('TITLE="..."' if choices is None else "PART=" + "|".join(choices)))
    hint = f" ({', '.join(choices)})" if choices else ""
    return input(f"{prompt}{hint}: ").strip()


def main(argv: list[str] | None = None) -> int:
    """Command line: create the chapter or print why not (exit 2)."""
    parser = argparse.ArgumentParser(prog="make chapter", description="Create a new chapter page.")
    parser.add_argument("--title", default="", help='the chapter title, e.g. "Patch management"')
    parser.add_argument("--part", default="", help="the docs/ folder of the part, e.g. tools")
    parser.add_argument("--description", default="", help="one sentence for search engines and link previews")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        parts = sorted(find_parts((root / "mkdocs.yml").read_text(encoding="utf-8")))
        title = args.title.strip() or _ask("Chapter title (TITLE)")
        part = args.part.strip() or _ask("Part (PART)", parts)
        created = create_chapter(root, title, part, args.description.strip())
    except ScaffoldError as error:
        print(f"make chapter: {error}", file=sys.stderr)
        return 2
    page = created.relative_to(root).as_posix()
    print(f"Created {page} and added it to the navigation in mkdocs.yml.")
    print("Next: write it (the TODO lines show where), preview with `make serve`, then `make check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
