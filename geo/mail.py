"""Sending one e-mail through the deployment's SMTP server (`SIGAP_SMTP_URL`).

smtp://user:password@host:587 uses STARTTLS whenever the server offers it, smtps://…:465 TLS
from the start; smtp:// to a relay that offers no TLS (a local postfix) sends in the clear. A
server that fails raises, so the job that sends is retried (workers/jobs.py)."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from geo.settings import Settings

TIMEOUT_S = 20


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send a plain-text message to `to` from `settings.mail_from`."""
    if not settings.smtp_url:
        raise RuntimeError("SIGAP_SMTP_URL is not set")
    url = urlsplit(settings.smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise ValueError(f"SIGAP_SMTP_URL must be smtp://host[:port] or smtps://host[:port], not {url.scheme}://")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.mail_from, to, subject
    msg["Message-ID"] = make_msgid(domain=url.hostname)
    msg.set_content(body)
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=TIMEOUT_S, context=context)
    else:
        server = smtplib.SMTP(url.hostname, url.port or 587, timeout=TIMEOUT_S)
    with server:
        server.ehlo()
        tls = url.scheme == "smtps"
        if url.scheme == "smtp" and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
            tls = True
        if url.username and url.scheme == "smtp" and not tls:
            # a path that strips STARTTLS would read the password, and each reset link after it
            raise RuntimeError(f"{url.hostname} offered no STARTTLS: SIGAP does not send the mail password in "
                               "clear text (use smtps://, or a server with STARTTLS)")
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        server.send_message(msg)
