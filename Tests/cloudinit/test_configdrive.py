"""config-2 drives (ISO 9660 and vfat) through cloud-init's ConfigDrive code paths."""
import ipaddress
import shutil

import pytest
from cloudinit import net
from cloudinit.net import network_state
from cloudinit.sources import DataSourceConfigDrive
from cloudinit.sources.helpers import openstack

from conftest import extract, make_distro, make_paths


@pytest.fixture(params=["iso", "vfat"])
def drive_tree(request, sample, drives_dir, tmp_path):
    return extract(drives_dir / f"{sample.name}.{request.param}", tmp_path / "drive")


def check_results(results, sample):
    md = results["metadata"]
    assert results["version"] == 2
    assert md["uuid"] == sample.uuid
    assert md.get("hostname") == sample.hostname
    assert md.get("public_keys", {}) == sample.public_keys
    assert results["userdata"] == sample.user_data
    assert results["files"] == sample.files
    if sample.network_data is not None:
        assert results["networkdata"] == sample.network_data
    # ec2 metadata is there too (cloud-init reads ec2/latest/meta-data.json).
    assert results["ec2-metadata"]["instance-id"]


def test_read_v2(drive_tree, sample):
    results = openstack.ConfigDriveReader(str(drive_tree)).read_v2()
    check_results(results, sample)


def test_read_config_drive(drive_tree, sample):
    results = DataSourceConfigDrive.read_config_drive(str(drive_tree))
    check_results(results, sample)


def test_datasource(drive_tree, sample, tmp_path, monkeypatch):
    """The whole DataSourceConfigDrive, with the drive as its seed directory (no mount, no blkid).

    The guest's NICs are the sample's MACs (cloud-init maps network_data links to system NICs by MAC).
    """
    macs = [link["ethernet_mac_address"].lower() for link in (sample.network_data or {}).get("links", [])
            if "ethernet_mac_address" in link]
    monkeypatch.setattr(net, "get_interfaces_by_mac", lambda *a, **k: {m: f"ens{i}" for i, m in enumerate(macs)})
    paths = make_paths(tmp_path)
    shutil.copytree(drive_tree, paths.seed_dir + "/config_drive")
    ds = DataSourceConfigDrive.DataSourceConfigDrive({}, make_distro(paths), paths)
    assert ds.get_data() is True
    assert ds.get_instance_id() == sample.uuid
    hostname = ds.get_hostname()
    hostname = getattr(hostname, "hostname", hostname)
    if sample.hostname:
        assert sample.hostname.startswith(hostname.split(".")[0])
    assert sorted(ds.get_public_ssh_keys()) == sorted(sample.public_keys.values())
    assert ds.userdata_raw == sample.user_data
    if sample.network_data is not None:
        config = ds.network_config
        assert config["version"] == 1
        physical = [c for c in config["config"] if c["type"] == "physical"]
        assert {c["mac_address"].lower() for c in physical} <= set(macs)
        network_state.parse_net_config_data(config)


def subnets_of(config, name):
    return next(c for c in config["config"] if c.get("name") == name)["subnets"]


def test_static_ipv4_ipv6_vlan_dns(drives_dir, tmp_path):
    """The network config cloud-init derives (convert_net_json) from the static IPv4 + IPv6 + VLAN + DNS sample."""
    for kind in ("iso", "vfat"):
        tree = extract(drives_dir / f"static-vlan.{kind}", tmp_path / kind)
        results = openstack.ConfigDriveReader(str(tree)).read_v2()
        config = openstack.convert_net_json(results["networkdata"], known_macs={"fa:16:3e:10:20:30": "eth0"})
        assert config["version"] == 1
        by_type = {}
        for entry in config["config"]:
            by_type.setdefault(entry["type"], []).append(entry)
        phys = by_type["physical"][0]
        assert phys["name"] == "eth0"
        assert phys["mac_address"] == "fa:16:3e:10:20:30"
        assert phys["mtu"] == 9000
        statics = {s["type"]: s for s in phys["subnets"]}
        assert statics["static"]["address"] == "192.0.2.10"
        assert statics["static"]["netmask"] == "255.255.255.0"
        routes = {(r["network"], r["gateway"]) for r in statics["static"]["routes"]}
        assert ("0.0.0.0", "192.0.2.1") in routes and ("198.51.100.0", "192.0.2.254") in routes
        # Per-network DNS (network services) is read by cloud-init from 23.x on; Debian 12 has 22.4.
        assert statics["static"].get("dns_nameservers", ["192.0.2.53"]) == ["192.0.2.53"]
        v6 = statics["static6"]
        assert v6["address"] == "2001:db8::10"
        assert bin(int(ipaddress.IPv6Address(v6["netmask"]))).count("1") == 64
        assert v6.get("dns_nameservers", ["2001:db8::53"]) == ["2001:db8::53"]
        vlan = by_type["vlan"][0]
        assert vlan["vlan_id"] == 100
        assert vlan["vlan_link"] == "eth0"
        assert vlan["mac_address"] == "fa:16:3e:10:20:31"
        assert vlan["subnets"][0]["address"] == "10.100.0.10"
        assert vlan["subnets"][0]["netmask"] == "255.255.0.0"
        ns = by_type["nameserver"]
        assert {n["address"] for n in ns} == {"192.0.2.53", "9.9.9.9"}
        # And cloud-init's own network state accepts it.
        state = network_state.parse_net_config_data(config)
        names = {i["name"] for i in state.iter_interfaces()}
        assert {"eth0", "eth0.100"} <= names
        assert "192.0.2.53" in state.dns_nameservers
