#!/usr/bin/env python3
"""Trunk post-build hook: move the inline module <script> Trunk writes into index.html to a
content-hashed file, so that the Content-Security-Policy can forbid inline scripts.

Runs in Trunk's staging directory (TRUNK_STAGING_DIR). Fails loudly if the page still holds
an inline script afterwards: a CSP violation must never reach a build silently.

A build with the `split` feature (the release build: `make release`, `make test`) holds lazy
routes whose calls wasm-bindgen cannot link alone: this hook then splits the module, as
cargo-leptos does. Cargo's own output (kept with its relocations by build.rs) goes through
wasm-split-cli, which writes the main module, one wasm chunk per lazy route (and chunks for the
code several routes share) and `__wasm_split.js`, the loader that instantiates a chunk against
the main module's memory and function table. wasm-bindgen then binds the main module under
Trunk's file name, wasm-opt shrinks every module, terser the two scripts, chunks and loader get
content-hashed names, and the page's integrity attributes are recomputed.

In a release build it also minifies the stylesheet (lightningcss) and drops the page's
comments, and writes each asset pre-compressed (`.br` with brotli -q 11, `.gz`
with gzip -9) next to it, for servers that send them as they are (the mock API does).
"""
import base64
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

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

# The import module Leptos' split points name until wasm-split links them.
PLACEHOLDER = "__wasm_split_placeholder__"
LOADER = "__wasm_split.js"


def run(*cmd):
    subprocess.run(cmd, check=True)


def minify_js(path):
    """terser (npm, installed by bootstrap.sh into .tools): the bindgen glue and the loader are
    the only JavaScript of the app; ES modules, so top-level names may be mangled too."""
    terser = shutil.which("terser")
    if not terser:
        sys.exit("terser is not installed: run scripts/bootstrap.sh rust")
    run(terser, path, "--module", "--compress", "--mangle", "-o", path)


def content_name(path):
    """Renames path to stem-<hash>.ext (immutable caching) and returns the new base name."""
    data = open(path, "rb").read()
    stem, ext = os.path.splitext(os.path.basename(path))
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{ext}"
    os.replace(path, os.path.join(os.path.dirname(path), name))
    return name


def split(bindgen_js):
    """Replaces Trunk's unsplit main module (bindgen_js + its _bg.wasm) by the split build."""
    stem = bindgen_js[: -len(".js")]
    source = os.environ.get("TRUNK_SOURCE_DIR", os.getcwd())
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(source, "target"))
    profile = "release" if os.environ.get("TRUNK_PROFILE") == "release" else "debug"
    cargo_wasm = os.path.join(target_dir, "wasm32-unknown-unknown", profile, "zeinet.wasm")
    if not os.path.isfile(cargo_wasm):
        sys.exit(f"split build: cargo's output {cargo_wasm} is missing")
    with tempfile.TemporaryDirectory() as work:
        chunks = os.path.join(work, "chunks")
        run("wasm-split-cli", "--target", "web", "--out-name", stem, cargo_wasm, chunks)
        bound = os.path.join(work, "bound")
        run("wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
            "--out-dir", bound,
            "--out-name", stem, os.path.join(chunks, stem + ".wasm"))
        os.remove(os.path.join(chunks, stem + ".wasm"))
        main_wasm = os.path.join(staging, stem + "_bg.wasm")
        run("wasm-opt", "-Oz",
            os.path.join(bound, stem + "_bg.wasm"), "-o", main_wasm)
        loader = open(os.path.join(chunks, LOADER), encoding="utf-8").read()
        os.remove(os.path.join(chunks, LOADER))
        for chunk in sorted(os.listdir(chunks)):
            if not chunk.endswith(".wasm"):
                sys.exit(f"split build: unexpected wasm-split output {chunk}")
            path = os.path.join(staging, chunk)
            run("wasm-opt", "-Oz",
                os.path.join(chunks, chunk), "-o", path)
            hashed = content_name(path)
            if f'"./{chunk}"' not in loader:
                sys.exit(f"split build: the loader does not name {chunk}")
            loader = loader.replace(f'"./{chunk}"', f'"./{hashed}"')
        loader_path = os.path.join(staging, LOADER)
        open(loader_path, "w", encoding="utf-8").write(loader)
        minify_js(loader_path)
        loader_name = content_name(loader_path)
        js = open(os.path.join(bound, stem + ".js"), encoding="utf-8").read()
        # Only the JS import moves to the hashed name: the wasm still names "./__wasm_split.js".
        importer = re.compile(r"""(from\s*)(["'])\./""" + re.escape(LOADER) + r"\2")
        js, imports = importer.subn(lambda m: f"{m.group(1)}{m.group(2)}./{loader_name}{m.group(2)}", js)
        if imports == 0:
            sys.exit("split build: wasm-bindgen's module does not import the split loader")
        open(os.path.join(staging, bindgen_js), "w", encoding="utf-8").write(js)
        minify_js(os.path.join(staging, bindgen_js))


def refresh_integrity(page):
    """Trunk hashed the files it wrote: recompute each integrity attribute from the file now."""
    def fix(match):
        tag = match.group(0)
        href = re.search(r'href="([^"]+)"', tag)
        if not href:
            return tag
        path = os.path.join(staging, href.group(1)[len(public_url):])
        digest = base64.b64encode(hashlib.sha384(open(path, "rb").read()).digest()).decode()
        return re.sub(r'integrity="sha384-[^"]*"', f'integrity="sha384-{digest}"', tag)

    return re.sub(r"<link\b[^>]*\bintegrity=\"[^\"]*\"[^>]*>", fix, page)


def minify_css(path):
    """lightningcss (npm, installed by bootstrap.sh into .tools): the one stylesheet."""
    lightningcss = shutil.which("lightningcss")
    if not lightningcss:
        sys.exit("lightningcss is not installed: run scripts/bootstrap.sh rust")
    run(lightningcss, "--minify", path, "-o", path)


bindgen_modules = [n for n in os.listdir(staging) if re.fullmatch(r"zeinet-[0-9a-f]+\.js", n)]
for module in bindgen_modules:
    if PLACEHOLDER in open(os.path.join(staging, module), encoding="utf-8").read():
        split(module)
if os.environ.get("TRUNK_PROFILE") == "release":
    for name in os.listdir(staging):
        if name.endswith(".css"):
            minify_css(os.path.join(staging, name))
    # The page's comments are for whoever reads index.html in the repository, not for phones.
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    html = re.sub(r"\n\s*\n", "\n", html)
html = refresh_integrity(html)
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
