"""openstacksdk (in-process) against glintd."""

from __future__ import annotations

import os

import openstack
import pytest
import requests

from conftest import auth, get_image

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def conn(server_none, cli_home):
    # keep the host's clouds.yaml / OS_* out of it
    for k in [k for k in os.environ if k.startswith("OS_")]:
        os.environ.pop(k)
    c = openstack.connect(auth_type="none", auth={"endpoint": server_none.url},
                          image_endpoint_override=server_none.url,
                          load_yaml_config=False, load_envvars=False)
    yield c
    c.close()


def test_create_image_wait(conn, server_none, qcow2_64m, unique):
    name = f"sdk-create-{unique}"
    img = conn.create_image(name, filename=str(qcow2_64m.path), disk_format="qcow2",
                            container_format="bare", wait=True, timeout=60)
    assert img.status == "active"
    assert img.name == name
    assert img.size == qcow2_64m.size
    assert img.checksum == qcow2_64m.md5
    assert img.hash_algo == "sha512"
    assert img.hash_value == qcow2_64m.sha512
    assert img.virtual_size == 64 * MiB
    api = get_image(server_none, img.id)
    # the sdk sends these extra properties (with empty hashes) on create; the server must keep them
    assert api["owner_specified.openstack.object"] == f"images/{name}"
    assert "owner_specified.openstack.md5" in api and "owner_specified.openstack.sha256" in api


def test_images_with_filters_and_find(conn, qcow2_64m, unique):
    a = conn.create_image(f"sdk-flt-a-{unique}", filename=str(qcow2_64m.path), disk_format="qcow2",
                          container_format="bare", wait=True, timeout=60, tags=[f"sdk-{unique}"])
    b = conn.create_image(f"sdk-flt-b-{unique}", filename=str(qcow2_64m.path), disk_format="qcow2",
                          container_format="bare", wait=True, timeout=60)
    assert [i.id for i in conn.image.images(name=f"sdk-flt-a-{unique}")] == [a.id]
    assert [i.id for i in conn.image.images(tag=f"sdk-{unique}")] == [a.id]
    assert a.id in [i.id for i in conn.image.images(status="active")]
    ids = [i.id for i in conn.image.images(sort_key="name", sort_dir="asc", limit=1)]
    assert a.id in ids and b.id in ids  # paginated with limit=1: both still come back
    assert len(ids) == len(set(ids))

    found = conn.image.find_image(f"sdk-flt-b-{unique}")
    assert found is not None and found.id == b.id
    assert conn.image.find_image(b.id).id == b.id
    assert conn.image.find_image(f"sdk-missing-{unique}") is None
    assert conn.get_image(f"sdk-flt-a-{unique}").id == a.id


def test_download_image_verifies_hash(conn, qcow2_64m, unique, tmp_path):
    img = conn.create_image(f"sdk-dl-{unique}", filename=str(qcow2_64m.path), disk_format="qcow2",
                            container_format="bare", wait=True, timeout=60)
    resp = conn.image.download_image(img)  # a requests.Response, hash already verified by the sdk
    assert resp.content == qcow2_64m.bytes()
    out = tmp_path / "dl.qcow2"
    conn.image.download_image(img, output=str(out))
    assert out.read_bytes() == qcow2_64m.bytes()
    resp = conn.image.download_image(img, stream=True)
    assert b"".join(resp.iter_content(65536)) == qcow2_64m.bytes()
    # cloud layer
    out2 = tmp_path / "dl2.qcow2"
    conn.download_image(img.id, output_path=str(out2))
    assert out2.read_bytes() == qcow2_64m.bytes()


def test_update_image_and_tags(conn, server_none, unique):
    img = conn.image.create_image(name=f"sdk-upd-{unique}", disk_format="raw", container_format="bare",
                                  allow_duplicates=True)
    assert img.status == "queued"
    upd = conn.image.update_image(img, name=f"sdk-upd2-{unique}", min_disk=3, min_ram=256)
    assert upd.name == f"sdk-upd2-{unique}" and upd.min_disk == 3 and upd.min_ram == 256
    conn.image.update_image(upd, foo="bar")
    api = get_image(server_none, img.id)
    assert api["name"] == f"sdk-upd2-{unique}" and api["min_disk"] == 3 and api["foo"] == "bar"

    conn.image.add_tag(img, "one")
    conn.image.add_tag(img, "two")
    assert sorted(conn.image.get_image(img.id).tags) == ["one", "two"]
    conn.image.remove_tag(img, "one")
    assert conn.image.get_image(img.id).tags == ["two"]


def test_delete_image_wait(conn, server_none, qcow2_64m, unique):
    name = f"sdk-del-{unique}"
    img = conn.create_image(name, filename=str(qcow2_64m.path), disk_format="qcow2",
                            container_format="bare", wait=True, timeout=60)
    assert conn.delete_image(name, wait=True, timeout=60) is True
    assert requests.get(server_none.v2(f"/images/{img.id}"), headers=auth(), timeout=10).status_code == 404
    assert conn.get_image(name) is None
    assert conn.delete_image(name) is False
