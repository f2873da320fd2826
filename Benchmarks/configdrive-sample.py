#!/usr/bin/env python3
"""Writes the benchmark's typical config drive content (ConfigDriveContent JSON) to the path given.

About 1 KB of meta_data.json, a static network_data.json, 16 KB of user data, one 100 KB injected file.
Deterministic, so every run builds the same drive.
"""
import base64
import json
import sys

meta = {f"key{i:02d}": "v" * 24 for i in range(22)}
content = {
    "uuid": "d8e02d56-2648-49a3-bf97-6be8f1204f38",
    "name": "bench-vm",
    "hostname": "bench-vm.example.org",
    "availability_zone": "nova",
    "launch_index": 0,
    "project_id": "6f0c2d1b9e8a4c7d8e9f0a1b2c3d4e5f",
    "meta": meta,
    "public_keys": [{"name": "ops", "data": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdsaW50Z2xpbnRnbGludGdsaW50Z2xpbnRnbGludA ops@example.org"}],
    "files": [{"path": "/etc/glint/blob.bin", "content_base64": base64.b64encode(bytes((i * 31) & 0xFF for i in range(100 * 1024))).decode()}],
    "network_data": {
        "links": [{"id": "tap0", "type": "phy", "ethernet_mac_address": "fa:16:3e:00:00:01", "mtu": 1500}],
        "networks": [{
            "id": "network0", "type": "ipv4", "link": "tap0", "ip_address": "192.0.2.10", "netmask": "255.255.255.0",
            "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "192.0.2.1"}],
        }],
        "services": [{"type": "dns", "address": "192.0.2.53"}],
    },
    "user_data": "#cloud-config\n# " + "x" * (16 * 1024 - 18) + "\n",
}
with open(sys.argv[1], "w") as f:
    json.dump(content, f)
