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
the main module's memory and function table. wasm-bindgen then binds the main module,
wasm-opt shrinks every module, terser the scripts, every file gets a name hashed from what it
holds, and the page's integrity attributes are recomputed. The loader learns to prefetch, and
the boot script starts, alongside the main module, the fetches of the chunks of the address
asked for (ROUTE_SPLITS): a deep link does not wait for the main module to ask for its screen.
It also fetches what the app asks the API for first: the session check on every address, and a
screen's list (the third element of ROUTE_SPLITS) on its own (src/api/early.rs takes them).

In a release build it also minifies the stylesheet (lightningcss) and drops the page's
comments, and writes each asset pre-compressed (`.br` with brotli -q 11, `.gz`
with gzip -9) next to it, for servers that send them as they are (the mock API does).

ZEINET_WASM_NAMES=1 keeps the functions' names in every module (wasm-opt -g), for profiling:
a CPU profile then names Rust functions. Never for a build that ships (larger).
"""
import base64
import gzip
import hashlib
import json
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


def extract(match, prelude=""):
    """Writes the inline module (after prelude) to boot-<hash>.js and returns its tag."""
    attrs, body = match.group(1), match.group(2)
    if "src=" in attrs:
        return match.group(0)
    body = prelude + body.strip() + "\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    name = f"boot-{digest}.js"
    path = os.path.join(staging, name)
    with open(path, "w", encoding="utf-8") as out:
        out.write(body)
    if prelude:
        minify_js(path)
    return f'<script type="module" src="{public_url}{name}"></script>'



# The import module Leptos' split points name until wasm-split links them.
PLACEHOLDER = "__wasm_split_placeholder__"
LOADER = "__wasm_split.js"


def run(*cmd, env=None):
    """Runs cmd (failing the build if it fails), with env added to this environment."""
    subprocess.run(cmd, check=True, env={**os.environ, **env} if env else None)


# wasm-opt's options: -Oz, and the name section kept for a profiling build.
WASM_OPT = ["wasm-opt", "-Oz"] + (["-g"] if os.environ.get("ZEINET_WASM_NAMES") == "1" else [])


def minify_js(path):
    """terser (npm, installed by bootstrap.sh into .tools): the bindgen glue and the loader are
    the only JavaScript of the app; ES modules, so top-level names may be mangled too."""
    terser = shutil.which("terser")
    if not terser:
        sys.exit("terser is not installed: run scripts/bootstrap.sh rust")
    run(terser, path, "--module", "--compress", "--mangle", "-o", path)


def rehash(path, pattern):
    """Renames path to pattern with its content hash in place of {} and returns the name."""
    name = pattern.format(hashlib.sha256(open(path, "rb").read()).hexdigest()[:16])
    os.replace(path, os.path.join(os.path.dirname(path), name))
    return name


def content_name(path):
    """Renames path to stem-<hash>.ext (immutable caching) and returns the new base name."""
    stem, ext = os.path.splitext(os.path.basename(path))
    return rehash(path, f"{stem}-{{}}{ext}")


# Addresses whose chunks the boot script fetches alongside the main module, so that a deep link
# (a bookmark, a reload, a link in a message) does not wait for the main module before asking
# for its screen: matched against the address after the public URL, query included. Keep in
# step with the routes of src/app.rs and the log-in tabs (`?tab=`): a split the build does not
# place here or in UNADDRESSED fails it, and the Playwright test "deep links fetch their
# screen's chunks and first data with the main module" (api-errors) opens every address.
#
# The third element: what the screen asks the API for as it opens (a path under the API base,
# as in src/api/), fetched by the boot script with the session check every screen makes
# (SESSION_CHECK). The app's own request for the same address takes that answer
# (src/api/early.rs) instead of asking after the main module has run and the session check
# has come back: two round trips fewer before a list is painted. `{1}` stands for the
# address's first group, an id, fetched only when it is one the app asks for unchanged
# (`[A-Za-z0-9_-]`, src/api/applications.rs `path_segment`). A logged-out person's deep
# link asks for data the backend refuses (401, forgotten once the session check says so): the
# cost of a small request.
ROUTE_SPLITS = [
    (r"^register/?$", ["register_view"], []),
    (r"^password-reset/?$", ["password_reset_view"], []),
    (r"^services/?$", ["services_view"], []),
    (r"^services/applications/?$", ["applications_view", "payments_view"], ["/applications"]),
    (r"^services/applications/refunds/?$", ["applications_view", "refunds_view"],
     ["/refund/applications"]),
    (r"^services/applications/([^/?]+)/print/?$", ["application_print_view"],
     ["/applications/{1}"]),
    (r"^services/refund/?$", ["refund_view"], ["/refund/payment-orders", "/banks"]),
    (r"^login/?\?(?:.*&)?tab=eds(?:&|$)", ["eds_tab_view"], []),
    (r"^login/?\?(?:.*&)?tab=egov(?:&|$)", ["egov_tab_view"], []),
]
# src/api/auth.rs `session()`, asked by the frame (src/session.rs) on every first load.
SESSION_CHECK = "/session/status"
# Splits no address names in advance: the not-found page is whatever else was asked for; the
# cancel dialog is fetched once its page is shown (src/pages/application_cancel.rs), not with it.
UNADDRESSED = {"not_found_view", "cancel_dialog_view"}


def patch(text, old, new):
    """Replaces the one occurrence of old; a loader that changed shape fails the build."""
    if text.count(old) != 1:
        sys.exit(f"split build: the loader changed shape (looked for {old.strip()[:60]!r})")
    return text.replace(old, new)


def prefetchable(loader):
    """Gives every load function of wasm-split's loader a `prefetch()`: it starts the fetches of
    the split and of the chunks it needs, and the load later takes those responses instead of
    fetching again (once: a failed fetch is fetched afresh by the next load, "try again")."""
    loader = patch(loader, "        const instantiate = fetcher();\n",
                   "        const instantiate = early ?? fetcher();\n        early = undefined;\n")
    loader = patch(loader, "    let loadingModule = undefined;\n    return () => {\n",
                   "    let loadingModule = undefined;\n    let early = undefined;\n"
                   "    const load = () => {\n")
    loader = patch(loader, "        return loadingModule;\n    }\n}\n",
                   "        return loadingModule;\n    };\n"
                   "    load.prefetch = () => {\n"
                   "        deps.forEach(d => d.prefetch());\n"
                   "        if (loadingModule === undefined) early ??= fetcher();\n"
                   "    };\n    return load;\n}\n")
    loader = patch(loader, "function wrapAsyncCb(callee) {\n    return async (",
                   "function wrapAsyncCb(callee) {\n    const wrapped = async (")
    loader = patch(loader, "(callbackData, success);\n        }\n    }\n}\n",
                   "(callbackData, success);\n        }\n    };\n"
                   "    wrapped.prefetch = callee.prefetch;\n    return wrapped;\n}\n")
    return loader


def deep_link_prelude(loader, loader_name):
    """The start of the boot script: the chunks of the address asked for, fetched at once, and
    its first requests to the API (the session check, the screen's list), left for the app."""
    splits = set(re.findall(r"export const __wasm_split_load_(\w+) =", loader))
    routed = {name for _, names, _ in ROUTE_SPLITS for name in names}
    if routed - splits:
        sys.exit(f"split build: ROUTE_SPLITS names unknown splits {sorted(routed - splits)}")
    if splits - routed - UNADDRESSED:
        sys.exit(f"split build: no address for the splits {sorted(splits - routed - UNADDRESSED)}"
                 " (add them to ROUTE_SPLITS or UNADDRESSED in scripts/trunk-post-build.py)")
    routes = ",".join(f"[{json.dumps(pattern)},{json.dumps(names)},{json.dumps(data)}]"
                      for pattern, names, data in ROUTE_SPLITS)
    # The API base as src/config.rs reads it: the page's <meta>, without trailing slashes.
    return (f"import * as split from '{public_url}{loader_name}';\n"
            f"const address = location.pathname.slice({len(public_url)}) + location.search;\n"
            "const base = document.querySelector('meta[name=\"zeinet:api-base\"]')"
            "?.getAttribute('content');\n"
            "const api = base && base.trim() ? base.replace(/\\/+$/, '') : '/api';\n"
            f"const asked = [{json.dumps(SESSION_CHECK)}];\n"
            f"for (const [pattern, names, data] of [{routes}]) {{\n"
            "  const match = address.match(new RegExp(pattern));\n"
            "  if (match) {\n"
            "    for (const name of names) split[`__wasm_split_load_${name}`].prefetch();\n"
            "    if (match.length < 2 || /^[\\w-]+$/.test(match[1])) {\n"
            "      asked.push(...data.map((path) => path.replace('{1}', match[1])));\n"
            "    }\n"
            "    break;\n  }\n}\n"
            # Taken (once) by src/api/early.rs, which says when they are forgotten.
            "const early = new Map();\n"
            "for (const path of asked) {\n"
            "  const controller = new AbortController();\n"
            "  const answer = fetch(api + path, {\n"
            "    headers: { Accept: 'application/json' },\n"
            "    signal: controller.signal,\n"
            "  });\n"
            "  answer.catch(() => {}); // a failure is the app's to report, when it takes it\n"
            "  early.set(api + path, { answer, controller });\n"
            "}\n"
            "window.zeinetEarly = early;\n")


def split(bindgen_js):
    """Replaces Trunk's unsplit main module (bindgen_js + its _bg.wasm) by the split build.
    Returns the boot script's prelude that prefetches a deep link's chunks, the new names
    of the main module's two files, and the loader's name."""
    stem = bindgen_js[: -len(".js")]
    source = os.environ.get("TRUNK_SOURCE_DIR", os.getcwd())
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(source, "target"))
    profile = "release" if os.environ.get("TRUNK_PROFILE") == "release" else "debug"
    cargo_wasm = os.path.join(target_dir, "wasm32-unknown-unknown", profile, "zeinet.wasm")
    if not os.path.isfile(cargo_wasm):
        sys.exit(f"split build: cargo's output {cargo_wasm} is missing")
    with tempfile.TemporaryDirectory() as work:
        chunks = os.path.join(work, "chunks")
        # Code shared by several splits makes one chunk per combination, dozens of a few
        # hundred bytes: the ones under 4 kB are merged into one (vendor/PATCHED.md), so that
        # a screen is a dozen requests instead of forty.
        run("wasm-split-cli", "--target", "web", "--out-name", stem, cargo_wasm, chunks,
            env={"WASM_SPLIT_CLI_MERGE_CHUNKS_BELOW": "4000"})
        bound = os.path.join(work, "bound")
        run("wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
            "--out-dir", bound,
            "--out-name", stem, os.path.join(chunks, stem + ".wasm"))
        os.remove(os.path.join(chunks, stem + ".wasm"))
        main_wasm = os.path.join(staging, stem + "_bg.wasm")
        run(*WASM_OPT,
            os.path.join(bound, stem + "_bg.wasm"), "-o", main_wasm)
        # Trunk named the main module after its own, unsplit build: the names follow the
        # content shipped, so that a change made here alone still reaches cached clients.
        renames = {stem + "_bg.wasm": rehash(main_wasm, "zeinet-{}_bg.wasm")}
        loader = prefetchable(open(os.path.join(chunks, LOADER), encoding="utf-8").read())
        os.remove(os.path.join(chunks, LOADER))
        for chunk in sorted(os.listdir(chunks)):
            if not chunk.endswith(".wasm"):
                sys.exit(f"split build: unexpected wasm-split output {chunk}")
            path = os.path.join(staging, chunk)
            run(*WASM_OPT,
                os.path.join(chunks, chunk), "-o", path)
            hashed = content_name(path)
            if f'"./{chunk}"' not in loader:
                sys.exit(f"split build: the loader does not name {chunk}")
            loader = loader.replace(f'"./{chunk}"', f'"./{hashed}"')
        js = open(os.path.join(bound, stem + ".js"), encoding="utf-8").read()
        js = js.replace(stem + "_bg.wasm", renames[stem + "_bg.wasm"])
        # The glue and the loader import each other: one hash of both names them both, so a
        # change to either renames both.
        digest = hashlib.sha256((js + loader).encode("utf-8")).hexdigest()[:16]
        renames[bindgen_js] = f"zeinet-{digest}.js"
        loader_name = f"__wasm_split-{digest}.js"
        loader = patch(loader, f'"./{bindgen_js}"', f'"./{renames[bindgen_js]}"')
        loader_path = os.path.join(staging, loader_name)
        open(loader_path, "w", encoding="utf-8").write(loader)
        minify_js(loader_path)
        # Only the JS import moves to the hashed name: the wasm still names "./__wasm_split.js".
        importer = re.compile(r"""(from\s*)(["'])\./""" + re.escape(LOADER) + r"\2")
        js, imports = importer.subn(lambda m: f"{m.group(1)}{m.group(2)}./{loader_name}{m.group(2)}", js)
        if imports == 0:
            sys.exit("split build: wasm-bindgen's module does not import the split loader")
        os.remove(os.path.join(staging, bindgen_js))
        js_path = os.path.join(staging, renames[bindgen_js])
        open(js_path, "w", encoding="utf-8").write(js)
        minify_js(js_path)
        return deep_link_prelude(loader, loader_name), renames, loader_name


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
prelude = ""
for module in bindgen_modules:
    if PLACEHOLDER in open(os.path.join(staging, module), encoding="utf-8").read():
        prelude, renames, loader_name = split(module)
        for old, new in renames.items():
            html = html.replace(f"{public_url}{old}", f"{public_url}{new}")
        # The boot script runs once its imports are there, the loader among them: without this
        # it is found only when the boot script arrives, a round trip later.
        html = patch(html, "</head>", f'<link rel="modulepreload" href="{public_url}{loader_name}"'
                     ' crossorigin="anonymous" integrity="sha384-"></head>')
html = inline.sub(lambda match: extract(match, prelude), html)
leftover = [m for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", html)]
if leftover:
    sys.exit(f"inline <script> left in index.html: {leftover[0].group(0)}")
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
