"""The compute API (`/compute/v2.1`) with the real openstackclient and openstacksdk against a glintd whose launcher
boots the Images/ tiny guest on the host's libvirtd (QEMU TCG here): one guest through create, pause, suspend,
reboot, console log and URLs, password, stop/start, resize, rescue, snapshot and delete, plus Nova's error bodies and microversion headers.

Skipped when libvirtd is not reachable (glintd then serves the image API alone).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import openstack
import pytest
import requests

from conftest import CLIResult, run_cli, venv_bin

REPO = Path(__file__).resolve().parents[2]


def tiny_image() -> str:
    out = subprocess.run(["bash", str(REPO / "Images/build.sh"), "tiny"], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def compute_server(tmp_path_factory):
    from conftest import GlintServer
    rescue = subprocess.run(["bash", str(REPO / "Images/build.sh"), "rescue"], check=True, capture_output=True,
                            text=True).stdout.strip().splitlines()[-1]
    srv = GlintServer("compute", tmp_path_factory.mktemp("compute"), config={"rescueImage": rescue})
    srv.start()
    version = requests.get(srv.url + "/compute/v2.1", timeout=10)
    if version.status_code != 200:
        srv.stop()
        pytest.skip("glintd has no compute API here (libvirtd not reachable)")
    yield srv
    # A failed test must not leave guests running: delete what remains, then the instances directory.
    for leftover in requests.get(srv.url + "/compute/v2.1/servers", timeout=10).json().get("servers", []):
        requests.delete(srv.url + f"/compute/v2.1/servers/{leftover['id']}", timeout=120)
    srv.stop()
    match = re.search(r"instances\.directory=(\S+)", srv.log_text(tail=200000))
    if match and match.group(1).startswith("/var/lib/glint/instances-"):
        shutil.rmtree(match.group(1), ignore_errors=True)


@pytest.fixture(scope="module")
def cloud(compute_server, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("compute-home")
    (home / "clouds.yaml").write_text(
        "clouds:\n  glint:\n    auth_type: none\n"
        f"    auth:\n      endpoint: {compute_server.url}\n"
        f"    image_endpoint_override: {compute_server.url}\n"
        f"    compute_endpoint_override: {compute_server.url}/compute/v2.1\n"
        "    identity_api_version: '3'\n    region_name: RegionOne\n")
    return home


def osc(cloud: Path, *args: str, ok: bool = True) -> CLIResult:
    argv = ["/usr/bin/env", f"OS_CLIENT_CONFIG_FILE={cloud / 'clouds.yaml'}", venv_bin("openstack"), "--os-cloud", "glint", *args]
    return run_cli(argv, cloud, ok=ok)


def osc_json(cloud: Path, *args: str):
    return osc(cloud, *args, "-f", "json").json()


def status(cloud: Path, name: str) -> str:
    return osc_json(cloud, "server", "show", name)["status"]


def test_versions_microversions_and_faults(compute_server):
    base = compute_server.url + "/compute/v2.1"
    doc = requests.get(base, timeout=10).json()["version"]
    assert doc["id"] == "v2.1" and doc["min_version"] == "2.1" and doc["version"] == "2.6"
    flavors = requests.get(base + "/flavors", headers={"OpenStack-API-Version": "compute 2.6"}, timeout=10)
    assert flavors.headers["OpenStack-API-Version"] == "compute 2.6"
    assert flavors.headers["X-OpenStack-Nova-API-Version"] == "2.6"
    too_new = requests.get(base + "/flavors", headers={"OpenStack-API-Version": "compute 2.99"}, timeout=10)
    assert too_new.status_code == 406
    missing = requests.get(base + f"/servers/{uuid.uuid4()}", timeout=10)
    assert missing.status_code == 404 and missing.json()["itemNotFound"]["code"] == 404
    bad = requests.post(base + "/servers", json={"server": {"name": "x", "flavorRef": "nope", "imageRef": str(uuid.uuid4())}}, timeout=10)
    assert bad.status_code == 400 and "could not be found" in bad.json()["badRequest"]["message"]
    assert requests.get(base + "/servers", timeout=10).json() == {"servers": []}


def test_flavors_and_hypervisors_with_openstackclient(cloud):
    names = [f["Name"] for f in osc_json(cloud, "flavor", "list")]
    assert {"g1.nano", "m1.tiny", "m1.small"} <= set(names)
    created = osc_json(cloud, "flavor", "create", "--ram", "320", "--disk", "1", "--vcpus", "1", "compat-flavor")
    assert created["ram"] == 320 and created["name"] == "compat-flavor"
    assert osc_json(cloud, "flavor", "show", "compat-flavor")["vcpus"] == 1
    hypervisors = osc_json(cloud, "hypervisor", "list")
    assert len(hypervisors) == 1 and hypervisors[0]["State"] == "up" and hypervisors[0]["Hypervisor Type"] == "QEMU"


def test_one_guest_through_its_lifecycle(cloud, compute_server):
    image = osc_json(cloud, "image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                     "--file", tiny_image(), "compat-tiny")["id"]
    key = cloud / "compat.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxpbnQtY29tcGF0LWtleS0xMjM0NTY3ODkwMTI= compat@glint\n")
    pair = osc_json(cloud, "keypair", "create", "--public-key", str(key), "compat-key")
    assert len(pair["fingerprint"].split(":")) == 16
    assert "compat-key" in [k["Name"] for k in osc_json(cloud, "keypair", "list")]
    server = osc_json(cloud, "server", "create", "--image", image, "--flavor", "g1.nano", "--config-drive", "True",
                      "--key-name", "compat-key", "--wait", "compat-vm")
    assert server["status"] == "ACTIVE" and server["OS-EXT-STS:vm_state"] == "active"
    assert server["key_name"] == "compat-key"
    assert [s["Name"] for s in osc_json(cloud, "server", "list")] == ["compat-vm"]

    # openstacksdk sees the same server.
    sdk = openstack.connection.Connection(
        auth_type="none", auth={"endpoint": compute_server.url},
        compute_endpoint_override=compute_server.url + "/compute/v2.1",
        image_endpoint_override=compute_server.url, identity_api_version="3")
    found = sdk.compute.get_server(server["id"])
    assert found.name == "compat-vm" and found.status == "ACTIVE"
    assert "g1.nano" in [f.name for f in sdk.compute.flavors()]

    # The serial console log fills as the guest boots.
    deadline = time.monotonic() + 120
    while "Linux version" not in osc(cloud, "console", "log", "show", "compat-vm").stdout and time.monotonic() < deadline:
        time.sleep(2)
    assert "Linux version" in osc(cloud, "console", "log", "show", "compat-vm").stdout
    tail = osc(cloud, "console", "log", "show", "--lines", "3", "compat-vm").stdout.rstrip("\n")
    assert tail.count("\n") <= 2, tail  # 3 lines by line feed (the console writes CR LF and lone CRs)

    osc(cloud, "server", "pause", "compat-vm")
    assert status(cloud, "compat-vm") == "PAUSED"
    refused = osc(cloud, "server", "pause", "compat-vm", ok=False)
    assert "Cannot 'pause'" in refused.stderr
    osc(cloud, "server", "unpause", "compat-vm")
    osc(cloud, "server", "suspend", "compat-vm")
    assert status(cloud, "compat-vm") == "SUSPENDED"
    osc(cloud, "server", "resume", "compat-vm")
    assert status(cloud, "compat-vm") == "ACTIVE"
    osc(cloud, "server", "reboot", "--hard", "--wait", "compat-vm")
    assert status(cloud, "compat-vm") == "ACTIVE"

    # The admin password goes through the guest agent once it answers (Nova's 501 until then).
    deadline = time.monotonic() + 120
    argv = [venv_bin("openstack"), "--os-cloud", "glint", "server", "set", "--password", "Compat-pass-1", "compat-vm"]
    env = {**os.environ, "OS_CLIENT_CONFIG_FILE": str(cloud / "clouds.yaml"), "HOME": str(cloud)}
    while True:
        result = subprocess.run(argv, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        assert "no guest agent answers" in result.stderr, result.stderr
        time.sleep(3)
    assert result.returncode == 0, result.stderr

    # Consoles (2.6 remote-consoles through openstackclient): the display on the host's loopback.
    assert osc_json(cloud, "console", "url", "show", "--novnc", "compat-vm")["url"].startswith("vnc://127.0.0.1:")
    assert osc_json(cloud, "console", "url", "show", "--spice", "compat-vm")["url"].startswith("spice://127.0.0.1:")

    osc(cloud, "server", "stop", "compat-vm")
    assert status(cloud, "compat-vm") == "SHUTOFF"
    osc(cloud, "server", "start", "compat-vm")
    assert status(cloud, "compat-vm") == "ACTIVE"

    # Resize to the flavor made above, confirm: the flavor changes, VERIFY_RESIZE in between.
    osc(cloud, "server", "resize", "--flavor", "compat-flavor", "--wait", "compat-vm")
    shown = osc_json(cloud, "server", "show", "compat-vm")
    assert shown["status"] == "VERIFY_RESIZE" and "compat-flavor" in str(shown["flavor"])
    osc(cloud, "server", "resize", "confirm", "compat-vm")
    assert status(cloud, "compat-vm") == "ACTIVE"

    # Rescue with glintd's default rescue image, then back.
    osc(cloud, "server", "rescue", "--password", "Rescue-pass-1", "compat-vm")
    assert status(cloud, "compat-vm") == "RESCUE"
    osc(cloud, "server", "unrescue", "compat-vm")
    assert status(cloud, "compat-vm") == "ACTIVE"

    # Snapshot: a new image in the store, active once uploaded.
    snapshot = osc_json(cloud, "server", "image", "create", "--name", "compat-snap", "--wait", "compat-vm")
    image_doc = requests.get(compute_server.url + f"/v2/images/{snapshot['id']}", timeout=10).json()
    assert image_doc["status"] == "active" and image_doc["image_type"] == "snapshot"
    assert image_doc["instance_uuid"] == server["id"] and image_doc["base_image_ref"] == image

    osc(cloud, "server", "delete", "--wait", "compat-vm")
    assert osc_json(cloud, "server", "list") == []
