"""Fixtures for feeding Glint-built drives to cloud-init's own readers.

Drives come from $GLINT_DRIVES_DIR, written by the Swift test CloudInitFixturesTests (run.sh runs it first):
<sample>.iso (config-2 ISO 9660), <sample>.vfat (config-2 vfat) and <sample>.nocloud.iso (cidata), one set per
sample in ConfigDrive/samples/. Each drive is extracted without mounting: xorriso for ISO 9660 (Rock Ridge names,
as a Linux guest sees them), mtools' mcopy for vfat.
"""
import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "ConfigDrive" / "samples"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.json"))


def require_tool(name, package):
    if shutil.which(name) is None:
        pytest.fail(f"{name} is not installed: apt-get install {package}", pytrace=False)


@pytest.fixture(scope="session")
def drives_dir():
    value = os.environ.get("GLINT_DRIVES_DIR")
    if not value:
        pytest.fail("GLINT_DRIVES_DIR is not set; run Tests/cloudinit/run.sh", pytrace=False)
    path = Path(value)
    if not any(path.glob("*.iso")):
        pytest.fail(f"no drives in {path}; CloudInitFixturesTests writes them", pytrace=False)
    return path


def extract(drive: Path, dest: Path) -> Path:
    """Copies every file of the drive into dest and returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    if drive.suffix == ".vfat":
        require_tool("mcopy", "mtools")
        env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
        subprocess.run(["mcopy", "-s", "-n", "-i", str(drive), "::/*", str(dest) + "/"], check=True, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    else:
        require_tool("xorriso", "xorriso")
        subprocess.run(["xorriso", "-osirrox", "on", "-indev", str(drive), "-extract", "/", str(dest)], check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # xorriso keeps the ISO's read-only modes; make the copy removable.
        for root, dirs, _ in os.walk(dest):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        os.chmod(dest, 0o755)
    return dest


class Sample:
    """A sample's content JSON and the values cloud-init should find."""

    def __init__(self, name):
        self.name = name
        self.data = json.loads((SAMPLES / f"{name}.json").read_text())

    @property
    def uuid(self):
        return self.data["uuid"]

    @property
    def hostname(self):
        return self.data.get("hostname")

    @property
    def public_keys(self):
        return {k["name"]: k["data"] for k in self.data.get("public_keys", [])}

    @property
    def user_data(self):
        if "user_data_base64" in self.data:
            return base64.b64decode(self.data["user_data_base64"])
        if "user_data" in self.data:
            return self.data["user_data"].encode()
        return None

    @property
    def files(self):
        out = {}
        for f in self.data.get("files", []):
            out[f["path"]] = base64.b64decode(f["content_base64"]) if "content_base64" in f else f["content"].encode()
        return out

    @property
    def network_data(self):
        return self.data.get("network_data")


@pytest.fixture(params=SAMPLE_NAMES)
def sample(request):
    return Sample(request.param)


def make_paths(tmp_path):
    from cloudinit import helpers

    cloud = tmp_path / "cloud"
    run = tmp_path / "run"
    cloud.mkdir()
    run.mkdir()
    return helpers.Paths({"cloud_dir": str(cloud), "run_dir": str(run)})


def make_distro(paths):
    from cloudinit import distros

    cls = distros.fetch("debian")
    return cls("debian", {}, paths)
