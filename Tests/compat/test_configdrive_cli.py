"""`glint configdrive build` and `glint configdrive show` (Sources/glint over Sources/ConfigDrive).

Runs the built `<repo>/.build/debug/glint` (GLINT_BIN_DIR overrides the directory). No server is needed: drives
are built locally, read back with `glint configdrive show --format json` and, where the tools are installed, with
`bsdtar` (ISO9660) and `mdir` (vfat) as independent readers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import CLIResult, run_glint

UUID = "4d7b2b4a-8f2e-4a56-9d51-3c1e2f0a9b7c"
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE5vdEFSZWFsS2V5 alice@host"
USER_DATA = "#cloud-config\nhostname: web-1\nruncmd:\n  - echo hi\n"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def glint(*args: str, ok: bool = True, cwd: Path | None = None) -> CLIResult:
    """`glint ARGS…` for the local configdrive commands: no server."""
    return run_glint(*map(str, args), url=None, ok=ok, cwd=cwd)


def show(path: Path) -> dict:
    """`glint configdrive show --format json`, with the files keyed by path."""
    doc = glint("configdrive", "show", "--format", "json", path).json()
    doc["by_path"] = {f["path"]: f for f in doc["files"]}
    return doc


def file_json(doc: dict, path: str) -> dict:
    assert path in doc["by_path"], f"{path} not in {sorted(doc['by_path'])}"
    entry = doc["by_path"][path]
    assert "json" in entry, f"{path} was not shown as JSON: {entry}"
    return entry["json"]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Local files for the options: a key, user data, vendor data, a file to inject, network_data.json."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "alice.pub").write_text(ED25519 + "\n")
    (d / "user-data").write_text(USER_DATA)
    (d / "vendor.json").write_text(json.dumps({"cloud-init": "#cloud-config\npackages: [htop]\n"}))
    (d / "motd").write_text("hello from glint\n")
    (d / "blob").write_bytes(bytes(range(256)) * 4)
    (d / "network_data.json").write_text(json.dumps({
        "links": [
            {"id": "eth0", "type": "phy", "ethernet_mac_address": "52:54:00:aa:bb:cc", "mtu": 9000},
            {"id": "eth0.42", "type": "vlan", "vlan_link": "eth0", "vlan_id": 42,
             "vlan_mac_address": "52:54:00:aa:bb:cc"},
        ],
        "networks": [
            {"id": "n0", "link": "eth0", "type": "ipv4", "ip_address": "192.0.2.10", "netmask": "255.255.255.0",
             "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "192.0.2.1"}]},
            {"id": "n1", "link": "eth0.42", "type": "ipv6_slaac"},
        ],
        "services": [{"type": "dns", "address": "192.0.2.53"}],
    }))
    return {p.name: p for p in d.iterdir()}


def full_flags(inputs: dict[str, Path]) -> list[str]:
    return [
        "--uuid", UUID, "--name", "web-1", "--hostname", "web-1.example",
        "--user-data", inputs["user-data"], "--vendor-data", inputs["vendor.json"],
        "--key", f"alice={inputs['alice.pub']}",
        "--file", f"/etc/motd={inputs['motd']}", "--file", f"/opt/blob.bin={inputs['blob']}",
        "--meta", "role=web", "--meta", "tier=front=end",
        "--admin-pass", "s3cret",
        "--mac", "52:54:00:12:34:56", "--address", "192.0.2.10/24", "--gateway", "192.0.2.1",
        "--dns", "192.0.2.53", "--dns", "192.0.2.54", "--mtu", "1450",
    ]


def entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

def test_build_iso_with_flags(tmp_path, inputs):
    out = tmp_path / "out" / "config-2.iso"
    out.parent.mkdir()
    res = glint("configdrive", "build", *full_flags(inputs), "-o", out)
    assert res.stderr == ""
    assert entries(out.parent) == ["config-2.iso"], "a temporary file was left next to the output"
    assert out.stat().st_size % 2048 == 0

    doc = show(out)
    assert doc["format"] == "iso9660"
    assert doc["label"] == "config-2"
    md = file_json(doc, "openstack/latest/meta_data.json")
    assert md["uuid"] == UUID
    assert md["name"] == "web-1"
    assert md["hostname"] == "web-1.example"
    assert md["meta"] == {"role": "web", "tier": "front=end"}
    assert md["public_keys"] == {"alice": ED25519 + "\n"}
    assert md["admin_pass"] == "s3cret"
    files = {f["path"]: f["content_path"] for f in md["files"]}
    assert set(files) == {"/etc/motd", "/opt/blob.bin"}
    motd = doc["by_path"][files["/etc/motd"].lstrip("/").replace("content/", "openstack/content/", 1)]
    assert motd["text"] == "hello from glint\n"
    blob = doc["by_path"][files["/opt/blob.bin"].lstrip("/").replace("content/", "openstack/content/", 1)]
    assert blob["sha256"] == hashlib.sha256(inputs["blob"].read_bytes()).hexdigest()

    assert doc["by_path"]["openstack/latest/user_data"]["text"] == USER_DATA
    assert file_json(doc, "openstack/latest/vendor_data.json") == json.loads(inputs["vendor.json"].read_text())
    net = file_json(doc, "openstack/latest/network_data.json")
    assert net["links"][0]["ethernet_mac_address"] == "52:54:00:12:34:56"
    assert net["links"][0]["mtu"] == 1450
    assert net["networks"][0]["ip_address"] == "192.0.2.10"
    assert [s["address"] for s in net["services"] if s["type"] == "dns"] == ["192.0.2.53", "192.0.2.54"]
    # Every metadata version is there, and EC2's.
    assert "openstack/2012-08-10/meta_data.json" in doc["by_path"]
    assert "ec2/latest/meta-data.json" in doc["by_path"]

    if shutil.which("bsdtar"):
        listing = subprocess.run(["bsdtar", "-tf", str(out)], capture_output=True, text=True, check=True).stdout
        assert "openstack/latest/meta_data.json" in listing


def test_build_vfat(tmp_path, inputs):
    nova = tmp_path / "nova.img"
    glint("configdrive", "build", "--format", "vfat", "--uuid", UUID, "--mac", "52:54:00:12:34:56", "--dhcp",
          "--user-data", inputs["user-data"], "-o", nova)
    assert nova.stat().st_size == 64 * 1024 * 1024
    doc = show(nova)
    assert doc["format"] == "vfat"
    assert doc["label"] == "config-2"
    assert file_json(doc, "openstack/latest/meta_data.json")["uuid"] == UUID
    net = file_json(doc, "openstack/latest/network_data.json")
    assert net["networks"][0]["type"] == "ipv4_dhcp"
    if shutil.which("mdir"):
        listing = subprocess.run(["mdir", "-i", str(nova), "-/", "::openstack/latest"], capture_output=True,
                                 text=True, env={**os.environ, "MTOOLS_SKIP_CHECK": "1"}).stdout
        assert "meta_data" in listing

    fitted = tmp_path / "fitted.img"
    glint("configdrive", "build", "--format", "vfat", "--vfat-size", "fitted", "--uuid", UUID, "-o", fitted)
    assert fitted.stat().st_size < nova.stat().st_size
    assert show(fitted)["label"] == "config-2"


def test_build_nocloud(tmp_path, inputs):
    out = tmp_path / "seed.iso"
    glint("configdrive", "build", "--format", "nocloud", *full_flags(inputs), "-o", out)
    doc = show(out)
    assert doc["format"] == "nocloud"
    assert doc["label"] == "cidata"
    assert {"meta-data", "user-data", "network-config"} <= set(doc["by_path"])
    assert UUID in doc["by_path"]["meta-data"]["text"]
    assert doc["by_path"]["user-data"]["text"] == USER_DATA
    assert "52:54:00:12:34:56" in doc["by_path"]["network-config"]["text"]


def test_build_from_content_with_overrides(tmp_path, inputs):
    content = {
        "uuid": UUID,
        "name": "from-json",
        "availability_zone": "az1",
        "meta": {"a": "1"},
        "public_keys": [{"name": "alice", "data": ED25519}],
        "files": [{"path": "/etc/issue", "content": "from json\n"}],
        "user_data_base64": "AAEC/w==",
    }
    path = tmp_path / "content.json"
    path.write_text(json.dumps(content))
    out = tmp_path / "c.iso"
    glint("configdrive", "build", "--content", path, "--hostname", "override", "--meta", "b=2",
          "--network-data", inputs["network_data.json"], "-o", out)
    doc = show(out)
    md = file_json(doc, "openstack/latest/meta_data.json")
    assert md["uuid"] == UUID
    assert md["name"] == "from-json"
    assert md["hostname"] == "override"
    assert md["availability_zone"] == "az1"
    assert md["meta"] == {"a": "1", "b": "2"}
    net = file_json(doc, "openstack/latest/network_data.json")
    assert [link["id"] for link in net["links"]] == ["eth0", "eth0.42"]
    # Binary user data is shown by size and sha256, not as text.
    user_data = doc["by_path"]["openstack/latest/user_data"]
    assert "text" not in user_data
    assert user_data["sha256"] == hashlib.sha256(b"\x00\x01\x02\xff").hexdigest()

    # --uuid overrides the document's.
    other = str(uuid.uuid4())
    glint("configdrive", "build", "--content", path, "--uuid", other, "-o", out)
    assert file_json(show(out), "openstack/latest/meta_data.json")["uuid"] == other


def test_random_uuid_and_defaults(tmp_path):
    a, b = tmp_path / "a.iso", tmp_path / "b.iso"
    glint("configdrive", "build", "-o", a)
    glint("configdrive", "build", "--name", "box", "-o", b)
    md_a = file_json(show(a), "openstack/latest/meta_data.json")
    md_b = file_json(show(b), "openstack/latest/meta_data.json")
    assert UUID_RE.match(md_a["uuid"]) and UUID_RE.match(md_b["uuid"])
    assert md_a["uuid"] != md_b["uuid"]
    assert md_b["hostname"] == "box"


def test_show_table(tmp_path, inputs):
    out = tmp_path / "t.iso"
    glint("configdrive", "build", *full_flags(inputs), "-o", out)
    text = glint("configdrive", "show", out).stdout
    assert re.search(r"^Format: +iso9660", text, re.M)
    assert re.search(r"^Label: +config-2$", text, re.M)
    assert re.search(r"^ +\d+  openstack/latest/meta_data\.json$", text, re.M)
    assert re.search(r"^ +\d+  openstack/2012-08-10/meta_data\.json$", text, re.M)
    assert "==> openstack/latest/meta_data.json <==" in text
    assert "==> openstack/2012-08-10/meta_data.json <==" not in text
    assert f'"uuid" : "{UUID}"' in text or f'"uuid": "{UUID}"' in text
    assert "runcmd:" in text  # user data as text
    assert "bytes of binary data, sha256 " in text  # /opt/blob.bin
    everything = glint("configdrive", "show", "--all", out).stdout
    assert "==> openstack/2012-08-10/meta_data.json <==" in everything


def test_repeat_prints_timing(tmp_path):
    out = tmp_path / "r.iso"
    res = glint("configdrive", "build", "--uuid", UUID, "--repeat", "3", "-o", out)
    assert re.fullmatch(r"built 3 drives in [0-9.]+ s \([0-9.]+ ms per drive\)\nper_build_ms=[0-9.]+\n", res.stderr), res.stderr
    assert entries(tmp_path) == ["r.iso"]


# --------------------------------------------------------------------------------------------
# Bad input: exit 1, one clear line, nothing at the output path
# --------------------------------------------------------------------------------------------

def error_cases(inputs: dict[str, Path], tmp: Path) -> list[tuple[str, list, str]]:
    big = tmp / "big-user-data"
    big.write_bytes(b"x" * (64 * 1024 + 1))
    bad_json = tmp / "bad.json"
    bad_json.write_text('{"uuid": "' + UUID + '", ')
    unknown_net = tmp / "wifi.json"
    unknown_net.write_text(json.dumps({"links": [{"id": "w0", "type": "wifi", "ethernet_mac_address": "52:54:00:00:00:01"}],
                                       "networks": [], "services": []}))
    large = tmp / "large"
    large.write_bytes(os.urandom(3 * 1024 * 1024))
    return [
        ("dotdot", ["--file", f"/etc/../shadow={inputs['motd']}"], ".."),
        ("relative", ["--file", f"etc/motd={inputs['motd']}"], "absolute"),
        ("bad-mac", ["--mac", "52:54:00:zz:34:56", "--dhcp"], "52:54:00:zz:34:56"),
        ("user-data-64k", ["--user-data", big], "65535"),
        ("bad-content-json", ["--content", bad_json], "--content"),
        ("unknown-network-type", ["--network-data", unknown_net], "wifi"),
        ("bad-uuid", ["--uuid", "not-a-uuid"], "not-a-uuid"),
        ("missing-user-data", ["--user-data", tmp / "nope"], "No such file"),
        ("vfat-too-small", ["--format", "vfat", "--vfat-size", "1M", "--file", f"/opt/large={large}"], ""),
    ]


@pytest.mark.parametrize("case", ["dotdot", "relative", "bad-mac", "user-data-64k", "bad-content-json",
                                  "unknown-network-type", "bad-uuid", "missing-user-data", "vfat-too-small"])
def test_bad_input_exits_1_and_writes_nothing(tmp_path, inputs, case):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    name, args, needle = next(c for c in error_cases(inputs, scratch) if c[0] == case)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "drive.img"
    res = glint("configdrive", "build", *args, "-o", out, ok=False)
    assert res.rc == 1, f"{name}: rc {res.rc}\n{res.stderr}"
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("glint: error: "), f"{name}: {res.stderr!r}"
    assert needle in lines[0], f"{name}: {lines[0]!r} does not mention {needle!r}"
    assert res.stdout == ""
    assert entries(outdir) == [], f"{name}: left {entries(outdir)} behind"


def test_failed_build_keeps_the_previous_output(tmp_path, inputs):
    out = tmp_path / "keep.iso"
    out.write_bytes(b"previous drive")
    res = glint("configdrive", "build", "--mac", "not-a-mac", "-o", out, ok=False)
    assert res.rc == 1
    assert out.read_bytes() == b"previous drive"
    assert entries(tmp_path) == ["in", "keep.iso"]


@pytest.mark.parametrize("args", [
    [],                                                       # no -o
    ["--address", "192.0.2.10/24"],                           # no --mac
    ["--mac", "52:54:00:12:34:56", "--dhcp", "--address", "192.0.2.10/24"],
    ["--network-data", "x.json", "--mac", "52:54:00:12:34:56"],
    ["--format", "udf"],
    ["--vfat-size", "fitted"],                                # not --format vfat
    ["--key", "no-equals-sign"],
    ["-o", "."],                                              # a directory
])
def test_usage_errors_exit_2(tmp_path, args):
    out = tmp_path / "u.iso"
    extra = [] if not args or "-o" in args else ["-o", out]
    res = glint("configdrive", "build", *args, *extra, ok=False)
    assert res.rc == 2, res.stderr
    assert res.stderr.strip()
    assert not out.exists()


def test_show_errors(tmp_path):
    missing = glint("configdrive", "show", tmp_path / "nope.iso", ok=False)
    assert missing.rc == 1 and missing.stderr.startswith("glint: error: ")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    res = glint("configdrive", "show", junk, ok=False)
    assert res.rc == 1 and res.stderr.startswith("glint: error: "), res.stderr


def test_help_lists_the_commands():
    text = glint("configdrive", "--help").stdout
    assert "build" in text and "show" in text
    build_help = glint("configdrive", "build", "--help").stdout
    for option in ["--content", "--uuid", "--user-data", "--network-data", "--mac", "--key", "--file",
                   "--admin-pass", "--format", "--vfat-size", "-o"]:
        assert option in build_help
    assert "--repeat" not in build_help
