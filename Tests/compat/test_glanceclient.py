"""python-glanceclient (`glance` CLI) against glintd."""

from __future__ import annotations

import uuid

import requests

from conftest import auth, get_image, list_images

MiB = 1024 * 1024


def _create_with_file(glance, art, name, *extra) -> dict[str, str]:
    res = glance("image-create", "--name", name, "--disk-format", "qcow2", "--container-format", "bare",
                 "--file", str(art.path), *extra)
    return res.props()


def _names(rows):
    return [r["Name"] for r in rows]


# --------------------------------------------------------------------------------------------
# create / show / download
# --------------------------------------------------------------------------------------------

def test_image_create_with_file(glance, qcow2_64m, unique):
    props = _create_with_file(glance, qcow2_64m, f"gc-create-{unique}")
    assert props["status"] == "active"
    assert props["name"] == f"gc-create-{unique}"
    assert int(props["size"]) == qcow2_64m.size
    assert props["checksum"] == qcow2_64m.md5
    assert props["os_hash_algo"] == "sha512"
    assert props["os_hash_value"] == qcow2_64m.sha512
    assert int(props["virtual_size"]) == 64 * MiB
    assert props["disk_format"] == "qcow2"
    assert props["container_format"] == "bare"

    # same facts through the API
    img = get_image(glance.server, props["id"])
    assert img["status"] == "active"
    assert img["size"] == qcow2_64m.size
    assert img["checksum"] == qcow2_64m.md5
    assert img["os_hash_value"] == qcow2_64m.sha512
    assert img["virtual_size"] == 64 * MiB


def test_image_create_from_stdin(glance, qcow2_64m, unique):
    """`glance image-create … < file`: the data arrives as a chunked body without a known size."""
    props = glance("image-create", "--name", f"gc-stdin-{unique}", "--disk-format", "qcow2",
                   "--container-format", "bare", stdin_path=qcow2_64m.path).props()
    assert props["status"] == "active"
    assert int(props["size"]) == qcow2_64m.size
    assert props["checksum"] == qcow2_64m.md5
    assert int(props["virtual_size"]) == 64 * MiB


def test_image_show(glance, qcow2_64m, unique):
    img_id = _create_with_file(glance, qcow2_64m, f"gc-show-{unique}")["id"]
    props = glance("image-show", "--max-column-width", "400", img_id).props()
    assert props["id"] == img_id
    assert props["name"] == f"gc-show-{unique}"
    assert props["os_hash_value"] == qcow2_64m.sha512
    assert props["owner"] == "admin"
    for key in ("created_at", "updated_at", "visibility", "protected", "min_disk", "min_ram", "tags"):
        assert key in props, f"{key} missing from image-show: {sorted(props)}"


def test_image_download_compare_bytes(glance, qcow2_64m, unique, tmp_path):
    img_id = _create_with_file(glance, qcow2_64m, f"gc-dl-{unique}")["id"]
    out = tmp_path / "out.qcow2"
    glance("image-download", "--file", str(out), img_id)
    assert out.read_bytes() == qcow2_64m.bytes()


def test_unknown_id_is_404(glance):
    missing = str(uuid.uuid4())
    res = glance("image-show", missing, ok=False)
    assert "404" in res.stderr or "No image" in res.stderr, res.stderr
    res = glance("image-delete", missing, ok=False)
    assert f"No image with an ID of '{missing}' exists." in res.stderr, res.stderr
    res = glance("image-download", "--file", "/dev/null", missing, ok=False)
    assert "404" in res.stderr, res.stderr


# --------------------------------------------------------------------------------------------
# list: filters, sorting, pagination
# --------------------------------------------------------------------------------------------

def test_image_list_pagination(glance, unique):
    ids = []
    for i in range(5):
        props = glance("image-create", "--name", f"pg-{unique}-{i}", "--disk-format", "raw",
                       "--container-format", "bare", "--property", f"pg={unique}").props()
        ids.append(props["id"])
    res = glance("image-list", "--property-filter", f"pg={unique}", "--page-size", "2",
                 "--sort-key", "name", "--sort-dir", "asc", debug=True)
    rows = res.table()
    assert _names(rows) == [f"pg-{unique}-{i}" for i in range(5)]
    assert [r["ID"] for r in rows] == ids
    # 5 images at 2 per page -> at least 3 GETs of /v2/images with limit=2
    list_gets = [l for l in res.stderr.splitlines() if l.startswith("curl") and "/v2/images?" in l
                 and "limit=2" in l]
    assert len(list_gets) >= 3, "\n".join(list_gets) or res.stderr[-3000:]

    desc = glance("image-list", "--property-filter", f"pg={unique}", "--page-size", "2",
                  "--sort-key", "name", "--sort-dir", "desc").table()
    assert _names(desc) == [f"pg-{unique}-{i}" for i in reversed(range(5))]

    limited = glance("image-list", "--property-filter", f"pg={unique}", "--limit", "3",
                     "--sort-key", "name", "--sort-dir", "asc").table()
    assert _names(limited) == [f"pg-{unique}-{i}" for i in range(3)]


def test_image_list_filters(glance, unique):
    t1, t2 = f"t1-{unique}", f"t2-{unique}"
    priv = glance("image-create", "--name", f"flt-priv-{unique}", "--visibility", "private",
                  "--property", f"flt={unique}", "--tags", t1, t2).props()
    pub = glance("image-create", "--name", f"flt-pub-{unique}", "--visibility", "public",
                 "--property", f"flt={unique}", "--tags", t1).props()
    other = glance("image-create", "--name", f"flt-other-{unique}", "--visibility", "public",
                   "--property", f"flt=x{unique}").props()

    rows = glance("image-list", "--property-filter", f"flt={unique}", "--sort-key", "name",
                  "--sort-dir", "asc").table()
    assert _names(rows) == [f"flt-priv-{unique}", f"flt-pub-{unique}"]

    rows = glance("image-list", "--property-filter", f"flt={unique}", "--visibility", "private").table()
    assert [r["ID"] for r in rows] == [priv["id"]]
    rows = glance("image-list", "--property-filter", f"flt={unique}", "--visibility", "public").table()
    assert [r["ID"] for r in rows] == [pub["id"]]

    rows = glance("image-list", "--tag", t1, "--sort-key", "name", "--sort-dir", "asc").table()
    assert [r["ID"] for r in rows] == [priv["id"], pub["id"]]
    rows = glance("image-list", "--tag", t1, "--tag", t2).table()  # tags AND together
    assert [r["ID"] for r in rows] == [priv["id"]]
    rows = glance("image-list", "--tag", f"none-{unique}").table()
    assert rows == []
    assert other["id"] not in [r["ID"] for r in
                               glance("image-list", "--property-filter", f"flt={unique}").table()]


# --------------------------------------------------------------------------------------------
# update / tags
# --------------------------------------------------------------------------------------------

def test_image_update(glance, unique):
    img = glance("image-create", "--name", f"upd-{unique}", "--disk-format", "raw",
                 "--container-format", "bare").props()
    props = glance("image-update", img["id"], "--name", f"upd2-{unique}", "--property", "foo=bar",
                   "--min-disk", "2").props()
    assert props["name"] == f"upd2-{unique}"
    assert props["foo"] == "bar"
    assert props["min_disk"] == "2"
    api = get_image(glance.server, img["id"])
    assert api["name"] == f"upd2-{unique}" and api["foo"] == "bar" and api["min_disk"] == 2

    props = glance("image-update", img["id"], "--remove-property", "foo").props()
    assert "foo" not in props
    assert "foo" not in get_image(glance.server, img["id"])

    # min_ram via replace on a base property, and a second custom property
    props = glance("image-update", img["id"], "--min-ram", "512", "--property", "hw_disk_bus=virtio").props()
    assert props["min_ram"] == "512"
    assert props["hw_disk_bus"] == "virtio"


def test_image_tags(glance, unique):
    img = glance("image-create", "--name", f"tag-{unique}", "--disk-format", "raw",
                 "--container-format", "bare").props()
    glance("image-tag-update", img["id"], "alpha")
    glance("image-tag-update", img["id"], "beta")
    glance("image-tag-update", img["id"], "alpha")  # idempotent
    assert sorted(get_image(glance.server, img["id"])["tags"]) == ["alpha", "beta"]
    glance("image-tag-delete", img["id"], "alpha")
    assert get_image(glance.server, img["id"])["tags"] == ["beta"]
    res = glance("image-tag-delete", img["id"], "nope", ok=False)
    assert "404" in res.stderr, res.stderr


# --------------------------------------------------------------------------------------------
# delete / protected
# --------------------------------------------------------------------------------------------

def test_image_delete(glance, qcow2_64m, unique):
    img_id = _create_with_file(glance, qcow2_64m, f"del-{unique}")["id"]
    glance("image-delete", img_id)
    r = requests.get(glance.server.v2(f"/images/{img_id}"), headers=auth(), timeout=10)
    assert r.status_code == 404
    assert img_id not in [i["id"] for i in list_images(glance.server, name=f"del-{unique}")]
    # the data file is gone too
    assert not [p for p in glance.server.data_files("images") if img_id in str(p)]


def test_protected_image_delete_refused(glance, unique):
    img = glance("image-create", "--name", f"prot-{unique}", "--disk-format", "raw",
                 "--container-format", "bare", "--protected", "True").props()
    assert img["protected"] == "True"
    res = glance("image-delete", img["id"], ok=False)
    assert f"You are not permitted to delete the image '{img['id']}'." in res.stderr, res.stderr
    r = requests.delete(glance.server.v2(f"/images/{img['id']}"), headers=auth(), timeout=10)
    assert r.status_code == 403, r.text
    assert get_image(glance.server, img["id"])["status"] == "queued"
    glance("image-update", img["id"], "--protected", "False")
    glance("image-delete", img["id"])
    assert requests.get(glance.server.v2(f"/images/{img['id']}"), headers=auth(), timeout=10).status_code == 404


# --------------------------------------------------------------------------------------------
# token mode: members, deactivate/reactivate, visibility
# --------------------------------------------------------------------------------------------

def test_members_share_with_bob(glance_token, qcow2_64m, unique):
    alice, bob = glance_token.as_("alice-token"), glance_token.as_("bob-token")
    img = alice("image-create", "--name", f"shr-{unique}", "--disk-format", "qcow2", "--container-format",
                "bare", "--visibility", "shared", "--file", str(qcow2_64m.path)).props()
    img_id = img["id"]
    assert img["owner"] == "p-alice"
    assert img["visibility"] == "shared"

    # bob cannot see it before being a member
    assert requests.get(glance_token.server.v2(f"/images/{img_id}"), headers=auth("bob-token"),
                        timeout=10).status_code == 404
    assert img_id not in [r["ID"] for r in bob("image-list").table()]

    rows = alice("member-create", img_id, "p-bob").table()
    assert rows == [{"Image ID": img_id, "Member ID": "p-bob", "Status": "pending"}]
    rows = alice("member-list", "--image-id", img_id).table()
    assert rows == [{"Image ID": img_id, "Member ID": "p-bob", "Status": "pending"}]
    # duplicate member -> 409
    res = alice("member-create", img_id, "p-bob", ok=False)
    assert "409" in res.stderr, res.stderr

    # pending: bob can GET it directly, but it is not in his default list
    assert bob("image-show", img_id).props()["id"] == img_id
    assert img_id not in [r["ID"] for r in bob("image-list").table()]
    assert img_id in [r["ID"] for r in bob("image-list", "--member-status", "pending").table()]
    assert img_id in [r["ID"] for r in bob("image-list", "--member-status", "all").table()]
    # only the member may change its status
    res = alice("member-update", img_id, "p-bob", "accepted", ok=False)
    assert "403" in res.stderr or "404" in res.stderr, res.stderr

    rows = bob("member-update", img_id, "p-bob", "accepted").table()
    assert rows == [{"Image ID": img_id, "Member ID": "p-bob", "Status": "accepted"}]
    assert img_id in [r["ID"] for r in bob("image-list").table()]
    assert img_id not in [r["ID"] for r in bob("image-list", "--member-status", "pending").table()]
    assert alice("member-list", "--image-id", img_id).table()[0]["Status"] == "accepted"

    # bob can download it
    r = requests.get(glance_token.server.v2(f"/images/{img_id}/file"), headers=auth("bob-token"), timeout=30)
    assert r.status_code == 200 and r.content == qcow2_64m.bytes()
    # but not modify or delete it
    r = requests.delete(glance_token.server.v2(f"/images/{img_id}"), headers=auth("bob-token"), timeout=10)
    assert r.status_code in (403, 404), r.text

    bob("member-update", img_id, "p-bob", "rejected")
    assert img_id not in [r["ID"] for r in bob("image-list").table()]
    assert img_id in [r["ID"] for r in bob("image-list", "--member-status", "rejected").table()]

    alice("member-delete", img_id, "p-bob")
    assert alice("member-list", "--image-id", img_id).table() == []
    assert requests.get(glance_token.server.v2(f"/images/{img_id}"), headers=auth("bob-token"),
                        timeout=10).status_code == 404


def test_members_only_on_shared_images(glance_token, unique):
    alice = glance_token.as_("alice-token")
    img = alice("image-create", "--name", f"privmem-{unique}", "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "private").props()
    res = alice("member-create", img["id"], "p-bob", ok=False)
    assert "403" in res.stderr, res.stderr


def test_private_image_invisible_to_other_project(glance_token, unique):
    alice, bob = glance_token.as_("alice-token"), glance_token.as_("bob-token")
    img = alice("image-create", "--name", f"priv-{unique}", "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "private").props()
    res = bob("image-show", img["id"], ok=False)
    assert "404" in res.stderr, res.stderr
    assert img["id"] not in [r["ID"] for r in bob("image-list").table()]
    # admin sees it
    assert glance_token("image-show", img["id"]).props()["owner"] == "p-alice"


def test_deactivate_reactivate(glance_token, qcow2_64m, unique, tmp_path):
    alice = glance_token.as_("alice-token")
    srv = glance_token.server
    img_id = alice("image-create", "--name", f"deact-{unique}", "--disk-format", "qcow2",
                   "--container-format", "bare", "--file", str(qcow2_64m.path)).props()["id"]
    glance_token("image-deactivate", img_id)
    assert get_image(srv, img_id, "alice-token")["status"] == "deactivated"

    res = alice("image-download", "--file", str(tmp_path / "x"), img_id, ok=False)
    assert "403" in res.stderr, res.stderr
    r = requests.get(srv.v2(f"/images/{img_id}/file"), headers=auth("alice-token"), timeout=30)
    assert r.status_code == 403, r.text
    # admin may still download a deactivated image
    r = requests.get(srv.v2(f"/images/{img_id}/file"), headers=auth("admin-token"), timeout=30)
    assert r.status_code == 200 and r.content == qcow2_64m.bytes()

    glance_token("image-reactivate", img_id)
    assert get_image(srv, img_id, "alice-token")["status"] == "active"
    alice("image-download", "--file", str(tmp_path / "y"), img_id)
    assert (tmp_path / "y").read_bytes() == qcow2_64m.bytes()


def test_token_mode_requires_token(server_token, cli_home):
    from conftest import GlanceCLI
    bad = GlanceCLI(server_token, cli_home, "wrong-token")
    res = bad("image-list", ok=False)
    assert "Invalid OpenStack Identity credentials" in res.stderr, res.stderr  # glanceclient on 401
