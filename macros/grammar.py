"""The one page grammar: `{{ macro(literal, name=literal) }}` calls and `{% raw %}` blocks, nothing else.

`PageGrammar` is a Jinja extension. mkdocs-macros (MkDocs) and Zensical's macros extension both
load it from the `j2_extensions` setting, and `make check` parses pages with it too, so one
implementation decides what a page may hold, at parse time, before anything is rendered.
It reads Jinja's own token stream: raw blocks and comments are already plain text there.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator

import jinja2
from jinja2 import lexer as tokens
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# Where authors find the macros and their arguments; messages point there.
REFERENCE_PAGE = "docs/contributing/macros.md"
# Literal lists and mappings nest at most this deep (no real call nests more than two).
MAX_NESTING = 8
# Names that Jinja reads as constants inside an argument.
CONSTANT_NAMES = frozenset({"true", "false", "none", "True", "False", "None"})
RAW_HINT = "to show braces as text, wrap them in {% raw %} ... {% endraw %}"


class PageGrammarError(jinja2.TemplateSyntaxError):
    """Template syntax a page may not use; its message is one line for the contributor."""


def macro_names() -> frozenset[str]:
    """The macros a page may call: the handbook's registry, read when first needed."""
    from . import MACROS  # late: the package imports its renderers before it is complete

    return frozenset(MACROS)


class _Reader:
    """Checks one `{{ ... }}` expression, token by token, against the call grammar."""

    def __init__(self, stream: TokenStream, allowed: frozenset[str]) -> None:
        self.stream = stream
        self.allowed = allowed
        self.seen: list[Token] = []

    @property
    def current(self) -> Token:
        """The next token, not yet read (never one past the closing `}}`)."""
        return self.stream.current

    def fail(self, problem: str, token: Token | None = None) -> PageGrammarError:
        """The error for `problem` at `token` (the current one by default)."""
        lineno = (token or self.current).lineno
        return PageGrammarError(f"line {lineno}: {problem}", lineno, self.stream.name, self.stream.filename)

    def advance(self) -> Token:
        """The current token, read and kept for the parser."""
        token = next(self.stream)
        self.seen.append(token)
        return token

    def expect(self, kind: str, problem: str) -> Token:
        """The current token if it is of `kind`, else a grammar error saying `problem`."""
        if self.current.type != kind:
            raise self.fail(problem)
        return self.advance()

    def call(self) -> list[Token]:
        """`{{ name(arguments) }}`: every token read, the closing `}}` included."""
        listed = ", ".join(sorted(self.allowed)) or "none"
        if self.current.type != tokens.TOKEN_NAME:
            raise self.fail(f"only a macro call such as {{{{ tool_category_table() }}}} may stand "
                            f"between {{{{ and }}}}; {RAW_HINT}")
        macro = self.advance()
        if macro.value not in self.allowed:
            close = difflib.get_close_matches(macro.value, sorted(self.allowed), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise self.fail(f'"{macro.value}" is not a macro of the handbook{hint}; expected one of: '
                            f"{listed} (see {REFERENCE_PAGE})", macro)
        self.expect(tokens.TOKEN_LPAREN, f"{macro.value} must be called, as {macro.value}(...); "
                    "pages may not read names, attributes or filters")
        self.arguments(macro.value)
        self.expect(tokens.TOKEN_VARIABLE_END, f"{macro.value}(...) must be the whole expression, "
                    "with nothing after the closing bracket (no filters, operators or attributes)")
        return self.seen

    def arguments(self, macro: str) -> None:
        """Positional literals, then `name=literal`, up to the closing `)`."""
        keywords = False
        while self.current.type != tokens.TOKEN_RPAREN:
            if self.current.type == tokens.TOKEN_NAME and self.current.value not in CONSTANT_NAMES:
                keyword = self.advance()
                self.expect(tokens.TOKEN_ASSIGN, f"{macro}(): {keyword.value} is a name, not a value; "
                            "arguments must be plain values (text in quotes, numbers, true/false, lists) "
                            "or name=value")
                keywords = True
            elif keywords:
                raise self.fail(f"{macro}(): a plain value may not follow a name=value argument")
            self.literal(macro, 0)
            if self.current.type != tokens.TOKEN_COMMA:
                break
            self.advance()
        self.expect(tokens.TOKEN_RPAREN, f"{macro}(): arguments must be plain values (text in quotes, "
                    "numbers, true/false, lists), separated by commas; expected no variables, filters "
                    "or expressions")

    def literal(self, macro: str, depth: int) -> None:
        """One plain value: text, a number, true/false/none, or a list or mapping of them."""
        if depth > MAX_NESTING:
            raise self.fail(f"{macro}(): lists nest more than {MAX_NESTING} deep")
        kind = self.current.type
        if kind == tokens.TOKEN_STRING:
            while self.current.type == tokens.TOKEN_STRING:  # Jinja joins adjacent strings
                self.advance()
        elif kind in (tokens.TOKEN_INTEGER, tokens.TOKEN_FLOAT):
            self.advance()
        elif kind == tokens.TOKEN_SUB:
            self.advance()
            if self.current.type not in (tokens.TOKEN_INTEGER, tokens.TOKEN_FLOAT):
                raise self.fail(f"{macro}(): a minus sign may only stand before a number")
            self.advance()
        elif kind == tokens.TOKEN_NAME and self.current.value in CONSTANT_NAMES:
            self.advance()
        elif kind in (tokens.TOKEN_LBRACKET, tokens.TOKEN_LPAREN):
            close = tokens.TOKEN_RBRACKET if kind == tokens.TOKEN_LBRACKET else tokens.TOKEN_RPAREN
            self.advance()
            while self.current.type != close:
                self.literal(macro, depth + 1)
                if self.current.type != tokens.TOKEN_COMMA:
                    break
                self.advance()
            self.expect(close, f"{macro}(): a list holds plain values separated by commas")
        elif kind == tokens.TOKEN_LBRACE:
            self.advance()
            while self.current.type != tokens.TOKEN_RBRACE:
                self.literal(macro, depth + 1)
                self.expect(tokens.TOKEN_COLON, f"{macro}(): a mapping is written {{'key': value}}")
                self.literal(macro, depth + 1)
                if self.current.type != tokens.TOKEN_COMMA:
                    break
                self.advance()
            self.expect(tokens.TOKEN_RBRACE, f"{macro}(): a mapping is written {{'key': value}}")
        else:
            raise self.fail(f"{macro}(): arguments must be plain values (text in quotes, numbers, "
                            "true/false, lists); expected no variables, filters or expressions")


class PageGrammar(Extension):
    """Refuses, at parse time, any page template that is more than macro calls with plain values."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        """The page's tokens, unchanged, once each `{{ }}` is a macro call and no `{% %}` is used."""
        allowed = macro_names()
        for token in stream:
            if token.type == tokens.TOKEN_BLOCK_BEGIN:
                word = stream.current.value if stream.current.type == tokens.TOKEN_NAME else "..."
                raise PageGrammarError(
                    f'line {token.lineno}: "{{% {word} %}}" is not allowed in a page; pages hold only '
                    f"macro calls such as {{{{ tool_category_table() }}}}; {RAW_HINT}",
                    token.lineno, stream.name, stream.filename)
            if token.type == tokens.TOKEN_VARIABLE_BEGIN:
                yield token
                yield from _Reader(stream, allowed).call()
                continue
            yield token


GRAMMAR_EXTENSION = f"{PageGrammar.__module__}.{PageGrammar.__name__}"


def page_problem(source: str, environment: jinja2.Environment) -> tuple[int, str] | None:
    """(line, problem) for the first thing in `source` the page grammar refuses, or None.

    `environment` must have PageGrammar loaded: this is the same parse the engines run.
    """
    try:
        environment.parse(source)
    except jinja2.TemplateSyntaxError as error:
        message = error.message or ""
        if not isinstance(error, PageGrammarError):
            message = f"line {error.lineno}: template syntax error: {message}; {RAW_HINT}"
        return error.lineno, message
    return None
