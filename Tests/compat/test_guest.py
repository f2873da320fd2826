"""`glint guest inspect|customize` on local images, server-side `customize` tasks through `glint` and through
python-glanceclient's `task-create`, against real libguestfs appliances and a real glintd.

Every appliance launch costs 20-50 s without KVM, so the tests group their checks: four launches in all.
Images come from the Images/ recipes (`Images/build.sh`), copied before they are changed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import run_glint

REPO = Path(__file__).resolve().parents[2]
APPLIANCE_TIMEOUT = 600


def image(name: str) -> Path:
    out = subprocess.run(["bash", str(REPO / "Images/build.sh"), name], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def glint(*args, url=None, ok=True):
    return run_glint(*map(str, args), url=url, ok=ok)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("guest")


def test_refusals_before_any_launch(work):
    """Bad input is refused with a clear message before an appliance starts: rc 1 for images, 2 for usage."""
    missing = glint("guest", "customize", work / "nope.qcow2", "--hostname", "x", ok=False)
    assert missing.rc == 1 and "no image file at" in missing.stderr
    vdi = work / "disk.vdi"
    subprocess.run(["qemu-img", "create", "-q", "-f", "vdi", str(vdi), "8M"], check=True)
    refused = glint("guest", "customize", vdi, "--hostname", "x", ok=False)
    assert refused.rc == 1 and "customizes raw and qcow2" in refused.stderr
    relative = glint("guest", "customize", vdi, "--write", "etc/motd:hi", ok=False)
    assert relative.rc == 2 and "is not absolute" in relative.stderr
    plan = work / "plan.json"
    plan.write_text(json.dumps({"operations": [{"op": "format-disk"}]}))
    unknown = glint("guest", "customize", vdi, "--plan", plan, ok=False)
    assert unknown.rc == 2 and 'unknown op "format-disk"' in unknown.stderr
    nothing = glint("guest", "customize", vdi, ok=False)
    assert nothing.rc == 2 and "nothing to do" in nothing.stderr


def test_local_batch_then_stored_tasks_then_inspection(work, server_none, glance):
    debian = work / "debian.qcow2"
    shutil.copy(image("fixture-debian"), debian)
    alpine = work / "alpine.qcow2"
    shutil.copy(image("fixture-alpine"), alpine)
    before = sha256(alpine)
    key = work / "key.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGNvbXBhdA compat@glint\n")
    network = work / "network.json"
    sample = json.loads((REPO / "ConfigDrive/samples/static-vlan.json").read_text())
    network.write_text(json.dumps(sample["network_data"]))

    # Launch 1: one plan, two images, one appliance. Alpine has no user "debian": its plan fails and the image
    # stays byte for byte the same, while the Debian image gets every change; the exit status says one failed.
    batch = glint("guest", "customize", debian, alpine, "--hostname", "compat-local", "--write", "/etc/motd:compat",
                  "--ssh-inject", f"debian:{key}", "--root-password", "random", "--network", network, ok=False)
    assert batch.rc == 1
    assert f"{alpine}: operation" in batch.stderr and 'user "debian" does not exist' in batch.stderr
    assert "was not changed" in batch.stderr
    assert sha256(alpine) == before
    assert f"{debian}:" in batch.stdout and "random password for root: " in batch.stdout
    assert "ifupdown: wrote /etc/network/interfaces.d/" in batch.stdout, batch.stdout
    assert "launching the appliance" in batch.stderr

    # Launch 2: a stored image customized server-side through glint (a task), the source untouched.
    created = glint("image", "create", "--name", "compat-tiny", "--disk-format", "qcow2", "--container-format",
                    "bare", "--file", image("tiny"), "--format", "json", url=server_none.url).json()
    stored = glint("guest", "customize", created["id"], "--hostname", "compat-stored", "--name", "compat-tiny-2",
                   url=server_none.url)
    new_id = stored.stdout.split("new image: ")[1].split()[0]
    new = requests.get(server_none.v2(f"/images/{new_id}"), timeout=10).json()
    assert new["status"] == "active" and new["base_image_ref"] == created["id"] and new["name"] == "compat-tiny-2"
    assert requests.get(server_none.v2(f"/images/{created['id']}"), timeout=10).json()["checksum"] == created["checksum"]
    downloaded = work / "stored.qcow2"
    glint("image", "download", new_id, "--file", downloaded, url=server_none.url)

    # Launch 3: glanceclient's task-create with a plan that fails: the task fails with the reason, no image appears.
    images_before = {i["id"] for i in requests.get(server_none.v2("/images"), timeout=10).json()["images"]}
    failing_input = {"image_id": created["id"],
                     "plan": {"operations": [{"op": "password", "user": "nosuchuser", "selector": "password:x"}]}}
    task = glance("task-create", "--type", "customize", "--input", json.dumps(failing_input)).props()
    assert task["status"] == "pending" and task["type"] == "customize"
    assert "<redacted>" in task["input"]
    deadline = time.monotonic() + APPLIANCE_TIMEOUT
    while True:
        shown = glance("task-show", task["id"]).props()
        if shown["status"] in ("success", "failure") or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert shown["status"] == "failure" and "nosuchuser" in shown["message"], shown
    assert {i["id"] for i in requests.get(server_none.v2("/images"), timeout=10).json()["images"]} == images_before
    assert task["id"] in glance("task-list").stdout

    # Launch 4: one read-only inspection of both results.
    inspected = glint("guest", "inspect", debian, downloaded, "--format", "json")
    docs = [json.loads(part) for part in inspected.stdout.replace("}\n{", "}\x00{").split("\x00")]
    assert docs[0]["inspection"]["hostname"] == "compat-local" and docs[0]["inspection"]["distro"] == "debian"
    assert docs[0]["network_renderer"] == "ifupdown"
    assert docs[1]["inspection"]["hostname"] == "compat-stored"
