"""Grab one frame from a camera source, within a time limit: a still-image URL (a camera's
snapshot endpoint), an MJPEG stream over HTTP (multipart/x-mixed-replace: the first whole
JPEG is taken and the connection closed), a video file or an RTSP/RTMP stream (OpenCV with
FFmpeg's open and read timeouts), or an image file. A camera that is down, slow or sends
garbage raises OSError (TimeoutError for slow), which the caller turns into "offline".
A source URL may carry the camera's login (http://user:password@host/snapshot.jpg, as IP
cameras are set up): HTTP answers its Basic or Digest challenge with it, and no error names it
(errors reach the worker's log and the operators' camera list)."""
from __future__ import annotations

import http.client
import io
import socket
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from geo.cameras import without_login

VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".mov")
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024


def grab(source: str, timeout_s: float = 8.0) -> np.ndarray:
    """A BGR uint8 frame (OpenCV order)."""
    if source.startswith(("rtsp://", "rtmp://")) or source.lower().endswith(VIDEO_SUFFIXES):
        return _video(source, timeout_s)
    if source.startswith(("http://", "https://")):
        return _decode(_http(source, timeout_s), without_login(source))
    return _decode(Path(source.removeprefix("file://")).read_bytes(), source)


def _decode(data: bytes, source: str) -> np.ndarray:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise OSError(f"{source}: not an image ({exc})") from None
    return np.ascontiguousarray(np.asarray(img.convert("RGB"))[..., ::-1])


class _Sockets:
    """The connections one grab opened (redirects and login challenges open more than one), so that
    the deadline can cut them: urllib's timeout bounds each read only, and a camera sending its
    headers a byte every 2 s held the vision worker for its whole job time, every interval (a walk).
    A connection made after the cut is cut as soon as it is made (a redirect then dripping held a
    1.5 s grab for 9.8 s: a review)."""

    def __init__(self) -> None:
        self.open: list[http.client.HTTPConnection] = []
        self.cut = False
        self._lock = threading.Lock()

    def made(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            self.open.append(conn)
            if self.cut:
                _shut(conn)

    def handlers(self) -> list[urllib.request.BaseHandler]:
        watch = self

        class Plain(http.client.HTTPConnection):
            def connect(self) -> None:  # (Secure's too: it comes first in Secure's order)
                if watch.cut:
                    raise TimeoutError("too slow")
                super().connect()
                watch.made(self)

        class Secure(Plain, http.client.HTTPSConnection):
            """Plain's watch over HTTPS's connect (its TLS handshake included)."""

        class PlainHandler(urllib.request.HTTPHandler):
            def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(Plain, req)

        class SecureHandler(urllib.request.HTTPSHandler):
            def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(Secure, req)  # the default context, as urllib's own handler

        class WebOnly(urllib.request.HTTPRedirectHandler):
            """Redirects stay on http(s): urllib follows one to ftp://, whose socket nothing watches."""

            def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                                 headers: Any, newurl: str) -> urllib.request.Request | None:
                if not newurl.lower().startswith(("http://", "https://")):
                    raise OSError(f"redirected to a non-web address ({newurl.split(':', 1)[0]}://)")
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        return [PlainHandler(), SecureHandler(), WebOnly()]

    def shut(self) -> None:
        with self._lock:
            self.cut = True
            for conn in self.open:
                _shut(conn)


def _shut(conn: http.client.HTTPConnection) -> None:
    try:
        if conn.sock is not None:
            conn.sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed already


def _opener(url: str, sockets: _Sockets) -> tuple[urllib.request.OpenerDirector, str]:
    """An opener that logs in where the URL names a user (urllib took "user:pw@host" for the
    host name, so such a camera never answered), and the URL without the login."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return urllib.request.build_opener(*sockets.handlers()), url
    plain = without_login(url)
    logins = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    logins.add_password(None, plain, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    return urllib.request.build_opener(*sockets.handlers(), urllib.request.HTTPBasicAuthHandler(logins),
                                       urllib.request.HTTPDigestAuthHandler(logins)), plain


def _http(source: str, timeout_s: float) -> bytes:
    deadline = time.monotonic() + timeout_s
    sockets = _Sockets()
    opener, url = _opener(source, sockets)
    timer = threading.Timer(timeout_s, sockets.shut)  # the whole grab, headers included
    timer.start()
    slow = TimeoutError(f"{url}: too slow (no frame in {timeout_s:g} s)")
    try:
        data = _read(opener, url, deadline, timeout_s)
    except (ValueError, http.client.HTTPException, OSError) as exc:  # a challenge urllib cannot answer, a garbled reply:
        if sockets.cut:
            raise slow from None
        if isinstance(exc, OSError):
            raise
        raise OSError(f"{url}: {type(exc).__name__} {without_login(str(exc))}") from None  # offline, not a crash
    finally:
        timer.cancel()
    if sockets.cut:  # cut in the middle of the picture: what came is not all of it
        raise slow
    return data


def _read(opener: urllib.request.OpenerDirector, url: str, deadline: float, timeout_s: float) -> bytes:
    with opener.open(url, timeout=timeout_s) as resp:
        if resp.headers.get_content_type().startswith("multipart/"):
            return _first_jpeg(resp, deadline, url)
        buf = bytearray()
        while chunk := resp.read1(CHUNK):
            buf += chunk
            if len(buf) > MAX_BYTES:
                raise OSError(f"{url}: more than {MAX_BYTES // 2**20} MB")
            _check(deadline, url)
        return bytes(buf)


def _first_jpeg(resp: object, deadline: float, url: str) -> bytes:
    """The first complete JPEG of an MJPEG stream: from an SOI marker to the EOI that makes it
    decodable (the stream never ends, so it is not read to its end)."""
    buf = bytearray()
    start = -1
    searched = 0
    while True:
        chunk = resp.read1(CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            raise OSError(f"{url}: the stream ended before a whole frame")
        buf += chunk
        if start < 0:
            start = buf.find(b"\xff\xd8")
        if start >= 0:
            end = buf.find(b"\xff\xd9", max(start + 2, searched))
            while end >= 0:
                frame = bytes(buf[start:end + 2])
                try:
                    Image.open(io.BytesIO(frame)).verify()
                    return frame
                except (UnidentifiedImageError, OSError, SyntaxError):
                    end = buf.find(b"\xff\xd9", end + 2)  # an EOI inside (e.g. a thumbnail)
            searched = max(len(buf) - 1, 0)
        if len(buf) > MAX_BYTES:
            raise OSError(f"{url}: no whole frame in {MAX_BYTES // 2**20} MB")
        _check(deadline, url)


def _check(deadline: float, source: str) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError(f"{source}: too slow (no frame in time)")


def _video(source: str, timeout_s: float) -> np.ndarray:
    import cv2

    ms = int(timeout_s * 1000)
    cap = cv2.VideoCapture(source, cv2.CAP_FFMPEG, [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms])
    try:
        ok, frame = cap.read() if cap.isOpened() else (False, None)
    finally:
        cap.release()
    if not ok or frame is None:
        raise OSError(f"no frame from video source {without_login(source)}")
    return frame
