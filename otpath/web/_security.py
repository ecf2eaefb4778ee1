"""Security plumbing for the web app: headers, body limit, CSRF tokens, Host and Origin.

Small pieces, each testable on its own:

* :class:`SecurityHeadersMiddleware` adds the strict CSP and friends to every
  response (pages, API, static files, errors)::

      Content-Security-Policy: default-src 'none'; style-src 'self'; ...
      X-Content-Type-Options: nosniff

* :class:`BodyLimitMiddleware` refuses request bodies larger than the limit,
  both by the declared ``Content-Length`` and by counting bytes as they stream
  in (a client can lie about, or omit, the length). It raises a 413
  ``HTTPException`` from inside ``receive`` so the app's one error handler
  renders it as ``413.html`` or as the API error envelope.

* :class:`Csrf` makes and checks signed double-submit tokens: a random nonce
  plus its HMAC under a secret that lives only in this process. The token goes
  into a cookie *and* a hidden form field; a POST is accepted only when both
  are present, equal (``hmac.compare_digest``) and correctly signed. A page on
  another site can make the browser send the cookie but can neither read it
  nor forge a signed token of its own.

* :class:`CrossSiteGuard` answers only requests whose ``Host`` is one of the
  names the server is bound to (400 otherwise: a page on another site that
  points its own DNS name at 127.0.0.1 -- DNS rebinding -- is same-origin with
  itself, so only the Host name tells it apart), and refuses every
  state-changing request (any method but GET, HEAD, OPTIONS) that a browser
  marks as coming from another origin (403): ``Sec-Fetch-Site`` other than
  ``same-origin``/``none`` or, from a browser too old to send it, an ``Origin``
  that is not this server. This
  covers the JSON API, whose multipart import a hostile page can send without
  a CORS preflight. A request with neither header does not come from a
  browser (curl, scripts) and is let through; HTML forms need their CSRF token
  as well.

* :class:`HeadAsGet` answers ``HEAD`` on every GET route: the GET response's
  status and headers, without its body.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Collection, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException

__all__ = [
    "CSP",
    "LOOPBACK_NAMES",
    "SECURITY_HEADERS",
    "BodyLimitMiddleware",
    "CrossSiteGuard",
    "Csrf",
    "HeadAsGet",
    "SecurityHeadersMiddleware",
    "allowed_host_names",
    "host_name",
    "too_large_message",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # same-origin: no referrer leaves the app (links to job boards send none), and a
    # same-origin form POST carries its real Origin ("no-referrer" makes it "null").
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Set :data:`SECURITY_HEADERS` on every HTTP response, replacing any earlier value."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._names = {k.lower().encode("latin-1") for k in SECURITY_HEADERS}
        self._raw = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in self._names
                ]
                message["headers"] = headers + self._raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def too_large_message(limit: int) -> str:
    """``File too large: the limit is 10 MB`` for a 10 MiB limit."""
    mb = limit / (1024 * 1024)
    if mb >= 1:
        size = f"{mb:.1f}".removesuffix(".0") + " MB"
    else:
        size = f"{max(1, round(limit / 1024))} KB"
    return f"File too large: the limit is {size}"


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413 (declared or counted)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _error(self) -> HTTPException:
        return HTTPException(status_code=413, detail=too_large_message(self.max_bytes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared_too_big = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared_too_big = int(value) > self.max_bytes
                except ValueError:
                    declared_too_big = False
                break
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared_too_big:
                raise self._error()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._error()
            return message

        await self.app(scope, limited_receive, send)


class Csrf:
    """Signed double-submit CSRF tokens (see the module docstring)."""

    cookie_name = "otpath_csrf"
    field_name = "csrf_token"

    def __init__(self, secret: bytes | None = None) -> None:
        # A new secret per app instance: restarting the server invalidates old forms,
        # which costs a reload at worst.
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    def new_token(self) -> str:
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}.{self._sign(nonce)}"

    def is_signed(self, token: str | None) -> bool:
        if not token or len(token) > 200:
            return False
        nonce, _, sig = token.partition(".")
        if not nonce or not sig or not nonce.isascii():
            return False
        return hmac.compare_digest(
            sig.encode("ascii", "replace"), self._sign(nonce).encode("ascii")
        )

    def check(self, cookie: str | None, field: str | None) -> bool:
        """True when the cookie and the form field carry the same correctly signed token."""
        if not cookie or not field:
            return False
        same = hmac.compare_digest(cookie.encode("utf-8"), field.encode("utf-8"))
        return same and self.is_signed(cookie)


# -- Host and Origin ------------------------------------------------------------------------

#: The names of this computer's loopback interface.
LOOPBACK_NAMES: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SAME = frozenset({"same-origin", "none"})  # "none": typed or bookmarked by the user
Refuse = Callable[[Scope, Receive, Send, int, str, str], Awaitable[Any]]


def host_name(value: str) -> str:
    """The host of a ``Host`` header or URL netloc, lower case, without port or brackets.

    >>> host_name("LocalHost:8765"), host_name("[::1]:8765"), host_name("127.0.0.1")
    ('localhost', '::1', '127.0.0.1')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_host_names(bound: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The ``Host`` names a server listening on ``bound`` answers to.

    Loopback (``127.0.0.1``, ``localhost``, ``::1``...): the loopback names. Any other
    address or name: that one. All interfaces (``0.0.0.0``, ``::``): the loopback names
    and this computer's host name. ``extra`` names are added (``*`` allows any).

    >>> allowed_host_names("127.0.0.1")
    ('127.0.0.1', 'localhost', '::1')
    >>> allowed_host_names("192.168.1.20", ["otpath.lan"])
    ('192.168.1.20', 'otpath.lan')
    """
    name = host_name(bound)
    names: list[str] = []
    if name in LOOPBACK_NAMES or name.startswith("127."):
        names += [*LOOPBACK_NAMES, name]
    elif name in ("0.0.0.0", "::", ""):
        import socket

        names += [*LOOPBACK_NAMES, socket.gethostname().lower(), socket.getfqdn().lower()]
    else:
        names.append(name)
    names += [host_name(e) if e.strip() != "*" else "*" for e in extra if e.strip()]
    return tuple(dict.fromkeys(names))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class CrossSiteGuard:
    """400 for a ``Host`` not in ``allowed_hosts``; 403 for a state-changing request a
    browser says comes from another origin (see the module docstring).

    ``refuse(scope, receive, send, status, code, message)`` sends the answer (the app's
    error page or envelope).
    """

    def __init__(self, app: ASGIApp, *, allowed_hosts: Collection[str], refuse: Refuse) -> None:
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed = frozenset(host_name(h) for h in allowed_hosts if h != "*")
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host") or ""
        if not self.any_host and host_name(host) not in self.allowed:
            shown = host_name(host)[:100] or "none"
            await self.refuse(
                scope, receive, send, 400, "invalid_host",
                f"This server does not answer to the name '{shown}'. Open otpath at "
                f"http://{sorted(self.allowed)[0]}/ instead (or add the name to "
                "OTPATH_ALLOWED_HOSTS).",
            )  # fmt: skip
            return
        if scope.get("method", "GET") not in _SAFE_METHODS and not self._same_origin(scope, host):
            await self.refuse(
                scope, receive, send, 403, "cross_site_request",
                "This request came from another web site, so otpath refused it. Use "
                "otpath's own pages, or send the request without a browser.",
            )  # fmt: skip
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _same_origin(scope: Scope, host: str) -> bool:
        """Sec-Fetch-Site decides when a browser sent it (it is not affected by referrer
        policies, which can turn a same-origin Origin into "null"); else the Origin must
        be this server's scheme, host and port; a request with neither is no browser's."""
        fetch_site = _header(scope, b"sec-fetch-site")
        if fetch_site is not None:
            return fetch_site.strip().lower() in _SAME
        origin = _header(scope, b"origin")
        if origin is None:
            return True  # not a browser (curl, scripts)
        parts = urlsplit(origin.strip())
        if origin.strip() == "null" or not parts.netloc:
            return False
        scheme = scope.get("scheme", "http")
        default = {"http": 80, "https": 443}.get(scheme)
        try:
            port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        except ValueError:
            return False
        own = urlsplit(f"{scheme}://{host.strip()}")
        try:
            own_port = own.port or default
        except ValueError:
            return False
        return (
            parts.scheme == scheme
            and (parts.hostname or "") == (own.hostname or "")
            and port == own_port
        )


class HeadAsGet:
    """``HEAD`` is served as ``GET`` without the body (same status and headers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
