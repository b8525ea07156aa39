"""Readable SPARQL syntax errors: which token, where, and what to write instead.

pyoxigraph's parser reports the furthest position it reached and every character class it
would have accepted there (``expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …``),
often one token past the culprit. When a query does not parse, :func:`explain` looks at the
query's own tokens first:

1. a prefixed name whose prefix the query does not declare: the message names the prefix and
   gives the ``PREFIX`` line to add (the namespace from the project's prefix registry,
   :data:`semaxkg.rdf.iri_scheme.PREFIXES`, when the prefix is one of the project's);
2. a bare word that is no SPARQL keyword (``SELEC``, ``LIMT``): the message names it and the
   nearest keywords;
3. otherwise the parser's position, moved onto the token there, with the keywords and
   punctuation it expected (character classes dropped).

The position is always "line L, column C" of the offending token's first character, the same
in the HTTP 400 body, on the query page (which puts the cursor there) and in ``semaxkg query``.

>>> print(explain("SELEC * { ?s ?p ?o }", "error at 1:10: expected CONSTRUCT"))
Bad request: SPARQL syntax error at line 1, column 1: found "SELEC"; did you mean SELECT?
Fix: write SELECT instead of SELEC.
  1 | SELEC * { ?s ?p ?o }
    | ^^^^^
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from semaxkg.rdf import sparql_lexer as lexer
from semaxkg.rdf.iri_scheme import PREFIXES
from semaxkg.sparql.messages import bad_request_text

#: SPARQL 1.1 keywords and built-in function names (upper-cased), plus pyoxigraph's extensions.
_KEYWORD_LIST = """
    BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE GROUP BY
    HAVING ORDER ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE SILENT
    FILTER BIND NOT IN EXISTS A TRUE FALSE LOAD CLEAR DROP CREATE ADD MOVE COPY INSERT DELETE
    DATA WITH USING DEFAULT ALL TO INTO LATERAL VERSION
    STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY
    HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE
    IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR TRIPLE SUBJECT PREDICATE OBJECT
    ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR
"""
KEYWORDS = frozenset(_KEYWORD_LIST.split())
#: Keywords offered as corrections (the common ones first when two are as close).
_SUGGESTABLE = sorted(KEYWORDS - {"A", "TO", "IN", "AS", "BY", "IF", "TZ"})
#: How many keywords a "did you mean" names at most.
MAX_SUGGESTIONS = 3
_AT = re.compile(r"at (\d+):(\d+)")
#: Items of pyoxigraph's "expected one of" worth showing: quoted punctuation or a keyword.
_EXPECTED_ITEM = re.compile(r'^(?:"[^"]+"|[A-Za-z][A-Za-z_]*)$')
_EXPECTED_SKIP = frozenset({"Prefix not found"})
#: How pyoxigraph writes the digit class in its "expected" list.
_DIGITS = "'0'..='9'"
#: Keywords followed by nothing but a number (the parser's other guesses there are noise).
_NUMBER_AFTER = frozenset({"LIMIT", "OFFSET"})


#: (what is wrong, how to fix it, the excerpt under it): the arguments of the one 400 style.
Parts = tuple[str, str, str]


@dataclass(frozen=True)
class Located:
    """A token of the query: its text and where it starts (0-based offset)."""

    text: str
    offset: int


def line_column(query: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``query``."""
    line = query.count("\n", 0, offset) + 1
    start = query.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def excerpt(query: str, offset: int, length: int) -> str:
    """The query line holding ``offset``, numbered, with ``^`` under the token."""
    line, column = line_column(query, offset)
    text = query.splitlines()[line - 1] if query.strip() else ""
    gutter = f"  {line} | "
    marks = "^" * max(1, min(length, len(text) - column + 1))
    return f"{gutter}{text}\n{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}{marks}"


def _declared(query: str) -> set[str]:
    declared: set[str] = set()
    pending = False
    for kind, token, _ in lexer.tokens(query):
        if kind == "word" and token.upper() == "PREFIX":
            pending = True
        elif pending and kind == "pname":
            declared.add(token.split(":", 1)[0])
            pending = False
        else:
            pending = False
    return declared


def undeclared_prefix(query: str) -> Located | None:
    """The first prefixed name whose prefix ``query`` does not declare."""
    declared = _declared(query)
    after_prefix = False
    for kind, token, offset in lexer.tokens(query):
        # A blank node label (_:b) looks like a prefixed name but needs no declaration.
        blank = token.startswith("_:")
        if kind == "pname" and not after_prefix and not blank and token.split(":", 1)[0] not in declared:
            return Located(token, offset)
        after_prefix = kind == "word" and token.upper() == "PREFIX"
    return None


def unknown_word(query: str) -> Located | None:
    """The first bare word of ``query`` that is no SPARQL keyword (a language tag is skipped)."""
    previous = ""
    for kind, token, offset in lexer.tokens(query):
        # A language tag (@en-GB) and a number's exponent (1e5) are words to the lexer.
        glued = offset > 0 and (query[offset - 1].isdigit() or query[offset - 1] == "-")
        if kind == "word" and token.upper() not in KEYWORDS and previous != "@" and not glued:
            return Located(token, offset)
        previous = token
    return None


def prefix_line(prefix: str, prefixes: dict[str, str] | None = None) -> str | None:
    """The ``PREFIX`` line declaring ``prefix`` from the project's registry, or ``None``."""
    namespace = (prefixes or PREFIXES).get(prefix)
    return f"PREFIX {prefix}: <{namespace}>" if namespace else None


def _where(query: str, offset: int) -> str:
    line, column = line_column(query, offset)
    return f"SPARQL syntax error at line {line}, column {column}"


def _prefix_message(query: str, found: Located, prefixes: dict[str, str] | None) -> Parts:
    prefix = found.text.split(":", 1)[0]
    line = prefix_line(prefix, prefixes)
    what = f'{_where(query, found.offset)}: the prefix "{prefix}:" is not declared'
    fix = (f"add this line at the top of the query: {line}" if line else
           f"declare it at the top of the query (PREFIX {prefix}: followed by its namespace "
           "IRI in <…>) or write the full IRIs")
    return (what, fix, excerpt(query, found.offset, len(prefix) + 1))


def suggestions(word: str) -> list[str]:
    """The keywords closest to ``word`` (at most :data:`MAX_SUGGESTIONS`)."""
    return difflib.get_close_matches(word.upper(), _SUGGESTABLE, n=MAX_SUGGESTIONS, cutoff=0.6)


def _word_message(query: str, found: Located) -> Parts:
    near = suggestions(found.text)
    where = _where(query, found.offset)
    if near:
        what = f'{where}: found "{found.text}"; did you mean {" or ".join(near)}?'
        fix = f"write {near[0]} instead of {found.text}"
    else:
        what = f'{where}: found "{found.text}", which is not a SPARQL keyword'
        fix = ("check the spelling: variables start with ? or $, prefixed names have a colon, "
               "strings are quoted")
    return (what, fix, excerpt(query, found.offset, len(found.text)))


def _expected(parser_message: str) -> list[str]:
    _, _, tail = parser_message.partition("expected ")
    tail = tail.removeprefix("one of ")
    items = [item.strip() for item in re.split(r",\s*(?![^\[]*\])", tail)]
    found = [item for item in items if _EXPECTED_ITEM.match(item) and item not in _EXPECTED_SKIP]
    # The one character class worth naming: a digit is where a number goes (LIMIT, OFFSET).
    return found + (["a number"] if _DIGITS in tail else [])


def _parser_offset(query: str, parser_message: str) -> int:
    at = _AT.search(parser_message)
    if at is None:
        return len(query.rstrip())
    line, column = int(at.group(1)), int(at.group(2))
    lines = query.split("\n")
    start = sum(len(text) + 1 for text in lines[: line - 1])
    return min(start + column - 1, len(query))


def _token_at(query: str, offset: int) -> Located | None:
    """The token starting at ``offset``, else the last one starting before it."""
    last = None
    for _, token, start in lexer.tokens(query):
        if start > offset:
            break
        last = Located(token, start)
    return last


_PAIRS = {"}": "{", ")": "(", "]": "["}


def unbalanced(query: str) -> tuple[Located, bool] | None:
    """The first closing bracket with no opener (``True``), else the first opener never
    closed (``False``), else ``None``."""
    stack: list[Located] = []
    for kind, token, offset in lexer.tokens(query):
        if kind != "other":
            continue
        if token in "{([":
            stack.append(Located(token, offset))
        elif token in _PAIRS:
            if not stack or stack[-1].text != _PAIRS[token]:
                return Located(token, offset), True
            stack.pop()
    return (stack[0], False) if stack else None


def _bracket_message(query: str, found: Located, extra: bool) -> Parts:
    where = _where(query, found.offset)
    if extra:
        what = f'{where}: "{found.text}" closes nothing'
        fix = f'remove this "{found.text}" or open its pair before it'
    elif found.text in "\"'":
        what = f"{where}: the string starting here is never closed"
        fix = f"end it with {found.text} on the same line (or use triple quotes)"
    else:
        what = f'{where}: "{found.text}" is never closed'
        closer = {v: k for k, v in _PAIRS.items()}[found.text]
        fix = f'close it with "{closer}" where the group ends'
    return (what, fix, excerpt(query, found.offset, 1))


def _generic_message(query: str, parser_message: str) -> Parts:
    reached = _parser_offset(query, parser_message)
    offset = min(reached, max(len(query.rstrip()) - 1, 0))
    expected = _expected(parser_message)
    wanted = f"; expected {', '.join(expected)}" if expected else ""
    token = _token_at(query, offset) or Located(query[offset : offset + 1], offset)
    end = len(query.rstrip())
    if reached >= end and token.offset + len(token.text) >= end and token.text.upper() in KEYWORDS:
        # The text stops after a keyword that needs more (LIMIT, BY, SELECT): say so, not
        # "found LIMIT". After a bracket the parser's guess is kept (it is the better one).
        if token.text.upper() in _NUMBER_AFTER:
            wanted = "; expected a number"
        what = f'{_where(query, token.offset)}: the query ends after "{token.text}"{wanted}'
        fix = f'complete the query after "{token.text}"'
        return (what, fix, excerpt(query, token.offset, len(token.text)))
    what = f'{_where(query, token.offset)}: found "{token.text}"{wanted}'
    fix = f'correct the query at or just before "{token.text}"'
    return (what, fix, excerpt(query, token.offset, len(token.text)))


def explain(query: str, parser_message: str, prefixes: dict[str, str] | None = None) -> str:
    """The 400 text for ``query``, which the parser refused with ``parser_message``."""
    return bad_request_text(*explain_parts(query, parser_message, prefixes))


def explain_parts(query: str, parser_message: str,
                  prefixes: dict[str, str] | None = None) -> Parts:
    """What is wrong, the fix and the excerpt for ``query``, refused with ``parser_message``.

    ``prefixes`` is the registry to take a missing ``PREFIX`` line from (default: the
    project's, :data:`semaxkg.rdf.iri_scheme.PREFIXES`).
    """
    prefix = undeclared_prefix(query)
    if prefix is not None:
        return _prefix_message(query, prefix, prefixes)
    quote = next((Located(token, offset) for kind, token, offset in lexer.tokens(query)
                  if kind == "other" and token in "\"'"), None)
    if quote is not None:  # the lexer found no end for a string starting there
        return _bracket_message(query, quote, False)
    word = unknown_word(query)
    if word is not None:
        return _word_message(query, word)
    bracket = unbalanced(query)
    if bracket is not None:
        return _bracket_message(query, *bracket)
    return _generic_message(query, parser_message)
