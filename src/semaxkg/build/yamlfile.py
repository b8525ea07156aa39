"""Read statement YAML while keeping the line of every mapping key and list item, for located
errors; the bounds and refusals it applies first are in :mod:`semaxkg.build.yamlguard`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import Reader

from semaxkg.build.yamlguard import MAX_FILE_BYTES, GuardedComposer, Refusal, check_bytes
from semaxkg.errors import InputError, Location, Problem

PathKey = tuple[str | int, ...]


@dataclass
class LocatedDocument:
    """Plain Python data from one YAML file plus the 1-based line of each path in it."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, key: PathKey) -> int:
        """Line of ``key``, or of its nearest ancestor that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def location(self, key: PathKey) -> Location:
        """The file:line location of ``key``."""
        return Location(self.path, self.line_of(key))


def _plain(node: Any, key: PathKey, lines: dict[PathKey, int]) -> Any:
    """Convert ruamel nodes to dict/list/scalars, recording lines as we go."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for k in node:
            line, _col = node.lc.key(k)
            child_key = (*key, str(k))
            lines[child_key] = line + 1
            out[str(k)] = _plain(node[k], child_key, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            line, _col = node.lc.item(i)
            lines[(*key, i)] = line + 1
            items.append(_plain(item, (*key, i), lines))
        return items
    if isinstance(node, str):
        return str(node)
    return node


class _PositionKeepingReader(Reader):
    """A ruamel reader that remembers where it stopped, for errors ruamel does not locate."""

    stopped_at = (0, 0)

    def reset_reader(self) -> None:
        """Note the 0-based line and column reached, then reset as usual."""
        self.stopped_at = (getattr(self, "line", 0), getattr(self, "column", 0))
        super().reset_reader()


def _read_bounded(path: Path) -> tuple[bytes, int]:
    """At most ``MAX_FILE_BYTES + 1`` bytes of ``path`` and its real size."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(min(size, MAX_FILE_BYTES) + 1), size


def load_yaml(path: Path, display: str | None = None) -> LocatedDocument:
    """Load one statement YAML file; anything malformed or refused (see :mod:`semaxkg.build.yamlguard`)
    becomes an :class:`InputError` at file:line:column, never a traceback."""
    shown = display or str(path)
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.Composer = GuardedComposer
    yaml.Reader = _PositionKeepingReader
    try:
        text = check_bytes(*_read_bounded(path))
        node = yaml.load(text)
    except Refusal as exc:
        raise InputError([Problem(Location(shown, exc.line, exc.column), exc.message, exc.fix)]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise InputError(
            [Problem(Location(shown, line, col), f"malformed YAML: {what}", "fix the YAML syntax")]
        ) from None
    except YAMLError as exc:
        position = getattr(exc, "position", None)  # reader errors (bad characters) carry an offset
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
            raise InputError([Problem(Location(shown, line, col), f"malformed YAML: {exc}",
                                      "remove the control character or fix the encoding")]) from None
        raise InputError(
            [Problem(Location(shown, 1), f"malformed YAML: {exc}", "fix the YAML syntax")]
        ) from None
    except (ValueError, IndexError, OverflowError) as exc:
        # ruamel lets a few impossible values escape unlocated (an escape such as '\\U00110000')
        line, col = yaml.reader.stopped_at
        raise InputError([Problem(Location(shown, line + 1, col + 1), f"unreadable YAML value: {exc}",
                                  "correct the value near here")]) from None
    lines: dict[PathKey, int] = {(): 1}
    data = _plain(node, (), lines)
    return LocatedDocument(shown, data, lines)
