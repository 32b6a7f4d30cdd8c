"""core.client_ip: which address a request comes from, as every limit sees it.

The attacker writes whatever X-Forwarded-For they like; only what our own proxies appended may
be believed, and TRUSTED_PROXIES says which hops those are."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from core.client_ip import client_ip, client_ip_for_limits, parse_trusted_proxies
from core.middleware import AuditlogMiddleware

PROXY = "10.0.0.1"
CLIENT = "203.0.113.7"
FORGED = "198.51.100.66"


def request_from(peer, forwarded_for=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().post("/compte/login/", **extra)


@override_settings(TRUSTED_PROXIES="")
def test_without_a_proxy_setting_the_header_is_ignored():
    assert client_ip(request_from(CLIENT, FORGED)) == CLIENT


@override_settings(TRUSTED_PROXIES="10.0.0.0/8")
def test_behind_a_trusted_proxy_the_client_is_the_address_it_appended():
    # The client sent "X-Forwarded-For: FORGED"; our proxy appended the address it saw.
    assert client_ip(request_from(PROXY, f"{FORGED}, {CLIENT}")) == CLIENT


@override_settings(TRUSTED_PROXIES="10.0.0.0/8")
def test_a_peer_outside_the_trusted_networks_is_the_client_whatever_it_claims():
    assert client_ip(request_from(FORGED, CLIENT)) == FORGED


@override_settings(TRUSTED_PROXIES="10.0.0.0/8,192.168.0.0/16")
def test_every_trusted_hop_is_skipped():
    request = request_from(PROXY, f"{FORGED}, {CLIENT}, 192.168.1.5")
    assert client_ip(request) == CLIENT


@override_settings(TRUSTED_PROXIES="10.0.0.0/8")
def test_garbage_left_of_a_trusted_hop_stops_the_walk():
    assert client_ip(request_from(PROXY, f"unknown, {PROXY}")) == PROXY
    assert client_ip(request_from(PROXY, "")) == PROXY


@override_settings(TRUSTED_PROXIES="1")
def test_one_proxy_counted_the_last_entry_is_the_client():
    assert client_ip(request_from(PROXY, f"{FORGED}, {CLIENT}")) == CLIENT


@override_settings(TRUSTED_PROXIES="2")
def test_two_proxies_counted_the_entry_the_outer_one_appended_is_the_client():
    assert client_ip(request_from(PROXY, f"{FORGED}, {CLIENT}, 10.0.0.2")) == CLIENT


@override_settings(TRUSTED_PROXIES="2")
def test_a_request_that_crossed_fewer_proxies_than_counted_still_gets_an_address():
    # allauth's own reading raises ImproperlyConfigured here: every such request would fail.
    assert client_ip(request_from(PROXY, CLIENT)) == CLIENT
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES="2001:db8:ffff::/48")
def test_ipv6_with_brackets_and_ports_and_mapped_ipv4():
    assert client_ip(request_from("2001:db8:ffff::1", "[2001:db8:1:2::7]:51234")) == (
        "2001:db8:1:2::7"
    )
    assert client_ip(request_from("2001:db8:ffff::1", "203.0.113.7:4431")) == CLIENT
    assert client_ip(request_from("::ffff:203.0.113.7")) == CLIENT


@override_settings(TRUSTED_PROXIES="")
def test_limits_count_an_ipv6_client_by_its_slash_64():
    first = client_ip_for_limits(request_from("2001:db8:1:2::a"))
    rotated = client_ip_for_limits(request_from("2001:db8:1:2:ffff:ffff:ffff:ffff"))
    neighbour = client_ip_for_limits(request_from("2001:db8:1:3::a"))
    assert first == rotated == "2001:db8:1:2::"
    assert neighbour != first
    assert client_ip_for_limits(request_from(CLIENT)) == CLIENT


@override_settings(TRUSTED_PROXIES="10.0.0.0/8")
def test_a_unix_socket_peer_is_a_local_proxy():
    assert client_ip(request_from("", CLIENT)) == CLIENT


@override_settings(TRUSTED_PROXIES="")
def test_no_address_at_all_is_none():
    assert client_ip(request_from("")) is None


@pytest.mark.parametrize("value", ["0.0.0.0/0", "::/0", "10.0.0.0/8,proxy.example.org"])
def test_a_setting_that_trusts_everyone_or_cannot_be_read_is_refused(value):
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies(value)
    with override_settings(TRUSTED_PROXIES=value):
        assert [e.id for e in run_checks() if e.id == "core.E001"] == ["core.E001"]


@override_settings(TRUSTED_PROXIES="10.0.0.0/8")
def test_the_audit_log_records_the_client_not_the_leftmost_forged_address():
    request = request_from(PROXY, f"{FORGED}, {CLIENT}")
    extra = AuditlogMiddleware(lambda request: None).get_extra_data(request)
    assert extra["remote_addr"] == CLIENT
