"""NoCloud seeds (cidata ISO 9660) through cloud-init's NoCloud code paths."""
import shutil

import pytest
from cloudinit import util
from cloudinit.net import network_state
from cloudinit.sources import DataSourceNoCloud

from conftest import extract, make_distro, make_paths


@pytest.fixture
def seed(sample, drives_dir, tmp_path):
    return extract(drives_dir / f"{sample.name}.nocloud.iso", tmp_path / "seed")


def test_read_seeded(seed, sample):
    md, ud, vd = util.read_seeded(base=str(seed) + "/")
    assert md["instance-id"] == sample.uuid
    if sample.hostname:
        assert md["local-hostname"] == sample.hostname
    assert sorted(md.get("public-keys", [])) == sorted(sample.public_keys.values())
    assert ud == (sample.user_data or b"")


def test_datasource(seed, sample, tmp_path):
    """The whole DataSourceNoCloud with the seed as its seed directory."""
    paths = make_paths(tmp_path)
    shutil.copytree(seed, paths.seed_dir + "/nocloud")
    ds = DataSourceNoCloud.DataSourceNoCloud({}, make_distro(paths), paths)
    assert ds.get_data() is True
    assert ds.get_instance_id() == sample.uuid
    assert sorted(ds.get_public_ssh_keys()) == sorted(sample.public_keys.values())
    assert ds.userdata_raw == (sample.user_data or b"")
    if sample.network_data is not None:
        config = ds.network_config
        assert config["version"] == 2
        network_state.parse_net_config_data(config)


def test_static_ipv4_ipv6_vlan_dns(drives_dir, tmp_path):
    """cloud-init's network state from the NoCloud network-config (v2) of the static + VLAN + DNS sample."""
    seed = extract(drives_dir / "static-vlan.nocloud.iso", tmp_path / "seed")
    config = util.load_yaml((seed / "network-config").read_text())
    assert config["version"] == 2
    state = network_state.parse_net_config_data(config)
    interfaces = {i["name"]: i for i in state.iter_interfaces()}
    eth0 = interfaces["eth0"]
    assert eth0["mac_address"] == "fa:16:3e:10:20:30"
    assert eth0["mtu"] == 9000
    addresses = {s.get("address") for s in eth0["subnets"]}
    assert {"192.0.2.10/24", "2001:db8::10/64"} <= addresses or {"192.0.2.10", "2001:db8::10"} <= {
        str(a).split("/")[0] for a in addresses
    }
    vlan = interfaces["eth0.100"]
    assert vlan["vlan_id"] == 100
    assert vlan["vlan-raw-device"] == "eth0"
    assert any(str(s.get("address", "")).startswith("10.100.0.10") for s in vlan["subnets"])
    routes = [r for s in eth0["subnets"] for r in s.get("routes", [])] + list(state.iter_routes())
    gateways = {r.get("gateway") for r in routes}
    assert "192.0.2.1" in gateways and "2001:db8::1" in gateways
    dns = set(state.dns_nameservers) | {a for s in eth0["subnets"] + vlan["subnets"] for a in s.get("dns_nameservers", [])}
    assert {"192.0.2.53", "2001:db8::53", "9.9.9.9"} <= dns
