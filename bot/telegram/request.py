"""The bot's HTTP client for the Bot API: aiohttp under python-telegram-bot's `BaseRequest`.

PTB's default client (httpx) spends most of a Bot API call in httpcore's pool bookkeeping, which
checks every pooled connection's socket, twice a request, for every waiting request (encode/httpx#3215,
encode/httpcore#928): 2.1 ms of CPU per `sendMessage` at 16 in flight against 0.5 ms through aiohttp
(docs/benchmarks.md, "Webhook path: the Bot API client"). Each answer costs one such call.

What send.py needs from a client is kept: a failure is raised as PTB's `NetworkError` (`TimedOut` for
timeouts), and one that happened after the request went out, so that Telegram may have carried it out
(the reply timed out, the connection dropped), has a `ReplyLost` as its cause. Failures before Telegram
could read a whole request (no connection, a connect or pool timeout, a body that could not be written)
have aiohttp's own error as their cause and are retried. Proxies come from HTTPS_PROXY / HTTP_PROXY /
NO_PROXY as with httpx, and servers' certificates are checked against certifi's list, as httpx does.

Long polling (`getUpdates`) keeps PTB's httpx client: one call per batch, whose cost does not matter.
"""

from __future__ import annotations

import json
import ssl
import urllib.request
from functools import cache
from urllib.parse import urlsplit

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

POOL_SIZE = 256  # connections at most, PTB's default for the bot's requests
# PTB's defaults (HTTPXRequest): seconds to connect, to wait for the reply, for a free connection, to
# write the request, and to write an upload.
CONNECT_TIMEOUT, READ_TIMEOUT, POOL_TIMEOUT, WRITE_TIMEOUT, MEDIA_WRITE_TIMEOUT = 5.0, 5.0, 1.0, 5.0, 20.0
JSON = "application/json"
# Seconds an idle connection is kept for the next call. Below the idle timeout of the servers it meets (uvicorn's
# 5 s, nginx's 75 s): a request written on a connection the server is closing at that moment fails, and when
# the failure comes as the reply is awaited it is a ReplyLost, never sent again (aiohttp retries only idempotent
# methods; sendMessage is a POST). Seen in the load bench: 8 of 300 answers lost at aiohttp's 15 s.
KEEPALIVE = 4.0


class ReplyLost(Exception):
    """The request went out and its reply never came: Telegram may well have carried it out."""


class BotApiRequest(BaseRequest):
    """Bot API calls over one aiohttp session (keep-alive connections, at most `pool_size`)."""

    __slots__ = ("_pool_size", "_proxies", "_session", "_timeouts")

    def __init__(
        self,
        *,
        pool_size: int = POOL_SIZE,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        read_timeout: float | None = READ_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._pool_size = pool_size
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._timeouts = {
            "connect": connect_timeout,
            "read": read_timeout,
            "pool": pool_timeout,
            "write": write_timeout,
            "media_write": media_write_timeout,
        }

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=_tls(), keepalive_timeout=KEEPALIVE),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("BotApiRequest is not initialized")
        uploads = bool(request_data and request_data.contains_files)
        read = self._given(read_timeout, "read")
        connect, pool = self._given(connect_timeout, "connect"), self._given(pool_timeout, "pool")
        # aiohttp's read timer starts as the request is written and it has no write timeout of its own. A
        # form of a few kB is written at once; an upload's write time is added, so a slow one is not cut
        # as if its reply were late.
        write = self._given(write_timeout, "media_write") if uploads else 0.0
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,  # a free connection, then connect
            sock_connect=connect,
            sock_read=None if read is None else read + (write or 0.0),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as e:  # no free connection, or no connection in time: not sent
            raise TimedOut(f"aiohttp.{type(e).__name__}: the request was not sent") from e
        except aiohttp.ClientConnectorError as e:  # refused, DNS, TLS: nothing reached Telegram
            raise NetworkError(f"aiohttp.{type(e).__name__}: {e}") from e
        except aiohttp.SocketTimeoutError as e:
            raise TimedOut("no reply from Telegram in time") from _lost(e)
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as e:  # dropped mid-request or reply
            # a body cut while it was written is no whole request: nothing reached Telegram, so it is retried
            unwritten = isinstance(e, aiohttp.ClientOSError) and _UNWRITTEN in str(e)
            raise NetworkError(f"aiohttp.{type(e).__name__}: {e}") from (e if unwritten else _lost(e))

    def _proxy(self, url: str) -> str | None:
        """HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as httpx reads them, looked up once per server: aiohttp's
        own `trust_env` reads the environment again on every request."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        if key not in self._proxies:
            bypass = urllib.request.proxy_bypass(parts.hostname or "")
            self._proxies[key] = None if bypass else urllib.request.getproxies().get(parts.scheme)
        return self._proxies[key]

    def _given(self, value: float | DefaultValue | None, name: str) -> float | None:
        return self._timeouts[name] if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> aiohttp.BytesPayload | aiohttp.FormData | None:
    """The parameters as one JSON object (the Bot API takes `application/json` for every call without
    files); multipart when there are files.

    Not a form: urlencoding a Vietnamese answer quotes it byte by byte in Python (0.06 ms for an average
    answer, more for long ones), where `json.dumps` takes a tenth of that; and given a dict, aiohttp
    would build a FormData, with a multipart writer and a uuid4 boundary it then does not use."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":"))
        return aiohttp.BytesPayload(body.encode(), content_type=JSON)
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


_UNWRITTEN = "Can not write request body"  # aiohttp's ClientOSError when writing the body failed


def _lost(error: BaseException) -> ReplyLost:
    lost = ReplyLost(f"{type(error).__name__}: {error}")
    lost.__cause__ = error
    return lost


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())
