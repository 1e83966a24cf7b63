"""Per-address limits count the real client: X-Forwarded-For is believed only from our proxies."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import assume, given
from hypothesis import strategies as st
from test_web_devices import enter
from webkit import Resident

from bot.bootstrap import App
from bot.web.forwarded import UNKNOWN, TrustedProxies, address_key, parsed_address
from bot.web.limits import RateLimiter
from bot.web.server import make_web_app
from bot.web.web_limits import WebLimits

PROXIES = TrustedProxies.of(["10.0.0.0/8", "fd00::/8", "127.0.0.1"])


def _client(app: App, trusted: list[str]) -> TestClient:
    limits = WebLimits(per_address=RateLimiter(limit=1, window=60),
                       proxies=TrustedProxies.of(trusted))
    return TestClient(TestServer(make_web_app(replace(app.web, limits=limits))))


async def _post_from(client: TestClient, forwarded_for: str) -> int:
    response = await client.post("/c/victoria-park", headers={"X-Forwarded-For": forwarded_for})
    return response.status


async def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(app: App) -> None:
    async with _client(app, trusted=[]) as client:  # the default: no proxy is trusted
        assert await _post_from(client, "198.51.100.1") != 429
        refused = await client.post(
            "/c/victoria-park", headers={"X-Forwarded-For": "198.51.100.2"}
        )
        assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0


async def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(app: App) -> None:
    async with _client(app, trusted=["127.0.0.1"]) as client:
        assert await _post_from(client, "198.51.100.1") != 429
        assert await _post_from(client, "198.51.100.2") != 429  # another resident
        assert await _post_from(client, "198.51.100.1") == 429


async def test_behind_a_trusted_proxy_a_forged_left_part_does_not_dodge_the_limit(
    app: App,
) -> None:
    async with _client(app, trusted=["127.0.0.1"]) as client:
        assert await _post_from(client, "192.0.2.9, 203.0.113.7") != 429
        assert await _post_from(client, "192.0.2.10, 203.0.113.7") == 429


async def test_trusted_proxies_come_from_the_setting(app: App) -> None:
    app.settings.trusted_proxies = ["127.0.0.0/8"]
    app.__dict__.pop("web", None)
    assert app.web.limits.proxies.trusts(ipaddress.ip_address("127.0.0.9"))
    assert not app.web.limits.proxies.trusts(ipaddress.ip_address("10.0.0.1"))


def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy() -> None:
    assert PROXIES.client("10.1.2.3", ["203.0.113.5, 10.9.9.9"]) == "203.0.113.5"
    assert PROXIES.client("10.1.2.3", ["1.1.1.1", "203.0.113.5"]) == "203.0.113.5"
    assert PROXIES.client("10.1.2.3", ["1.1.1.1, 203.0.113.5, 10.0.0.2"]) == "203.0.113.5"
    assert PROXIES.client("198.51.100.4", ["203.0.113.5"]) == "198.51.100.4"
    assert PROXIES.client("10.1.2.3", []) == UNKNOWN  # only our own proxy: nobody to name
    assert PROXIES.client("10.1.2.3", ["203.0.113.5, bogus"]) == UNKNOWN
    assert PROXIES.client(None, ["203.0.113.5"]) == UNKNOWN
    assert PROXIES.client("::ffff:198.51.100.4", []) == "198.51.100.4"


def test_an_ipv6_client_is_counted_by_its_64_bit_prefix() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("198.51.100.4") == "ip:198.51.100.4"
    assert address_key(UNKNOWN) == "ip:?"


def test_a_bad_trusted_proxy_entry_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="not-an-address"):
        TrustedProxies.of(["10.0.0.0/8", "not-an-address"])


_trusted_hosts = st.one_of(
    st.integers(0, 2**24 - 1).map(lambda n: str(ipaddress.IPv4Address(0x0A000000 + n))),
    st.integers(0, 2**120 - 1).map(lambda n: str(ipaddress.IPv6Address((0xFD << 120) + n))),
    st.just("127.0.0.1"),
    st.just("::ffff:10.0.0.1"),
)
_any_hosts = st.one_of(st.ip_addresses().map(str), _trusted_hosts, st.text(max_size=40))
_hops = st.lists(st.one_of(_any_hosts, st.just(""), st.just(" ")), max_size=8)
_lines = st.lists(_hops.map(", ".join) | st.text(max_size=80), max_size=4)


@given(peer=st.one_of(st.none(), _any_hosts), forwarded_for=_lines)
def test_any_forwarded_for_never_raises_nor_names_a_trusted_proxy(
    peer: str | None, forwarded_for: list[str]
) -> None:
    client = PROXIES.client(peer, forwarded_for)
    if client != UNKNOWN:
        address = parsed_address(client)
        assert address is not None and not PROXIES.trusts(address)
    address_key(client)


@given(peer=_trusted_hosts, client=st.ip_addresses(), forged=_lines)
def test_behind_a_trusted_proxy_the_appended_address_wins_whatever_was_forged(
    peer: str, client: ipaddress.IPv4Address | ipaddress.IPv6Address, forged: list[str]
) -> None:
    real = parsed_address(str(client))
    assume(real is not None and not PROXIES.trusts(real))
    appended = [*forged, str(client)]  # what the proxy adds to whatever the client sent
    assert PROXIES.client(peer, appended) == str(real)


async def test_continue_code_tries_behind_a_trusted_proxy_are_counted_per_client(
    app: App,
) -> None:
    limits = WebLimits(proxies=TrustedProxies.of(["127.0.0.1"]))
    server = TestServer(make_web_app(replace(app.web, limits=limits)))

    async def tries(forwarded_for: str, times: int) -> list[int]:
        browser = TestClient(server, headers={"X-Forwarded-For": forwarded_for})
        await browser.start_server()
        try:
            return [await enter(Resident(browser), "ZZZZZ-ZZZZZ") for _ in range(times)]
        finally:
            await browser.session.close()

    async with TestClient(server):
        statuses = [s for _ in range(5) for s in await tries("198.51.100.1", 4)]
        assert statuses == [200] * 20  # five browsers at one address: the address's limit
        assert await tries("198.51.100.1", 1) == [429]
        assert await tries("198.51.100.2", 1) == [200]  # another resident behind the proxy
