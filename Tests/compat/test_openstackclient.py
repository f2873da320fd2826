"""python-openstackclient (`openstack image …`, over openstacksdk) against glintd."""

from __future__ import annotations

import uuid

import requests

from conftest import auth, get_image, list_images

MiB = 1024 * 1024


def _props(img: dict) -> dict:
    p = img.get("properties") or {}
    return p if isinstance(p, dict) else {}


def _create(osc, art, name):
    return osc.json("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                    "--file", str(art.path), name)


def test_image_create_with_file(osc, qcow2_64m, unique):
    name = f"osc-create-{unique}"
    img = _create(osc, qcow2_64m, name)
    assert img["name"] == name
    assert img["disk_format"] == "qcow2"
    assert img["container_format"] == "bare"
    # osc prints the image as returned by the GET after the upload
    api = get_image(osc.server, img["id"])
    assert api["status"] == "active"
    assert api["size"] == qcow2_64m.size
    assert api["checksum"] == qcow2_64m.md5
    assert api["os_hash_algo"] == "sha512"
    assert api["os_hash_value"] == qcow2_64m.sha512
    assert api["virtual_size"] == 64 * MiB
    # openstacksdk sends these extra properties on create (md5/sha256 empty)
    assert api["owner_specified.openstack.object"] == f"images/{name}"
    assert "owner_specified.openstack.md5" in api
    assert "owner_specified.openstack.sha256" in api


def test_image_list_and_long(osc, qcow2_64m, unique):
    name = f"osc-list-{unique}"
    img = _create(osc, qcow2_64m, name)
    rows = osc.json("image", "list")
    mine = [r for r in rows if r["ID"] == img["id"]]
    assert mine == [{"ID": img["id"], "Name": name, "Status": "active"}]

    rows = osc.json("image", "list", "--long")
    mine = [r for r in rows if r["ID"] == img["id"]]
    assert len(mine) == 1
    row = mine[0]
    assert row["Disk Format"] == "qcow2"
    assert row["Container Format"] == "bare"
    assert row["Size"] == qcow2_64m.size
    assert row["Checksum"] == qcow2_64m.md5
    assert row["Status"] == "active"
    assert row["Project"] == "admin"
    assert row["Hash Algorithm"] == "sha512"
    assert row["Hash Value"] == qcow2_64m.sha512

    rows = osc.json("image", "list", "--name", name)
    assert [r["ID"] for r in rows] == [img["id"]]


def test_image_show_by_name_and_id(osc, qcow2_64m, unique):
    name = f"osc-show-{unique}"
    img = _create(osc, qcow2_64m, name)
    by_name = osc.json("image", "show", name)  # GET /v2/images/{name} -> 404, then ?name=
    by_id = osc.json("image", "show", img["id"])
    assert by_name["id"] == by_id["id"] == img["id"]
    assert by_name["status"] == "active"
    assert by_name["checksum"] == qcow2_64m.md5
    assert by_name["size"] == qcow2_64m.size
    assert by_name["virtual_size"] == 64 * MiB

    res = osc("image", "show", f"no-such-{unique}", ok=False)
    assert "No Image found" in res.stderr or "not found" in res.stderr.lower(), res.stderr


def test_image_set_and_unset(osc, qcow2_64m, unique):
    name = f"osc-set-{unique}"
    img = _create(osc, qcow2_64m, name)
    new = f"osc-set2-{unique}"
    osc("image", "set", "--name", new, "--property", "foo=bar", "--min-disk", "1", name)
    api = get_image(osc.server, img["id"])
    assert api["name"] == new and api["foo"] == "bar" and api["min_disk"] == 1

    osc("image", "set", "--tag", "red", new)
    osc("image", "set", "--tag", "blue", new)
    assert sorted(get_image(osc.server, img["id"])["tags"]) == ["blue", "red"]
    shown = osc.json("image", "show", new)
    assert sorted(shown["tags"]) == ["blue", "red"]
    assert _props(shown).get("foo") == "bar"

    osc("image", "unset", "--tag", "red", new)
    assert get_image(osc.server, img["id"])["tags"] == ["blue"]
    osc("image", "unset", "--property", "foo", new)
    api = get_image(osc.server, img["id"])
    assert "foo" not in api
    assert api["tags"] == ["blue"]


def test_image_save(osc, qcow2_64m, unique, tmp_path):
    name = f"osc-save-{unique}"
    _create(osc, qcow2_64m, name)
    out = tmp_path / "saved.qcow2"
    osc("image", "save", "--file", str(out), name)
    assert out.read_bytes() == qcow2_64m.bytes()


def test_image_delete_by_name(osc, qcow2_64m, unique):
    name = f"osc-del-{unique}"
    img = _create(osc, qcow2_64m, name)
    osc("image", "delete", name)
    assert requests.get(osc.server.v2(f"/images/{img['id']}"), headers=auth(), timeout=10).status_code == 404
    assert list_images(osc.server, name=name) == []
    res = osc("image", "delete", name, ok=False)
    # osc 10.x maps the sdk's ResourceNotFound from find_image to this (misleading) message
    assert "Multi Backend support not enabled." in res.stderr, res.stderr


def test_image_create_without_file_empty_stdin(osc, unique, tmp_path):
    """`openstack image create` with a non-tty empty stdin uploads an empty chunked body -> active, size 0."""
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    img = osc("image", "create", "--disk-format", "raw", "--container-format", "bare", f"osc-empty-{unique}",
              fmt_json=True, stdin_path=empty).json()
    api = get_image(osc.server, img["id"])
    assert api["status"] == "active"
    assert api["size"] == 0


def test_admin_token_auth(osc_token, qcow2_64m, unique):
    """Token mode with a static token: --os-auth-type admin_token --os-endpoint URL --os-token T."""
    alice = osc_token.as_("alice-token")
    name = f"osc-tok-{unique}"
    img = alice.json("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                     "--file", str(qcow2_64m.path), "--private", name)
    assert img["owner"] == "p-alice"
    assert [r["ID"] for r in alice.json("image", "list", "--name", name)] == [img["id"]]
    bob = osc_token.as_("bob-token")
    assert bob.json("image", "list", "--name", name) == []
    res = bob("image", "show", img["id"], ok=False)
    assert "No Image found" in res.stderr or "404" in res.stderr, res.stderr
    bad = osc_token.as_("nope-" + uuid.uuid4().hex)
    res = bad("image", "list", ok=False)
    assert "401" in res.stderr or "nauthorized" in res.stderr, res.stderr
