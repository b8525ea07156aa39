"""What the statement loader refuses before it builds anything: bytes that are not a bounded,
UTF-8 text, and YAML features the statement format has no use for (anchors, aliases, tags,
merge keys, complex keys, deep nesting, over-long numbers, too many values).

Every refusal is a :class:`Refusal` with a 1-based line (and column when known); the
composer checks each event *before* it builds the node, so an alias bomb or a 10,000-deep
nesting is refused at its first anchor or at the limit, never expanded or recursed into.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode

#: Largest statement file, in bytes (the biggest curated file is 69 KB; the scale
#: benchmark's generated files stay under 450 KB).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Most values (scalars, lists, mappings) in one file: ruamel's round-trip loader spends
#: about 0.1 ms and 1 KB on each, so this bounds a dense file's time and memory (curated
#: maximum: 5,093; the scale benchmark's: 24,529).
MAX_NODES = 50_000
#: Longest line, in characters (curated files: 274).
MAX_LINE_CHARS = 10_000
#: Deepest nesting of mappings and sequences (the format uses 5).
MAX_NESTING_DEPTH = 20
#: Longest number, in characters: ids, offsets and PMIDs need 10; ``int()`` of a
#: 100,000-digit string is slow, and ``1e400000`` is not a measurement.
MAX_NUMBER_CHARS = 30
#: Longest mapping key, in characters (the format's longest is 17).
MAX_KEY_CHARS = 100

_MERGE_TAG = "tag:yaml.org,2002:merge"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_NO_ANCHORS = "statement files may not use YAML anchors or aliases"
_CONSTRUCTED_TAGS = _NUMBER_TAGS | {"tag:yaml.org,2002:timestamp"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class Refusal(Exception):
    """Input the loader will not read: a message, a fix, and where (1-based line, column)."""

    def __init__(self, line: int | None, column: int | None, message: str, fix: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
        super().__init__(f"{line}:{column}: {message}")


def _where(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte ``offset`` in ``raw``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def check_bytes(raw: bytes, size: int) -> str:
    """The text of a statement file, or a :class:`Refusal` saying where it is not a bounded,
    UTF-8, NUL-free text. ``raw`` may be cut at ``MAX_FILE_BYTES + 1``; ``size`` is the
    file's real size. A UTF-8 byte-order mark is dropped."""
    if size > MAX_FILE_BYTES:
        line = raw.count(b"\n", 0, MAX_FILE_BYTES) + 1
        raise Refusal(line, None,
                      f"file of {size} bytes refused: statement files are at most "
                      f"{MAX_FILE_BYTES} bytes (MAX_FILE_BYTES); the limit is passed on this line",
                      "split it into several statement files")
    if raw.startswith(_UTF16_32_BOMS):
        raise Refusal(1, 1, "UTF-16 or UTF-32 text refused (byte-order mark)", "save the file as UTF-8")
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _where(raw, nul)
        raise Refusal(line, column, "NUL byte refused: the file is binary or not UTF-8",
                      "save the file as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _where(raw, exc.start)
        raise Refusal(line, column, f"invalid UTF-8 byte 0x{raw[exc.start]:02x} ({exc.reason})",
                      "save the file as UTF-8") from None
    long_line = re.search(f"[^\\n]{{{MAX_LINE_CHARS + 1}}}", text)
    if long_line is not None:
        line = text.count("\n", 0, long_line.start()) + 1
        raise Refusal(line, MAX_LINE_CHARS + 1,
                      f"line longer than {MAX_LINE_CHARS} characters (MAX_LINE_CHARS) refused",
                      "break the value over several lines (a '>' folded block)")
    return text


def _finite(number: str) -> bool:
    """Whether a YAML int or float literal (already at most ``MAX_NUMBER_CHARS`` long) is finite."""
    try:
        return math.isfinite(float(number.replace("_", "")))
    except ValueError:  # '.inf', '.nan', '0x1f', '0o17': only the first two are not finite
        return "inf" not in number.lower() and "nan" not in number.lower()


def _at(event: Any, message: str, fix: str) -> Refusal:
    mark = event.start_mark
    return Refusal(mark.line + 1, mark.column + 1, message, fix)


class GuardedComposer(Composer):
    """A ruamel composer that refuses, at the event that shows it, what the format never uses."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self._nesting = 0
        self._nodes = 0
        self._keys: dict[int, dict[str, int]] = {}

    def compose_document(self) -> Any:
        """Refuse ``%YAML`` and ``%TAG`` directives: they change how values are read."""
        event = self.parser.peek_event()
        if isinstance(event, DocumentStartEvent) and (event.version or event.tags):
            raise _at(event, "YAML directive ('%YAML' or '%TAG') refused", "remove the directive line")
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Check the next event before building its node (and before any recursion)."""
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise _at(event, f"alias '*{event.anchor}' refused: {_NO_ANCHORS}",
                      "write the value out in full")
        if event.anchor is not None:
            raise _at(event, f"anchor '&{event.anchor}' refused: {_NO_ANCHORS}",
                      "remove the anchor and write each value out in full")
        if event.ctag is not None:
            written = f"{event.ctag.handle or ''}{event.ctag.suffix or ''}"
            raise _at(event, f"tag '{written}' refused: statement files may not use YAML tags",
                      "remove the tag and write a plain value")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _at(event, f"more than {MAX_NODES} values (MAX_NODES) refused: the file is too "
                      "dense to be a statement file", "split it into several statement files")
        is_key = isinstance(parent, MappingNode) and index is None
        if isinstance(event, SequenceStartEvent | MappingStartEvent):
            if is_key:
                raise _at(event, "complex mapping key refused: keys are plain field names",
                          "use a field name as the key")
            if self._nesting >= MAX_NESTING_DEPTH:
                raise _at(event, f"nesting deeper than {MAX_NESTING_DEPTH} levels "
                          "(MAX_NESTING_DEPTH) refused", "flatten the structure")
        elif is_key and isinstance(event, ScalarEvent):
            self._check_key(parent, event)
        return super().compose_node(parent, index)

    def _check_key(self, parent: Any, event: Any) -> None:
        value = event.value
        if len(value) > MAX_KEY_CHARS:
            raise _at(event, f"key of {len(value)} characters refused: keys are at most "
                      f"{MAX_KEY_CHARS} characters (MAX_KEY_CHARS)", "use a field name as the key")
        seen = self._keys.setdefault(id(parent), {})
        if value in seen:  # keys are compared as text: the loader makes every key a string
            raise _at(event, f"duplicate key '{value}' (first at line {seen[value]})",
                      "remove one of the two or rename it")
        seen[value] = event.start_mark.line + 1

    def compose_scalar_node(self, anchor: Any) -> Any:
        """Refuse merge keys and numbers too long to be data."""
        node = super().compose_scalar_node(anchor)
        tag = str(node.tag)
        if tag == _MERGE_TAG:
            raise _at(node, "merge key '<<' refused: statement files may not use YAML merge keys",
                      "write the keys out in full")
        if tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            raise _at(node, f"number of {len(node.value)} characters refused: numbers have at most "
                      f"{MAX_NUMBER_CHARS} characters (MAX_NUMBER_CHARS)",
                      "correct the number, or quote it if it is text")
        if tag in _NUMBER_TAGS and not _finite(node.value):
            raise _at(node, f"number '{node.value}' refused: not a finite number",
                      "give a finite number, or quote it if it is text")
        if node.style == '"' and _SURROGATE.search(node.value):
            raise _at(node, "escaped UTF-16 surrogate ('\\ud800'…'\\udfff') refused: not a character",
                      "write the character itself, or its '\\U' escape")
        if tag in _CONSTRUCTED_TAGS:
            # Built now, so that an impossible date or number is refused at its line; the
            # constructor keeps the value and does not build it twice.
            try:
                self.loader.constructor.construct_object(node)
            except (ValueError, IndexError, OverflowError) as exc:
                raise _at(node, f"value '{node.value}' refused: {exc}",
                          "correct the value, or quote it if it is text") from None
        return node

    def compose_sequence_node(self, anchor: Any) -> Any:
        """Count the nesting depth while the sequence is composed."""
        self._nesting += 1
        try:
            return super().compose_sequence_node(anchor)
        finally:
            self._nesting -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        """Count the nesting depth; forget the mapping's keys once it is composed."""
        self._nesting += 1
        try:
            node = super().compose_mapping_node(anchor)
        finally:
            self._nesting -= 1
        self._keys.pop(id(node), None)
        return node
