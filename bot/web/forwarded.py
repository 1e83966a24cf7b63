"""Which address a request came from: X-Forwarded-For is believed only from trusted proxies.

Behind Caddy every request's direct peer is the proxy, so limits per address would lump all
residents together. The proxy appends the address it saw to X-Forwarded-For; anything to the
left of that was written by the client and may be forged. So the header is read only when the
peer is in COPRO_TRUSTED_PROXIES, from the right, skipping trusted proxies, and the first
address that is not one is the client. Nothing else is taken from forwarded headers: no page
depends on the scheme (cookies are Secure by COPRO_PUBLIC_URL, not by X-Forwarded-Proto).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "?"
"""The client of a request whose origin cannot be told (no peer, a malformed chain, or only
our own proxies): all such requests share one count, so none of them escapes the limit."""
IPV6_PREFIX = 64
"""One IPv6 client usually holds a whole /64, so its addresses are counted together."""


def parsed_address(text: str) -> Address | None:
    """An IP address (an IPv4-mapped IPv6 address read as IPv4), or None; never raises."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and CIDR ranges; raises ValueError naming the first that is neither."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@dataclass(frozen=True)
class TrustedProxies:
    """The proxies whose X-Forwarded-For is believed (none by default)."""

    trusted: tuple[Network, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[str]) -> TrustedProxies:
        return cls(networks(entries))

    def trusts(self, address: Address) -> bool:
        return any(address.version == net.version and address in net for net in self.trusted)

    def client(self, peer: str | None, forwarded_for: Sequence[str]) -> str:
        """The client's address: the peer's, unless the peer is a trusted proxy, then the
        right-most address in X-Forwarded-For (every header line, in order) that is not."""
        address = parsed_address(peer or "")
        if address is None:
            return UNKNOWN
        if not self.trusts(address):
            return str(address)
        hops = [hop for line in forwarded_for for hop in line.split(",")]
        for hop in reversed(hops):
            address = parsed_address(hop)
            if address is None:
                return UNKNOWN  # a trusted proxy writes addresses: this came from elsewhere
            if not self.trusts(address):
                return str(address)
        return UNKNOWN


def address_key(client: str) -> str:
    """The rate limit key of a client address: an IPv6 address's /64, else the address."""
    address = parsed_address(client)
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False)
        return f"ip:{network}"
    return f"ip:{client}"
