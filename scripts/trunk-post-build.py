#!/usr/bin/env python3
"""Trunk post-build hook: move the inline module <script> Trunk writes into index.html to a
content-hashed file, so that the Content-Security-Policy can forbid inline scripts.

Runs in Trunk's staging directory (TRUNK_STAGING_DIR). Fails loudly if the page still holds
an inline script afterwards: a CSP violation must never reach a build silently.

In a release build it also writes each asset pre-compressed (`.br` with brotli -q 11, `.gz`
with gzip -9) next to it, for servers that send them as they are (the mock API does).
"""
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk hook")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()

inline = re.compile(r'<script type="module"([^>]*)>(.*?)</script>', re.S)


def extract(match):
    attrs, body = match.group(1), match.group(2)
    if "src=" in attrs:
        return match.group(0)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    name = f"boot-{digest}.js"
    with open(os.path.join(staging, name), "w", encoding="utf-8") as out:
        out.write(body.strip() + "\n")
    return f'<script type="module" src="{public_url}{name}"></script>'


html = inline.sub(extract, html)
leftover = [m for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", html)]
if leftover:
    sys.exit(f"inline <script> left in index.html: {leftover[0].group(0)}")
open(index, "w", encoding="utf-8").write(html)


if os.environ.get("TRUNK_PROFILE") == "release":
    brotli = shutil.which("brotli")
    if not brotli:
        sys.exit("brotli is not installed: run scripts/bootstrap.sh")
    for name in sorted(os.listdir(staging)):
        # index.html is rewritten per request (deployment <meta>), so it is compressed live.
        if not name.endswith((".wasm", ".js", ".css", ".svg")):
            continue
        path = os.path.join(staging, name)
        with open(path, "rb") as raw, open(path + ".gz", "wb") as out:
            # mtime 0: the same build gives the same bytes.
            out.write(gzip.compress(raw.read(), compresslevel=9, mtime=0))
        subprocess.run([brotli, "-q", "11", "-f", "-o", path + ".br", path], check=True)
