"""The load benchmark's proxy helpers (``benchmarks/replicas.py``): the nginx configuration for
several dashboard replicas, and reading the access log. No nginx is needed: the configuration is
checked as text (the benchmark runs it, ``bench_load.py --replicas N``)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_replicas", BENCHMARKS / "replicas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


replicas = _load()
PREFIX = Path("/tmp/seawatch-proxy")


def _block(conf: str, opening: str) -> str:
    """The text of the block that starts with `opening` (up to its matching brace)."""
    start = conf.index(opening + " {")
    depth = 0
    for i in range(start, len(conf)):
        depth += {"{": 1, "}": -1}.get(conf[i], 0)
        if conf[i] == "}" and depth == 0:
            return conf[start : i + 1]
    raise AssertionError(f"{opening!r} block is not closed")


def _directives(conf: str) -> list[str]:
    """Every statement of the configuration, comments removed."""
    text = re.sub(r"#[^\n]*", "", conf)
    return [s.strip() for s in re.split(r"[;{}]", text) if s.strip()]


@pytest.mark.parametrize("sticky", ["address", "cookie"])
def test_config_is_well_formed(sticky: str) -> None:
    conf = replicas.nginx_config([8601, 8602], 8600, PREFIX, sticky=sticky)
    code = re.sub(r"#[^\n]*", "", conf)
    assert code.count("{") == code.count("}")
    # every line is a statement, a block's opening or closing: no directive lost its ';'
    for line in filter(None, (ln.strip() for ln in code.splitlines())):
        assert line.endswith((";", "{", "}")), line
    assert "daemon off" in _directives(conf)  # the benchmark runs it in the foreground


def test_upstream_lists_each_replica_once_hashed_by_client_address() -> None:
    conf = replicas.nginx_config([8601, 8602, 8603], 8600, PREFIX)
    upstream = _block(conf, "upstream seawatch")
    assert "hash $remote_addr consistent;" in upstream
    servers = re.findall(r"server 127\.0\.0\.1:(\d+)", upstream)
    assert servers == ["8601", "8602", "8603"]
    assert "listen 127.0.0.1:8600;" in conf


def test_location_passes_the_websocket_upgrade_to_the_replicas() -> None:
    location = _block(replicas.nginx_config([8601], 8600, PREFIX), "location /")
    assert "proxy_pass http://seawatch;" in location
    assert "proxy_http_version 1.1;" in location
    assert "proxy_set_header Upgrade $http_upgrade;" in location
    assert "proxy_set_header Connection $connection_upgrade;" in location
    assert "proxy_read_timeout 1d;" in location  # an idle page keeps its websocket


def test_cookie_routing_places_new_browsers_by_load_and_keeps_them_there() -> None:
    conf = replicas.nginx_config([8601, 8602], 8600, PREFIX, sticky="cookie")
    assert "least_conn;" in _block(conf, "upstream seawatch")
    route = _block(conf, "map $cookie_seawatch_replica $seawatch_backend")
    # a cookie naming a replica goes there; anything else (none, forged) to the group
    assert "default seawatch;" in route
    assert re.findall(r'"127\.0\.0\.1:(\d+)" 127\.0\.0\.1:\1;', route) == ["8601", "8602"]
    location = _block(conf, "location /")
    assert "proxy_pass http://$seawatch_backend;" in location
    # every answer names the replica that gave it
    assert 'add_header Set-Cookie "seawatch_replica=$seawatch_served; Path=/' in location
    served = _block(conf, "map $upstream_addr $seawatch_served")
    # after a retry $upstream_addr lists every address tried: the cookie names the last
    (pcre,) = re.findall(r'"~(.+)" \$last;', served)
    pattern = pcre.replace("(?<", "(?P<")  # nginx's PCRE named group, in Python's spelling
    tried = "127.0.0.1:8601 : 127.0.0.1:8601, 127.0.0.1:8602"
    assert re.search(pattern, tried).group("last") == "127.0.0.1:8602"  # type: ignore[union-attr]
    assert re.search(pattern, "127.0.0.1:8601").group("last") == "127.0.0.1:8601"  # type: ignore[union-attr]
    # a browser whose replica is down is placed again like a new one, cookie included
    assert "error_page 502 = @replaced;" in location
    replaced = _block(conf, "location @replaced")
    assert "proxy_pass http://seawatch;" in replaced
    assert "proxy_set_header Upgrade $http_upgrade;" in replaced
    assert "seawatch_replica=$seawatch_served" in replaced
    assert "$remote_addr consistent" not in conf


@pytest.mark.parametrize(("path", "valid"), [("/static/", "7d"), ("/app/static/", "1m")])
def test_nginx_keeps_and_serves_the_page_files(path: str, valid: str) -> None:
    """Streamlit's page files and the map's files are the same in every replica: nginx keeps
    them (one request to a replica when many browsers ask at once) instead of every replica's
    Python compressing them for every first visit."""
    conf = replicas.nginx_config([8601, 8602], 8600, PREFIX)
    location = _block(conf, f"location {path}")
    assert "proxy_pass http://seawatch;" in location
    assert "proxy_cache seawatch_files;" in location
    assert f"proxy_cache_valid 200 {valid};" in location
    assert "proxy_cache_lock on;" in location
    assert "proxy_cache_revalidate on;" in location  # after `valid`: asks whether it changed
    (cache,) = [d for d in _directives(conf) if d.split()[0] == "proxy_cache_path"]
    assert cache.split()[1] == f"{PREFIX}/cache"
    assert "keys_zone=seawatch_files:10m" in cache.split()
    # the websocket and the page itself are never cached
    assert "proxy_cache" not in _block(conf, "location /")


def test_files_stay_in_the_prefix_folder_and_user_only_when_asked() -> None:
    conf = replicas.nginx_config([8601], 8600, PREFIX)
    for directive in ("pid", "error_log", "access_log", "proxy_temp_path", "proxy_cache_path"):
        (line,) = [d for d in _directives(conf) if d.split()[0] == directive]
        assert line.split()[1].startswith(f"{PREFIX}/"), line
    assert not [d for d in _directives(conf) if d.split()[0] == "user"]
    as_root = replicas.nginx_config([8601], 8600, PREFIX, user="root")
    assert "user root" in _directives(as_root)


@pytest.mark.parametrize(
    ("ports", "listen", "sticky", "message"),
    [
        ([], 8600, "address", "at least one replica port"),
        ([8601, 8601], 8600, "address", r"its own port, got \[8601, 8601\]"),
        ([8601], 8601, "address", "listen: 8601 is also a replica's port"),
        ([0], 8600, "address", "0 is not a TCP port"),
        ([8601], 70000, "address", "70000 is not a TCP port"),
        ([8601], 8600, "ip_hash", r"sticky: 'ip_hash' is not one of \('address', 'cookie'\)"),
    ],
)
def test_bad_arguments_are_named(ports: list[int], listen: int, sticky: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replicas.nginx_config(ports, listen, PREFIX, sticky=sticky)


#: Access log with LOG_FORMAT: three websockets on two replicas (one with a query string), a page
#: and a static file (not websockets), and a websocket nginx answered itself (no replica: "-").
LOG = """\
127.0.0.2 127.0.0.1:8601 101 "GET /_stcore/stream HTTP/1.1"
127.0.0.2 127.0.0.1:8601 200 "GET / HTTP/1.1"
127.0.0.3 127.0.0.1:8602 101 "GET /_stcore/stream HTTP/1.1"
127.0.0.3 127.0.0.1:8602 200 "GET /static/js/index.js HTTP/1.1"
127.0.0.4 127.0.0.1:8601 101 "GET /_stcore/stream?x=1 HTTP/1.1"
127.0.0.5 - 502 "GET /_stcore/stream HTTP/1.1"
"""


def test_upstream_counts_counts_websockets_per_replica() -> None:
    counts = replicas.upstream_counts(LOG)
    assert counts == {"127.0.0.1:8601": 2, "127.0.0.1:8602": 1, "-": 1}
    assert replicas.upstream_counts(LOG, path="/") == {"127.0.0.1:8601": 1}


def test_client_addresses_are_distinct_loopback_addresses_not_the_servers() -> None:
    addresses = replicas.client_addresses(8)
    assert len(set(addresses)) == 8
    assert all(a.startswith("127.0.0.") for a in addresses)
    assert "127.0.0.1" not in addresses
    with pytest.raises(ValueError, match="between 0 and 250 client addresses, got 251"):
        replicas.client_addresses(251)


def test_page_file_sources_tells_nginx_cache_hits_from_replica_requests() -> None:
    log = (
        '127.0.0.2 127.0.0.1:8601 200 "GET /static/js/index.1a2b.js HTTP/1.1"\n'
        '127.0.0.3 - 200 "GET /static/js/index.1a2b.js HTTP/1.1"\n'
        '127.0.0.4 - 304 "GET /app/static/seawatch/leaflet.js HTTP/1.1"\n'
        '127.0.0.3 127.0.0.1:8602 101 "GET /_stcore/stream HTTP/1.1"\n'  # not a page file
        '127.0.0.3 127.0.0.1:8602 200 "GET / HTTP/1.1"\n'  # the page itself: never cached
    )
    assert replicas.page_file_sources(log) == {"replica": 1, "cache": 2}
