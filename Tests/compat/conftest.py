"""Fixtures for the Glint compatibility suite.

Starts real `glintd` processes and drives them with the real OpenStack clients
(python-glanceclient, python-openstackclient, openstacksdk) and plain `requests`.

Environment:
  GLINT_BIN_DIR   directory holding the `glintd` binary (default <repo>/.build/debug)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPAT_DIR = Path(__file__).resolve().parent

STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
CLI_TIMEOUT = 180.0

TOKENS = [
    {"token": "admin-token", "project": "admin", "user": "admin", "roles": ["admin"]},
    {"token": "alice-token", "project": "p-alice", "user": "alice", "roles": ["member"]},
    {"token": "bob-token", "project": "p-bob", "user": "bob", "roles": ["member"]},
]
TOKEN_CONFIG = {"auth": {"mode": "token", "tokens": TOKENS}, "maxImageSize": 1073741824}
SMALL_CAP = 1048576
SMALL_CONFIG = {"auth": {"mode": "token", "tokens": TOKENS}, "maxImageSize": SMALL_CAP}


def glint_bin_dir() -> Path:
    env = os.environ.get("GLINT_BIN_DIR")
    if env:
        p = Path(env)
        return p if p.is_absolute() else (REPO_ROOT / p)
    return REPO_ROOT / ".build" / "debug"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------
# glintd process management
# --------------------------------------------------------------------------------------

class GlintServer:
    """One glintd process. `.url`, `.data_dir`, `.proc`, `.port`, `.log_path`."""

    def __init__(self, name: str, workdir: Path, config: dict | None = None,
                 data_dir: Path | None = None):
        self.name = name
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir or (workdir / "data")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.config_path: Path | None = None
        if config is not None:
            self.config_path = workdir / "config.json"
            self.config_path.write_text(json.dumps(config, indent=2))
        self.log_path = workdir / "glintd.log"
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.url: str | None = None
        self._reader: threading.Thread | None = None
        self._ready = threading.Event()
        self._starts = 0

    @property
    def binary(self) -> Path:
        return glint_bin_dir() / "glintd"

    def log_text(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except FileNotFoundError:
            return ""

    def _pump(self, proc: subprocess.Popen, port: int) -> None:
        needle = f"listening on http://127.0.0.1:{port}"
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self._starts} port {port} =====\n".encode())
            log.flush()
            for raw in iter(proc.stdout.readline, b""):
                log.write(raw)
                log.flush()
                if needle in raw.decode(errors="replace"):
                    self._ready.set()

    def start(self) -> "GlintServer":
        if not self.binary.exists():
            pytest.fail(f"glintd binary not found at {self.binary} (set GLINT_BIN_DIR)")
        last_err = ""
        for _attempt in range(3):
            self._starts += 1
            port = free_port()
            cmd = [str(self.binary), "--bind", f"127.0.0.1:{port}", "--data-dir", str(self.data_dir)]
            if self.config_path is not None:
                cmd += ["--config", str(self.config_path)]
            self._ready = threading.Event()
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=str(self.workdir),
            )
            reader = threading.Thread(target=self._pump, args=(proc, port), daemon=True)
            reader.start()
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while time.monotonic() < deadline:
                if self._ready.wait(0.1):
                    break
                if proc.poll() is not None:
                    break
            if self._ready.is_set():
                self.proc, self.port, self._reader = proc, port, reader
                self.url = f"http://127.0.0.1:{port}"
                return self
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
                reader.join(5)
                pytest.fail(f"glintd ({self.name}) printed no 'listening on http://127.0.0.1:{port}' "
                            f"line within {STARTUP_TIMEOUT}s (is stdout flushed?). Log:\n{self.log_text()}")
            reader.join(5)
            last_err = self.log_text()
            if "in use" not in last_err.lower():
                break
        pytest.fail(f"glintd ({self.name}) exited during startup. Log:\n{last_err}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM; returns the exit code; raises if it does not exit within `timeout`."""
        proc = self.proc
        assert proc is not None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
                if self._reader:
                    self._reader.join(5)
                raise AssertionError(f"glintd ({self.name}) did not exit within {timeout}s of SIGTERM. "
                                     f"Log:\n{self.log_text()}")
        if self._reader:
            self._reader.join(5)
        self.proc = None
        return proc.returncode

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        if self._reader:
            self._reader.join(5)
        self.proc = None

    def ensure_stopped(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    # ---- HTTP helpers -------------------------------------------------------------
    def v2(self, path: str) -> str:
        return f"{self.url}/v2{path}"

    def data_files(self, sub: str) -> list[Path]:
        root = self.data_dir / sub
        if not root.exists():
            return []
        return sorted(p for p in root.rglob("*") if p.is_file())


def _session_server(name: str, tmp_root: Path, config: dict | None):
    srv = GlintServer(name, tmp_root / name, config=config).start()
    return srv


def _stop_and_check(srv: GlintServer) -> None:
    rc = srv.stop()
    assert rc == 0, f"glintd ({srv.name}) exited with {rc} after SIGTERM. Log:\n{srv.log_text()}"


@pytest.fixture(scope="session")
def tmp_root():
    d = Path(tempfile.mkdtemp(prefix="glint-compat-"))
    yield d
    if os.environ.get("GLINT_KEEP_TMP"):
        print(f"\n[compat] kept temp dir {d}")
    else:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def server_none(tmp_root):
    """glintd in auth mode `none` (every request is the admin of project admin)."""
    srv = _session_server("none", tmp_root, None)
    yield srv
    _stop_and_check(srv)


@pytest.fixture(scope="session")
def server_token(tmp_root):
    """glintd in token mode with admin/alice/bob tokens."""
    srv = _session_server("token", tmp_root, TOKEN_CONFIG)
    yield srv
    _stop_and_check(srv)


@pytest.fixture(scope="session")
def server_small(tmp_root):
    """glintd in token mode with maxImageSize = 1 MiB."""
    srv = _session_server("small", tmp_root, SMALL_CONFIG)
    yield srv
    _stop_and_check(srv)


@pytest.fixture
def glint_factory(tmp_root):
    """Start extra, test-owned glintd processes (e.g. for kill -9 / restart tests)."""
    made: list[GlintServer] = []

    def make(name: str, config: dict | None = None, data_dir: Path | None = None) -> GlintServer:
        srv = GlintServer(f"{name}-{uuid.uuid4().hex[:6]}", tmp_root / f"{name}-{uuid.uuid4().hex[:6]}",
                          config=config, data_dir=data_dir)
        made.append(srv)
        return srv

    yield make
    for srv in made:
        srv.ensure_stopped()


# --------------------------------------------------------------------------------------
# Test data
# --------------------------------------------------------------------------------------

def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return res


def digests(path: Path) -> dict[str, Any]:
    md5, sha512 = hashlib.md5(), hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            md5.update(chunk)
            sha512.update(chunk)
    return {"md5": md5.hexdigest(), "sha512": sha512.hexdigest(), "size": path.stat().st_size}


@dataclass
class Artifact:
    path: Path
    md5: str
    sha512: str
    size: int
    virtual_size: int | None = None

    def bytes(self) -> bytes:
        return self.path.read_bytes()


def make_artifact(path: Path, virtual_size: int | None = None) -> Artifact:
    d = digests(path)
    return Artifact(path, d["md5"], d["sha512"], d["size"], virtual_size)


@pytest.fixture(scope="session")
def artifacts_dir(tmp_root):
    d = tmp_root / "artifacts"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture(scope="session")
def qcow2_64m(artifacts_dir) -> Artifact:
    """A 64 MiB-virtual qcow2 with some data written by qemu-io."""
    p = artifacts_dir / "f.qcow2"
    run(["qemu-img", "create", "-q", "-f", "qcow2", str(p), "64M"])
    run(["qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", "-c", "write -P 0xa5 8M 512k", str(p)])
    return make_artifact(p, virtual_size=64 * 1024 * 1024)


@pytest.fixture(scope="session")
def raw_small(artifacts_dir) -> Artifact:
    """A 3 MiB + 123 bytes raw file of pseudo-random data (not a recognised format)."""
    p = artifacts_dir / "small.raw"
    import random
    rnd = random.Random(1234)
    data = bytes(rnd.getrandbits(8) for _ in range(64 * 1024)) * 48 + b"x" * 123
    # no format magic anywhere a format inspector looks at the start (MBR, qcow2, vmdk, ...)
    data = b"\x00" * 4096 + data[4096:]
    p.write_bytes(data)
    return make_artifact(p, virtual_size=len(data))


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


# --------------------------------------------------------------------------------------
# CLI runners
# --------------------------------------------------------------------------------------

@dataclass
class CLIResult:
    argv: list[str]
    rc: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout) if self.stdout.strip() else None

    def table(self) -> list[dict[str, str]]:
        return parse_list_table(self.stdout)

    def props(self) -> dict[str, str]:
        return parse_property_table(self.stdout)


def venv_bin(name: str) -> str:
    cand = Path(sys.executable).parent / name
    if cand.exists():
        return str(cand)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found next to {sys.executable} nor on PATH")
    return found


@pytest.fixture(scope="session")
def cli_home(tmp_root) -> Path:
    h = tmp_root / "home"
    h.mkdir(exist_ok=True)
    return h


def cli_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    env["PYTHONWARNINGS"] = "ignore"
    env["COLUMNS"] = "400"
    env.pop("OS_CLOUD", None)
    return env


def run_cli(argv: list[str], home: Path, ok: bool = True, stdin_path: Path | None = None,
            timeout: float = CLI_TIMEOUT, cwd: Path | None = None) -> CLIResult:
    kwargs: dict[str, Any] = {}
    if stdin_path is not None:
        kwargs["stdin"] = open(stdin_path, "rb")
    else:
        # glance/openstack upload a non-tty stdin as image data; run them with stdin closed instead
        # (a shell `<&-`, as preexec_fn is unsafe with the log-reader threads running).
        argv = ["/bin/sh", "-c", 'exec "$@" <&-', "sh", *argv]
    try:
        p = subprocess.run(argv, capture_output=True, env=cli_env(home), timeout=timeout,
                           cwd=str(cwd or home), **kwargs)
    finally:
        if "stdin" in kwargs:
            kwargs["stdin"].close()
    if argv[0] == "/bin/sh":
        argv = argv[4:]
    res = CLIResult(argv, p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))
    if ok and res.rc != 0:
        pytest.fail(f"command failed (rc={res.rc}): {' '.join(argv)}\n--- stdout ---\n{res.stdout}\n"
                    f"--- stderr ---\n{res.stderr[-6000:]}")
    if not ok and res.rc == 0:
        pytest.fail(f"command unexpectedly succeeded: {' '.join(argv)}\n--- stdout ---\n{res.stdout}")
    return res


class GlanceCLI:
    """`glance --os-image-url URL --os-auth-token TOKEN …` (python-glanceclient)."""

    def __init__(self, server: GlintServer, home: Path, token: str = "admin-token"):
        self.server, self.home, self.token = server, home, token

    def as_(self, token: str) -> "GlanceCLI":
        return GlanceCLI(self.server, self.home, token)

    def __call__(self, *args: str, ok: bool = True, debug: bool = False,
                 stdin_path: Path | None = None) -> CLIResult:
        argv = [venv_bin("glance")]
        if debug:
            argv.append("--debug")
        argv += ["--os-image-url", self.server.url, "--os-auth-token", self.token, *args]
        return run_cli(argv, self.home, ok=ok, stdin_path=stdin_path)


class OpenStackCLI:
    """`openstack --os-auth-type none --os-endpoint URL …` or admin_token with --os-token."""

    def __init__(self, server: GlintServer, home: Path, token: str | None = None):
        self.server, self.home, self.token = server, home, token

    def as_(self, token: str | None) -> "OpenStackCLI":
        return OpenStackCLI(self.server, self.home, token)

    def argv(self) -> list[str]:
        if self.token is None:
            return [venv_bin("openstack"), "--os-auth-type", "none", "--os-endpoint", self.server.url]
        # With admin_token keystoneauth does not append the discovered /v2/ to the endpoint (requests would go
        # to /images), so the versioned endpoint is given here; auth_type none discovers it from GET /.
        return [venv_bin("openstack"), "--os-auth-type", "admin_token", "--os-endpoint", self.server.url + "/v2",
                "--os-token", self.token]

    def __call__(self, *args: str, ok: bool = True, fmt_json: bool = False,
                 stdin_path: Path | None = None) -> CLIResult:
        argv = self.argv() + list(args)
        if fmt_json:
            argv += ["-f", "json"]
        return run_cli(argv, self.home, ok=ok, stdin_path=stdin_path)

    def json(self, *args: str) -> Any:
        return self(*args, fmt_json=True).json()


@pytest.fixture(scope="session")
def glance(server_none, cli_home) -> GlanceCLI:
    return GlanceCLI(server_none, cli_home, "admin-token")


@pytest.fixture(scope="session")
def glance_token(server_token, cli_home) -> GlanceCLI:
    return GlanceCLI(server_token, cli_home, "admin-token")


@pytest.fixture(scope="session")
def osc(server_none, cli_home) -> OpenStackCLI:
    return OpenStackCLI(server_none, cli_home, None)


@pytest.fixture(scope="session")
def osc_token(server_token, cli_home) -> OpenStackCLI:
    return OpenStackCLI(server_token, cli_home, "admin-token")


# --------------------------------------------------------------------------------------
# Table parsing (prettytable output of glanceclient)
# --------------------------------------------------------------------------------------

def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip()[1:-1].split("|")]


def parse_list_table(text: str) -> list[dict[str, str]]:
    rows = [l for l in text.splitlines() if l.startswith("|")]
    if not rows:
        return []
    header = _cells(rows[0])
    return [dict(zip(header, _cells(r))) for r in rows[1:]]


def parse_property_table(text: str) -> dict[str, str]:
    """Property/Value table; wrapped continuation rows (empty Property) are concatenated."""
    out: dict[str, str] = {}
    last = None
    for row in parse_list_table(text):
        k, v = row.get("Property", ""), row.get("Value", "")
        if k:
            out[k] = v
            last = k
        elif last is not None:
            out[last] += v
    return out


# --------------------------------------------------------------------------------------
# Plain HTTP helpers
# --------------------------------------------------------------------------------------

def auth(token: str | None = "admin-token", **extra: str) -> dict[str, str]:
    h = dict(extra)
    if token is not None:
        h["X-Auth-Token"] = token
    return h


def create_image(server: GlintServer, token: str | None = "admin-token", **body: Any) -> dict:
    body.setdefault("disk_format", "raw")
    body.setdefault("container_format", "bare")
    r = requests.post(server.v2("/images"), json=body, headers=auth(token), timeout=30)
    assert r.status_code == 201, f"POST /v2/images {body} -> {r.status_code} {r.text}"
    return r.json()


def get_image(server: GlintServer, image_id: str, token: str | None = "admin-token") -> dict:
    r = requests.get(server.v2(f"/images/{image_id}"), headers=auth(token), timeout=30)
    assert r.status_code == 200, f"GET /v2/images/{image_id} -> {r.status_code} {r.text}"
    return r.json()


def upload(server: GlintServer, image_id: str, data: bytes | Any, token: str | None = "admin-token",
           headers: dict | None = None) -> requests.Response:
    h = auth(token, **{"Content-Type": "application/octet-stream"})
    if headers:
        h.update(headers)
    return requests.put(server.v2(f"/images/{image_id}/file"), data=data, headers=h, timeout=120)


def list_images(server: GlintServer, token: str | None = "admin-token", **params: Any) -> list[dict]:
    """All pages of GET /v2/images with `params`, following `next` (bounded)."""
    out: list[dict] = []
    url = server.v2("/images")
    q: dict[str, Any] | None = dict(params)
    for _ in range(500):
        r = requests.get(url, params=q, headers=auth(token), timeout=30)
        assert r.status_code == 200, f"GET {r.url} -> {r.status_code} {r.text}"
        body = r.json()
        out.extend(body["images"])
        nxt = body.get("next")
        if not nxt:
            return out
        url, q = server.url + nxt, None
    raise AssertionError("pagination did not end after 500 pages")


def wait_status(server: GlintServer, image_id: str, statuses: Iterable[str], token: str | None = "admin-token",
                timeout: float = 30.0) -> dict:
    statuses = set(statuses)
    deadline = time.monotonic() + timeout
    img = get_image(server, image_id, token)
    while img["status"] not in statuses and time.monotonic() < deadline:
        time.sleep(0.1)
        img = get_image(server, image_id, token)
    assert img["status"] in statuses, f"image {image_id} status {img['status']!r}, wanted {statuses}"
    return img


REQ_ID_RE = re.compile(r"^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# --------------------------------------------------------------------------------------
# The glint CLI
# --------------------------------------------------------------------------------------

GLINT_CLI_TIMEOUT = 120.0


def glint_binary() -> Path:
    path = glint_bin_dir() / "glint"
    if not path.exists():
        pytest.fail(f"glint binary not found at {path} (swift build --product glint, or set GLINT_BIN_DIR)")
    return path


def run_glint(*args: str, url: str | None, token: str | None = None, ok: bool = True,
              env: dict[str, str] | None = None, cwd: Path | None = None) -> CLIResult:
    """Runs `glint ARGS…` with `--url`/`--token` taken from GLINT_URL/GLINT_TOKEN in the environment."""
    argv = [str(glint_binary()), *args]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GLINT_") or k == "GLINT_BIN_DIR"}
    if url is not None:
        full_env["GLINT_URL"] = url
    if token is not None:
        full_env["GLINT_TOKEN"] = token
    full_env.update(env or {})
    p = subprocess.run(argv, capture_output=True, env=full_env, timeout=GLINT_CLI_TIMEOUT, stdin=subprocess.DEVNULL,
                       cwd=str(cwd) if cwd else None)
    res = CLIResult(argv, p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))
    if ok and res.rc != 0:
        pytest.fail(f"glint failed (rc={res.rc}): {' '.join(argv)}\n--- stdout ---\n{res.stdout}\n"
                    f"--- stderr ---\n{res.stderr[-4000:]}")
    if not ok and res.rc == 0:
        pytest.fail(f"glint unexpectedly succeeded: {' '.join(argv)}\n--- stdout ---\n{res.stdout}")
    return res
