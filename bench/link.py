"""A weak mobile link in front of the server: one bandwidth and one round trip shared by every
connection the browser opens, its page and its workers alike.

Chromium's own throttling (CDP Network.emulateNetworkConditions) applies to the page it is set
on only: MapLibre fetches its tiles in a dedicated worker, whose requests crossed at loopback
speed, uncounted (measured: the worker script's 147 KB arrived in 0.36 s on a "1.6 Mbps" page).
Here every byte goes through one queue a direction: a chunk is sent when the link is free,
takes its size / rate on the wire, and arrives half a round trip later; a new connection costs
one round trip (the TCP handshake). What a phone's radio link does, to first order.
"""
from __future__ import annotations

import asyncio
import collections
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

CHUNK = 8 * 1024  # what the link sends of one connection before serving the next waiting one


class Direction:
    """One direction of the link: the connections with bytes waiting take turns, a chunk each,
    at `rate` bytes/s (as TCP flows share a bottleneck), and each chunk arrives half a round
    trip after it has left."""

    def __init__(self, rate: float, rtt_s: float) -> None:
        self.rate, self.rtt_s, self.bytes = rate, rtt_s, 0
        self.waiting: dict[int, tuple[collections.deque[bytes], asyncio.Queue[tuple[float, bytes]]]] = {}
        self.turns: collections.deque[int] = collections.deque()
        self.sending: int | None = None
        self.wake = asyncio.Event()

    def put(self, flow: int, data: bytes, arrivals: asyncio.Queue[tuple[float, bytes]]) -> None:
        chunks, _ = self.waiting.setdefault(flow, (collections.deque(), arrivals))
        chunks.extend([data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] if data else [b""])  # b"": the end
        if flow not in self.turns and flow != self.sending:
            self.turns.append(flow)
        self.wake.set()

    async def transmit(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self.turns:
                self.wake.clear()
                await self.wake.wait()
                continue
            flow = self.turns.popleft()
            if flow not in self.waiting:
                continue  # its connection was reset with bytes still waiting (an aborted tile)
            self.sending = flow
            chunks, arrivals = self.waiting[flow]
            data = chunks.popleft()
            await asyncio.sleep(len(data) / self.rate)
            self.bytes += len(data)
            arrivals.put_nowait((loop.time() + self.rtt_s / 2, data))
            self.sending = None
            if chunks:
                self.turns.append(flow)


@dataclass
class Link:
    down_bps: float
    up_bps: float
    rtt_s: float
    connections: int = 0
    directions: dict[str, Direction] = field(default_factory=dict)

    def counted(self) -> dict[str, int]:
        return {"down": self.directions["down"].bytes, "up": self.directions["up"].bytes,
                "connections": self.connections}


async def _pump(way: Direction, flow: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Bytes read from one side cross the link and are written to the other, in order; the end
    of the stream crosses after them."""
    loop = asyncio.get_running_loop()
    arrivals: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            at, data = await arrivals.get()
            if at > loop.time():
                await asyncio.sleep(at - loop.time())
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    sender = asyncio.create_task(deliver())
    try:
        while data := await reader.read(64 * 1024):
            if sender.done():  # the other side is gone (an aborted tile): stop spending the link on it
                break
            way.put(flow, data, arrivals)
    except OSError:
        pass
    way.put(flow, b"", arrivals)
    try:
        await sender
    except (ConnectionError, OSError):
        pass
    way.waiting.pop(flow, None)


async def _serve(link: Link, upstream: int, ready: threading.Event, box: dict[str, object]) -> None:
    link.directions = {"down": Direction(link.down_bps / 8, link.rtt_s), "up": Direction(link.up_bps / 8, link.rtt_s)}
    transmitters = [asyncio.create_task(d.transmit()) for d in link.directions.values()]
    for t in transmitters:  # a transmitter that died would stall every connection: say so
        t.add_done_callback(lambda t: t.cancelled() or t.exception() is None
                            or print(f"bench.link: transmitter failed: {t.exception()!r}", flush=True))
    flows = itertools.count()

    async def handle(c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        link.connections += 1
        try:
            await asyncio.sleep(link.rtt_s)  # the handshake
            u_reader, u_writer = await asyncio.open_connection("127.0.0.1", upstream)
            await asyncio.gather(_pump(link.directions["up"], next(flows), c_reader, u_writer),
                                 _pump(link.directions["down"], next(flows), u_reader, c_writer))
            u_writer.close()
        except (OSError, asyncio.CancelledError):  # refused upstream, or the link is shutting down
            pass
        c_writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    box["port"] = server.sockets[0].getsockname()[1]
    box["stop"] = asyncio.get_running_loop().create_future()
    ready.set()
    async with server:
        await box["stop"]  # type: ignore[misc]
    rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for t in rest + transmitters:
        t.cancel()
    await asyncio.gather(*rest, *transmitters, return_exceptions=True)


@contextmanager
def mobile_link(upstream: int, *, down_bps: float, up_bps: float, rtt_ms: float) -> Iterator[tuple[int, Link]]:
    """A port that forwards to `upstream` over the link; the Link counts the bytes it carried."""
    link = Link(down_bps, up_bps, rtt_ms / 1000)
    ready = threading.Event()
    box: dict[str, object] = {}
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(_serve(link, upstream, ready, box),), daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("link did not start")
    try:
        yield int(box["port"]), link  # type: ignore[call-overload]
    finally:
        stop = box["stop"]
        loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))  # type: ignore[attr-defined]
        thread.join(10)

