"""The client's address: the one source for every limit (django-axes, allauth) and the audit log.

Behind reverse proxies the TCP peer (REMOTE_ADDR) is the last proxy, and the client is further
left in X-Forwarded-For, where each proxy appends the address it received the request from.
Everything left of what our own proxies wrote is the client's to invent, so
`settings.TRUSTED_PROXIES` says which hops to believe (docs/environment.md):

- empty (the default): no proxy; X-Forwarded-For is ignored, the peer is the client;
- a number N: the portal is reachable only through N proxies in a row; the client is the
  address the outermost one appended (the N-th entry from the right);
- networks ("172.16.0.0/12,fd00::/8"): a peer inside them is a proxy; walking
  X-Forwarded-For from the right, the first address outside them is the client. A peer outside
  them is the client itself, whatever header it sends.

Limits key IPv6 clients by their /64 (`client_ip_for_limits`): one home or one server gets a
whole /64, and per-address limits would otherwise give an attacker 2^64 fresh addresses.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# allauth truncates IPv6 to the same prefix for its own limits (ALLAUTH_RATE_LIMIT_IPV6_PREFIX).
IPV6_LIMIT_PREFIX = 64


@lru_cache(maxsize=8)
def parse_trusted_proxies(value):
    """A proxy count (int, 0 for none) or a tuple of networks, from the setting's text."""
    text = str(value).strip()
    if not text:
        return 0
    if text.isascii() and text.isdigit():
        return int(text)
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            network = ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {part!r} is neither a proxy count nor a network"
            ) from None
        if network.prefixlen == 0:
            # Trusting every peer would believe any forged X-Forwarded-For.
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {part} trusts every address")
        networks.append(network)
    return tuple(networks)


def parse_address(text):
    """An address as a server or proxy writes it (maybe "[v6]:port" or "v4:port"), or None.

    An IPv4-mapped IPv6 address (::ffff:192.0.2.1, from a dual-stack socket) is the IPv4
    address, so that both spellings share one limit."""
    text = (text or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _forwarded_for(request):
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [entry.strip() for entry in header.split(",") if entry.strip()]


def _client_behind_count(peer, forwarded, count):
    # Proxies append: the outermost of ours wrote forwarded[-count]. Fewer entries means the
    # request did not cross all of them (a health check from inside): the leftmost is the
    # furthest hop any proxy saw.
    if not forwarded:
        return peer
    return parse_address(forwarded[max(len(forwarded) - count, 0)]) or peer


def _client_behind_networks(peer, forwarded, networks):
    def trusted(address):
        # No IP at all is a Unix socket: only a process of this host can connect to it.
        return address is None or any(address in network for network in networks)

    address = peer
    for entry in reversed(forwarded):
        if not trusted(address):
            break
        hop = parse_address(entry)
        if hop is None:  # garbage left of a trusted hop: the proxy's peer sent it
            break
        address = hop
    return address


def client_address(request):
    """The client's address (an ipaddress object), or None when none can be told (a Unix
    socket without a proxy setting)."""
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    trusted = parse_trusted_proxies(getattr(settings, "TRUSTED_PROXIES", ""))
    if not trusted:
        return peer
    forwarded = _forwarded_for(request)
    if isinstance(trusted, int):
        return _client_behind_count(peer, forwarded, trusted)
    return _client_behind_networks(peer, forwarded, trusted)


def client_ip(request):
    """The client's address as text ("203.0.113.7", "2001:db8::1"), or None."""
    address = client_address(request)
    return None if address is None else str(address)


def limit_key(address):
    """What limits count against: the address itself for IPv4, its /64 network for IPv6."""
    if address is None:
        return None
    if address.version == 6:
        network = ipaddress.IPv6Network(f"{address}/{IPV6_LIMIT_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)


def client_ip_for_limits(request):
    """The client as limits see it (AXES_CLIENT_IP_CALLABLE): see `limit_key`."""
    return limit_key(client_address(request))
