"""Several dashboard processes behind nginx, as a team deployment runs them (issue 18.11, 16.4).

A Streamlit session lives in one process (its websocket, its uploaded files, its media), so
the proxy must send every request of one analyst to the same replica. Two ways, both plain
nginx (no nginx Plus `sticky` directive):

- ``"address"``: ``hash $remote_addr consistent`` — one client address, one replica. Simple, but
  every analyst behind one NAT or corporate proxy lands on the same replica.
- ``"cookie"``: a new browser (no ``seawatch_replica`` cookie) goes to the replica with the
  fewest open connections (``least_conn``: open websockets are open sessions), and every
  response sets the cookie to the replica that answered (the last address of
  ``$upstream_addr``); a request with the cookie goes to that replica (a ``map`` of the known
  replicas' addresses: any other value is a new browser, so a forged cookie cannot send nginx
  elsewhere). When that replica is down (502), the request is placed again like a new
  browser's (``error_page`` to a named location) and the cookie follows. Spreads analysts
  behind one address, and evenly: hashing a random value per browser (the scheme measured
  first) put 7 of 8 sessions on one replica in some rounds.

`nginx_config` writes the configuration used by ``bench_load.py --replicas N`` (the same
``upstream`` and ``location`` blocks as docs/deploy.md, without TLS); `nginx` runs it with
``nginx -p DIR -c CONF`` in the foreground (not the system service); `upstream_counts` reads
from the access log which replica served each websocket. Plain standard library: the unit tests
import this module without nginx.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

#: Sticky routing policies `nginx_config` knows.
STICKY = ("address", "cookie")
#: The cookie that keeps a browser on its replica (``sticky="cookie"``).
COOKIE = "seawatch_replica"
#: The response header naming the replica that answered (for the benchmark's own checks).
REPLICA_HEADER = "X-Seawatch-Replica"
#: Access-log line: client address, replica (``host:port``), status, request line.
LOG_FORMAT = '$remote_addr $upstream_addr $status "$request"'
_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_LOG_LINE = re.compile(r'^(\S+) (\S+) (\d{3}) "(\S+) (\S+)')


def nginx_config(
    ports: Sequence[int],
    listen: int,
    prefix: Path,
    *,
    sticky: str = "address",
    user: str | None = None,
) -> str:
    """An nginx configuration proxying ``127.0.0.1:listen`` to Streamlit servers on `ports`.

    Parameters
    ----------
    ports
        The replicas' ports on 127.0.0.1 (at least one, no repeats).
    listen
        The proxy's port on 127.0.0.1.
    prefix
        The folder that holds the pid file, the logs and nginx's temporary files.
    sticky
        ``"address"`` (hash of the client address) or ``"cookie"`` (hash of a cookie the first
        response sets): see the module's notes.
    user
        The ``user`` directive (needed when nginx starts as root); None leaves it out.

    Examples
    --------
    >>> conf = nginx_config([8601, 8602], 8600, Path("/tmp/px"))
    >>> "hash $remote_addr consistent;" in conf, conf.count("server 127.0.0.1:86")
    (True, 2)
    """
    if not ports:
        raise ValueError("ports: at least one replica port is needed, got none")
    if len(set(ports)) != len(ports):
        raise ValueError(f"ports: each replica needs its own port, got {list(ports)!r}")
    for port in (*ports, listen):
        if not 0 < port < 65536:
            raise ValueError(f"ports: {port!r} is not a TCP port (1-65535)")
    if listen in ports:
        raise ValueError(f"listen: {listen!r} is also a replica's port")
    if sticky not in STICKY:
        raise ValueError(f"sticky: {sticky!r} is not one of {STICKY!r}")
    # hash routing keeps a session on its server only while the ring is unchanged: never mark a
    # replica down; with cookies nginx may (default: one failure, 10 s), new browsers avoid it
    keep = " max_fails=0" if sticky == "address" else ""
    servers = "".join(f"        server 127.0.0.1:{p}{keep};\n" for p in ports)
    temp = "".join(f"    {name}_temp_path {prefix / name};\n" for name in _TEMP_DIRS)
    route = ""
    if sticky == "cookie":
        # a browser with a replica's cookie goes to that replica; any other to the group
        known = "".join(f'        "127.0.0.1:{p}" 127.0.0.1:{p};\n' for p in ports)
        route = (
            f"    map $cookie_{COOKIE} $seawatch_backend {{\n"
            "        default seawatch;   # a new browser: the replica with the fewest connections\n"
            + known
            + "    }\n"
            # the replica that answered: the last of $upstream_addr ("A : A, B" after a retry)
            + "    map $upstream_addr $seawatch_served {\n"
            + '        "~(?<last>[0-9.]+:[0-9]+)$" $last;\n'
            + '        default "";\n'
            + "    }\n"
        )
        balance = "least_conn;   # where a new browser goes; its cookie keeps it there"
        target = "$seawatch_backend"
    else:
        balance = "hash $remote_addr consistent;   # one analyst, one replica"
        target = "seawatch"
    return (
        (f"user {user};\n" if user else "")
        + "worker_processes 1;\n"
        + "daemon off;\n"
        + f"pid {prefix / 'nginx.pid'};\n"
        + f"error_log {prefix / 'error.log'} warn;\n"
        + "events { worker_connections 1024; }\n"
        + "http {\n"
        + f"    log_format seawatch '{LOG_FORMAT}';\n"
        + f"    access_log {prefix / 'access.log'} seawatch;\n"
        + temp
        + "    map $http_upgrade $connection_upgrade {\n"
        + "        default upgrade;\n"
        + "        ''      close;\n"
        + "    }\n"
        + route
        + f"    proxy_cache_path {prefix / 'cache'} levels=1:2 keys_zone=seawatch_files:10m"
        + " max_size=500m inactive=7d use_temp_path=off;\n"
        + "    upstream seawatch {\n"
        + f"        {balance}\n"
        + servers
        + "    }\n"
        + "    server {\n"
        + f"        listen 127.0.0.1:{listen};\n"
        + "        client_max_body_size 200m;   # Streamlit's server.maxUploadSize\n"
        + _cached_location("/static/", "7d", "Streamlit's page files: content-hashed names")
        + _cached_location("/app/static/", "1m", "the map's files; its layers' names are hashed")
        + "        location / {\n"
        + _proxied(target, sticky)
        + (
            "            error_page 502 = @replaced;   # its replica is down: place it again\n"
            if sticky == "cookie"
            else ""
        )
        + "        }\n"
        + (
            "        location @replaced {\n" + _proxied("seawatch", sticky) + "        }\n"
            if sticky == "cookie"
            else ""
        )
        + "    }\n"
        + "}\n"
    )


def _proxied(target: str, sticky: str) -> str:
    """The directives of a ``location`` that passes requests (the websocket included) to
    `target` (the upstream group or ``$seawatch_backend``); with cookie routing, the response
    names the replica that answered in the cookie."""
    set_cookie = (
        f'            add_header Set-Cookie "{COOKIE}=$seawatch_served; Path=/; HttpOnly; '
        'SameSite=Lax" always;\n'
        if sticky == "cookie"
        else ""
    )
    return (
        f"            proxy_pass http://{target};\n"
        + "            proxy_http_version 1.1;\n"
        + "            proxy_set_header Upgrade $http_upgrade;\n"
        + "            proxy_set_header Connection $connection_upgrade;\n"
        + "            proxy_set_header Host $host;\n"
        + "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        + "            proxy_set_header X-Forwarded-Proto $scheme;\n"
        + "            proxy_read_timeout 1d;   # an idle dashboard keeps its websocket\n"
        + "            proxy_buffering off;\n"
        + f"            add_header {REPLICA_HEADER} $upstream_addr always;\n"
        + set_cookie
    )


def _cached_location(path: str, valid: str, what: str) -> str:
    """A ``location`` whose files nginx keeps (`valid` long, then asks the replica whether they
    changed) and serves itself: the files are the same in every replica, and a replica's
    Python process spends ~20 % of its time under several first-time visitors compressing and
    sending them (py-spy, benchmarks/README.md). `proxy_cache_lock`: when many browsers ask
    for a file nginx does not hold yet, one request goes to a replica."""
    return (
        f"        location {path} {{   # {what}\n"
        + "            proxy_pass http://seawatch;\n"
        + "            proxy_http_version 1.1;\n"
        + "            proxy_set_header Host $host;\n"
        + "            proxy_cache seawatch_files;\n"
        + f"            proxy_cache_valid 200 {valid};\n"
        + "            proxy_cache_revalidate on;\n"
        + "            proxy_cache_lock on;\n"
        + "            add_header X-Cache-Status $upstream_cache_status always;\n"
        + "        }\n"
    )


def upstream_counts(log: str, path: str = "/_stcore/stream") -> Counter[str]:
    """How many requests for `path` each replica (``127.0.0.1:PORT``) served, from an access
    log written with `LOG_FORMAT`; requests nginx answered itself (``-``) count as ``"-"``.

    Examples
    --------
    >>> upstream_counts('127.0.0.2 127.0.0.1:8601 101 "GET /_stcore/stream HTTP/1.1"\\n')
    Counter({'127.0.0.1:8601': 1})
    """
    counts: Counter[str] = Counter()
    for line in log.splitlines():
        found = _LOG_LINE.match(line)
        if found and found.group(5).split("?", 1)[0] == path:
            counts[found.group(2)] += 1
    return counts


def page_file_sources(log: str) -> Counter[str]:
    """Where the page files (``/static/``, ``/app/static/``) came from, from an access log
    written with `LOG_FORMAT`: ``"cache"`` (nginx answered, no replica: ``$upstream_addr`` is
    ``-``) or ``"replica"``.

    Examples
    --------
    >>> page_file_sources(
    ...     '127.0.0.2 127.0.0.1:8601 200 "GET /static/js/index.1a2b.js HTTP/1.1"\\n'
    ...     '127.0.0.3 - 200 "GET /static/js/index.1a2b.js HTTP/1.1"\\n'
    ...     '127.0.0.3 127.0.0.1:8601 101 "GET /_stcore/stream HTTP/1.1"\\n'
    ... )
    Counter({'replica': 1, 'cache': 1})
    """
    counts: Counter[str] = Counter()
    for line in log.splitlines():
        found = _LOG_LINE.match(line)
        if found and found.group(5).startswith(("/static/", "/app/static/")):
            counts["cache" if found.group(2) == "-" else "replica"] += 1
    return counts


def client_addresses(count: int) -> list[str]:
    """`count` loopback addresses for the benchmark's clients, one each: ``127.0.0.2`` onwards
    (``127.0.0.1`` is the servers'). The whole ``127.0.0.0/8`` is the loopback on Linux.

    Examples
    --------
    >>> client_addresses(3)
    ['127.0.0.2', '127.0.0.3', '127.0.0.4']
    """
    if not 0 <= count <= 250:
        raise ValueError(f"count: between 0 and 250 client addresses, got {count!r}")
    return [f"127.0.0.{2 + i}" for i in range(count)]


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid`, its reaped children and its live children
    (one level: nginx's workers), from Linux ``/proc``."""

    def own(p: int) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    total = own(pid)
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                total += own(int(child))
    return total


@contextlib.contextmanager
def nginx(
    ports: Sequence[int], listen: int, folder: Path, *, sticky: str = "address"
) -> Iterator[subprocess.Popen[bytes]]:
    """Run nginx (``/usr/sbin/nginx``, in the foreground) with `nginx_config` written to
    `folder`; yield its process once ``/_stcore/health`` answers through it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (*_TEMP_DIRS, "cache"):
        (folder / name).mkdir(exist_ok=True)
    user = "root" if os.geteuid() == 0 else None  # workers keep the folder's owner
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(ports, listen, folder, sticky=sticky, user=user))
    cmd = ["/usr/sbin/nginx", "-p", str(folder), "-c", str(conf)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                log = (folder / "error.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"nginx exited with {proc.returncode}: {log}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{listen}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.1)
        yield proc
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown
        proc.wait(timeout=20)
