"""The `glint` CLI (Sources/glint over Sources/GlintClient) against glintd.

Runs the built `<repo>/.build/debug/glint` (GLINT_BIN_DIR overrides the directory), mostly against the
session `server_none` fixture, plus one test against a tiny in-test HTTP server that serves a wrong checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import CLIResult, get_image, glint_binary, list_images, run_glint



# --------------------------------------------------------------------------------------------
# Running glint
# --------------------------------------------------------------------------------------------

@pytest.fixture
def glint(server_none):
    """`glint(*args)` against the auth-none glintd, its URL given through GLINT_URL."""
    def call(*args: str, ok: bool = True, **kwargs) -> CLIResult:
        return run_glint(*args, url=server_none.url, ok=ok, **kwargs)
    return call


def parse_columns(text: str) -> list[dict[str, str]]:
    """Rows of glint's aligned table (header words separated by two or more spaces; cells may be empty)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+(?: \S+)*", header)]
    names = [header[s:e].strip() for s, e in zip(starts, starts[1:] + [None])]
    rows = []
    for line in lines[1:]:
        cells = [line[s:e].strip() if s < len(line) else "" for s, e in zip(starts, starts[1:] + [None])]
        rows.append(dict(zip(names, cells)))
    return rows


def parse_properties(text: str) -> dict[str, str]:
    """`glint image show`'s PROPERTY/VALUE table as a dict."""
    return {row["PROPERTY"]: row["VALUE"] for row in parse_columns(text)}


def create_with_file(glint, art, name: str, *extra: str) -> dict:
    return glint("image", "create", "--name", name, "--disk-format", "raw", "--file", str(art.path),
                 "--format", "json", *extra).json()


def create_queued(glint, name: str, *extra: str) -> dict:
    return glint("image", "create", "--name", name, "--disk-format", "raw", "--format", "json", *extra).json()


def assert_one_error_line(res: CLIResult, *needles: str) -> str:
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one stderr line, got:\n{res.stderr}"
    line = lines[0]
    assert line.startswith("glint: error: "), line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


# --------------------------------------------------------------------------------------------
# create / show / list
# --------------------------------------------------------------------------------------------

def test_create_with_file_uploads_and_shows(glint, server_none, raw_small, unique):
    name = f"cli-create-{unique}"
    img = create_with_file(glint, raw_small, name, "--property", "os_distro=cirros", "--tag", "t1",
                           "--tag", "t2", "--min-disk", "1", "--min-ram", "64", "--visibility", "private")
    assert img["status"] == "active"
    assert img["name"] == name
    assert img["size"] == raw_small.size
    assert img["checksum"] == raw_small.md5
    assert img["os_hash_algo"] == "sha512"
    assert img["os_hash_value"] == raw_small.sha512
    assert img["os_distro"] == "cirros"
    assert sorted(img["tags"]) == ["t1", "t2"]
    assert (img["min_disk"], img["min_ram"], img["visibility"]) == (1, 64, "private")
    assert img["container_format"] == "bare"

    # The record through the API says the same.
    api = get_image(server_none, img["id"])
    assert api["os_hash_value"] == raw_small.sha512 and api["os_distro"] == "cirros"

    # show: table and json
    props = parse_properties(glint("image", "show", img["id"]).stdout)
    assert props["id"] == img["id"]
    assert props["status"] == "active"
    assert props["name"] == name
    assert props["os_distro"] == "cirros"
    assert props["size"] == str(raw_small.size)
    assert props["tags"] in ("t1, t2", "t2, t1")
    shown = glint("image", "show", img["id"], "--format", "json").json()
    assert shown["id"] == img["id"] and shown["checksum"] == raw_small.md5


def test_list_table_json_filters_and_pagination(glint, unique):
    tag = f"cli-list-{unique}"
    ids = {}
    for suffix in ["c", "a", "e", "b", "d"]:
        img = create_queued(glint, f"{tag}-{suffix}", "--tag", tag, "--property", f"cli_letter={suffix}")
        ids[img["id"]] = f"{tag}-{suffix}"

    # table: aligned columns with a header, sorted by name ascending by default
    rows = parse_columns(glint("image", "list", "--tag", tag).stdout)
    assert [r["NAME"] for r in rows] == sorted(ids.values())
    assert {r["ID"] for r in rows} == set(ids)
    assert all(r["STATUS"] == "queued" and r["DISK FORMAT"] == "raw" for r in rows)

    # json: full records
    listed = glint("image", "list", "--tag", tag, "--format", "json").json()
    assert isinstance(listed, list) and {i["id"] for i in listed} == set(ids)
    assert all(tag in i["tags"] for i in listed)

    # following `next` links with small pages
    paged = glint("image", "list", "--tag", tag, "--page-size", "2", "--format", "json").json()
    assert [i["name"] for i in paged] == sorted(ids.values())

    # sort descending, --limit, name and property filters
    desc = glint("image", "list", "--tag", tag, "--sort", "name:desc", "--format", "json").json()
    assert [i["name"] for i in desc] == sorted(ids.values(), reverse=True)
    limited = glint("image", "list", "--tag", tag, "--limit", "3", "--page-size", "2", "--format", "json").json()
    assert [i["name"] for i in limited] == sorted(ids.values())[:3]
    by_name = glint("image", "list", "--name", f"{tag}-e", "--format", "json").json()
    assert [i["name"] for i in by_name] == [f"{tag}-e"]
    by_prop = glint("image", "list", "--tag", tag, "--property", "cli_letter=b", "--format", "json").json()
    assert [i["name"] for i in by_prop] == [f"{tag}-b"]
    by_status = glint("image", "list", "--tag", tag, "--status", "active", "--format", "json").json()
    assert by_status == []


# --------------------------------------------------------------------------------------------
# update / tags / state / delete
# --------------------------------------------------------------------------------------------

def test_update_properties(glint, server_none, unique):
    img = create_queued(glint, f"cli-update-{unique}", "--property", "keep=1", "--property", "change=old",
                        "--property", "drop=x")
    out = glint("image", "update", img["id"], "--name", f"cli-updated-{unique}", "--property", "change=new",
                "--property", "added=yes", "--remove-property", "drop", "--min-disk", "2", "--min-ram", "128",
                "--format", "json").json()
    assert out["name"] == f"cli-updated-{unique}"
    assert (out["change"], out["added"], out["keep"]) == ("new", "yes", "1")
    assert "drop" not in out
    assert (out["min_disk"], out["min_ram"]) == (2, 128)

    api = get_image(server_none, img["id"])
    assert api["change"] == "new" and api["added"] == "yes" and "drop" not in api

    # table output, and protect / unprotect
    props = parse_properties(glint("image", "update", img["id"], "--protected").stdout)
    assert props["protected"] == "true"
    assert get_image(server_none, img["id"])["protected"] is True
    res = glint("image", "delete", img["id"], ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "(HTTP 403)")
    glint("image", "update", img["id"], "--no-protected")
    assert get_image(server_none, img["id"])["protected"] is False


def test_tag_and_untag(glint, server_none, unique):
    img = create_queued(glint, f"cli-tags-{unique}", "--tag", "first")
    res = glint("image", "tag", img["id"], "second", "third")
    assert res.stdout == ""
    assert sorted(get_image(server_none, img["id"])["tags"]) == ["first", "second", "third"]
    glint("image", "untag", img["id"], "first", "third")
    assert get_image(server_none, img["id"])["tags"] == ["second"]


def test_download_matches_upload(glint, raw_small, unique, tmp_path):
    img = create_with_file(glint, raw_small, f"cli-download-{unique}")
    target = tmp_path / "out.raw"
    res = glint("image", "download", img["id"], "--file", str(target))
    assert res.stdout == ""
    assert res.stderr == ""  # no progress bar when stderr is not a terminal
    assert target.read_bytes() == raw_small.bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.raw"]  # no temporary file left

    # -o, replacing an existing file
    other = tmp_path / "other.raw"
    other.write_bytes(b"old")
    glint("image", "download", img["id"], "-o", str(other))
    assert hashlib.sha512(other.read_bytes()).hexdigest() == raw_small.sha512


def test_upload_separately(glint, server_none, raw_small, unique):
    img = create_queued(glint, f"cli-upload-{unique}")
    assert img["status"] == "queued"
    glint("image", "upload", img["id"], "--file", str(raw_small.path))
    api = get_image(server_none, img["id"])
    assert (api["status"], api["size"], api["checksum"]) == ("active", raw_small.size, raw_small.md5)
    res = glint("image", "upload", img["id"], "--file", str(raw_small.path), ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "(HTTP 409)")


def test_deactivate_and_reactivate(glint, server_none, raw_small, unique):
    img = create_with_file(glint, raw_small, f"cli-deactivate-{unique}")
    glint("image", "deactivate", img["id"])
    assert get_image(server_none, img["id"])["status"] == "deactivated"
    assert parse_properties(glint("image", "show", img["id"]).stdout)["status"] == "deactivated"
    glint("image", "reactivate", img["id"])
    assert get_image(server_none, img["id"])["status"] == "active"


def test_delete(glint, server_none, unique):
    first = create_queued(glint, f"cli-delete-a-{unique}")
    second = create_queued(glint, f"cli-delete-b-{unique}")
    glint("image", "delete", first["id"], second["id"])
    names = {i["name"] for i in list_images(server_none)}
    assert f"cli-delete-a-{unique}" not in names and f"cli-delete-b-{unique}" not in names
    res = glint("image", "show", first["id"], ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "(HTTP 404)")


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------

def test_upload_rejected_by_server(glint, server_none, server_small, raw_small, unique):
    # Data that is not the declared disk format: 415, and the created image stays queued.
    name = f"cli-415-{unique}"
    res = glint("image", "create", "--name", name, "--disk-format", "qcow2", "--file", str(raw_small.path), ok=False)
    assert res.rc == 1
    line = assert_one_error_line(res, "(HTTP 415)", "was created")
    [img] = [i for i in list_images(server_none) if i["name"] == name]
    assert img["id"] in line and img["status"] == "queued"

    # Over the size cap: 413.
    res = run_glint("image", "create", "--name", f"cli-413-{unique}", "--disk-format", "raw",
                    "--file", str(raw_small.path), url=server_small.url, token="alice-token", ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "(HTTP 413)")


def test_unknown_id_is_404(glint):
    missing = str(uuid.uuid4())
    for args in (["show", missing], ["download", missing, "-o", "/tmp/never-written"], ["delete", missing],
                 ["update", missing, "--name", "x"], ["tag", missing, "t"]):
        res = glint("image", *args, ok=False)
        assert res.rc == 1, args
        assert res.stdout == ""
        assert_one_error_line(res, "(HTTP 404)")
    assert not Path("/tmp/never-written").exists()


def test_bad_property_syntax_is_usage_error(glint, server_none, unique):
    name = f"cli-badprop-{unique}"
    res = glint("image", "create", "--name", name, "--property", "novalue", ok=False)
    assert res.rc == 2
    assert "key=value" in res.stderr and "novalue" in res.stderr
    assert name not in {i["name"] for i in list_images(server_none)}

    res = glint("image", "list", "--property", "=x", ok=False)
    assert res.rc == 2 and "key=value" in res.stderr
    res = glint("image", "create", "--name", name, "--file", "/nonexistent/file.raw", "--disk-format", "raw",
                ok=False)
    assert res.rc == 2 and "/nonexistent/file.raw" in res.stderr
    res = glint("image", "show", ok=False)
    assert res.rc == 2 and "Usage" in res.stderr


def test_unreachable_server(tmp_path):
    from conftest import free_port
    res = run_glint("image", "list", url=f"http://127.0.0.1:{free_port()}", ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "Connection refused")


def test_token_from_env_and_option(server_token, unique):
    url = server_token.url
    res = run_glint("image", "list", url=url, ok=False)
    assert res.rc == 1
    assert_one_error_line(res, "(HTTP 401)")
    img = run_glint("image", "create", "--name", f"cli-token-{unique}", "--format", "json",
                    url=url, token="alice-token").json()
    listed = run_glint("image", "list", "--name", f"cli-token-{unique}", "--format", "json",
                       "--url", url, "--token", "alice-token", url=None).json()
    assert [i["id"] for i in listed] == [img["id"]]


# --------------------------------------------------------------------------------------------
# checksum verification against a lying server
# --------------------------------------------------------------------------------------------

class _LyingImageServer:
    """Serves one image whose os_hash_value does not match the bytes of its /file."""

    def __init__(self) -> None:
        self.image_id = str(uuid.uuid4())
        self.data = os.urandom(300_000)
        image = {
            "id": self.image_id, "name": "liar", "status": "active", "visibility": "public",
            "protected": False, "os_hidden": False, "checksum": None, "os_hash_algo": "sha512",
            "os_hash_value": hashlib.sha512(b"something else").hexdigest(), "size": len(self.data),
            "disk_format": "raw", "container_format": "bare", "tags": [], "min_ram": 0, "min_disk": 0,
            "self": f"/v2/images/{self.image_id}", "file": f"/v2/images/{self.image_id}/file",
            "schema": "/v2/schemas/image",
        }
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == f"/v2/images/{outer.image_id}":
                    body, ctype = json.dumps(image).encode(), "application/json"
                elif self.path == f"/v2/images/{outer.image_id}/file":
                    body, ctype = outer.data, "application/octet-stream"
                else:
                    body, ctype = b'{"message": "nope", "code": "404 Not Found", "title": "Not Found"}', \
                        "application/json"
                    self.send_response(404)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "_LyingImageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def test_download_checksum_mismatch_leaves_nothing(tmp_path):
    with _LyingImageServer() as liar:
        target = tmp_path / "liar.raw"
        res = run_glint("image", "download", liar.image_id, "--file", str(target), url=liar.url, ok=False)
        assert res.rc == 1
        line = assert_one_error_line(res, "checksum")
        assert hashlib.sha512(liar.data).hexdigest() in line  # the computed value is shown
        assert not target.exists()
        assert list(tmp_path.iterdir()) == []  # the temporary file was removed too

        # An existing file at the target is left untouched.
        target.write_bytes(b"keep me")
        res = run_glint("image", "download", liar.image_id, "-o", str(target), url=liar.url, ok=False)
        assert res.rc == 1 and "checksum" in res.stderr
        assert target.read_bytes() == b"keep me"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["liar.raw"]
