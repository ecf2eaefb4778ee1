"""Security plumbing for the web app: headers, body limit, CSRF tokens.

Three small pieces, each testable on its own:

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
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "BodyLimitMiddleware",
    "Csrf",
    "SecurityHeadersMiddleware",
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
    "Referrer-Policy": "no-referrer",
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
