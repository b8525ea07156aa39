"""The bytes between a web worker and its query executor: one length-prefixed frame each way.

``multiprocessing``'s ``Connection`` cost more than the query on the small graph (issue 14:
its ``send`` pickles, writes a header and the payload separately, and ``poll`` goes through
``select``), so the executors speak over a plain ``socketpair``: a request is one ``send``
of an 8-byte length and the pickled request, an answer the same back. The worker's end is
non-blocking, so the same socket serves a waiting thread (:func:`send_by` /
:func:`receive_by`, under a deadline) and the serving front's event loop
(:func:`receive_async`, awaiting the answer without a thread).
"""

from __future__ import annotations

import asyncio
import pickle
import select
import socket
import struct
import time
from typing import Any

#: The frame header: the payload's length in bytes.
HEADER = struct.Struct("!Q")
#: Bytes asked of the socket per read: most answers arrive in one.
READ_BYTES = 256 * 1024


class TimedOut(Exception):
    """The deadline passed before the whole frame was sent or received."""


def frame(item: Any) -> bytes:
    """``item`` pickled, behind its length."""
    payload = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


def _unpickle(payload: bytes) -> Any:
    return pickle.loads(payload)


def _split(buffer: bytearray) -> int | None:
    """The whole frame's length once its header is in ``buffer``."""
    if len(buffer) < HEADER.size:
        return None
    return HEADER.size + int(HEADER.unpack_from(buffer)[0])


def send_blocking(sock: socket.socket, item: Any) -> None:
    """In the executor (a blocking socket): send ``item`` as one frame."""
    sock.sendall(frame(item))


def receive_blocking(sock: socket.socket) -> Any:
    """In the executor (a blocking socket): the next frame's item; ``EOFError`` when closed."""
    buffer = bytearray()
    size: int | None = None
    while size is None or len(buffer) < size:
        part = sock.recv(READ_BYTES if size is None else size - len(buffer))
        if not part:
            raise EOFError("the other end closed the socket")
        buffer += part
        size = _split(buffer)
    return _unpickle(bytes(buffer[HEADER.size:size]))


def _wait(sock: socket.socket, event: int, deadline: float) -> None:
    poller = select.poll()
    poller.register(sock.fileno(), event)
    left = deadline - time.monotonic()
    if left <= 0 or not poller.poll(left * 1000):
        raise TimedOut


def send_by(sock: socket.socket, data: bytes, deadline: float) -> None:
    """In a web thread (non-blocking socket): send ``data`` by ``deadline`` (a monotonic time)."""
    view = memoryview(data)
    while view:
        try:
            view = view[sock.send(view):]
        except BlockingIOError:
            _wait(sock, select.POLLOUT, deadline)


def receive_by(sock: socket.socket, deadline: float) -> Any:
    """In a web thread (non-blocking socket): the next frame's item, by ``deadline``.

    Raises :class:`TimedOut`, or ``EOFError`` when the executor closed its end (it died).
    """
    buffer = bytearray()
    size: int | None = None
    while size is None or len(buffer) < size:
        try:
            part = sock.recv(READ_BYTES if size is None else size - len(buffer))
        except BlockingIOError:
            _wait(sock, select.POLLIN, deadline)
            continue
        if not part:
            raise EOFError("the executor closed its socket")
        buffer += part
        size = _split(buffer)
    return _unpickle(bytes(buffer[HEADER.size:size]))


async def receive_async(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> Any:
    """On the event loop (non-blocking socket): the next frame's item; ``EOFError`` when the
    executor closed its end. The caller bounds the wait (``asyncio.timeout``)."""
    buffer = bytearray()
    size: int | None = None
    while size is None or len(buffer) < size:
        part = await loop.sock_recv(sock, READ_BYTES if size is None else size - len(buffer))
        if not part:
            raise EOFError("the executor closed its socket")
        buffer += part
        size = _split(buffer)
    return _unpickle(bytes(buffer[HEADER.size:size]))
