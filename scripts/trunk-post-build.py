#!/usr/bin/env python3
"""Trunk post-build hook: move the inline module <script> Trunk writes into index.html to a
content-hashed file, so that the Content-Security-Policy can forbid inline scripts. Under
`trunk serve` (`make dev`) its live-reload client moves to a file too: the page reloads after a
change under the same CSP as in production.

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
the boot script (src/boot.js, then Trunk's module body) starts, alongside the main module, the
fetches of the chunks of the address asked for: a deep link does not wait for the main module
to ask for its screen. It also fetches what the app asks the API for first: the session check
on every address, and a screen's list on its own (src/api/early.rs takes them). Both come from
the route table, src/routes.json; the build fails if a split of the build is not in it.

In a release build it also minifies the stylesheet (lightningcss) and drops the page's
comments, and writes each asset pre-compressed (`.br` with brotli -q 11, `.gz`
with gzip -9) next to it, for servers that send them as they are (the mock API does).

ZEINET_WASM_NAMES=1 keeps the functions' names in every module (wasm-opt -g), for profiling:
a CPU profile then names Rust functions. Never for a build that ships (larger).

Importable without side effects (scripts/test_trunk_post_build.py tests its functions).
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

# The import module Leptos' split points name until wasm-split links them.
PLACEHOLDER = "__wasm_split_placeholder__"
LOADER = "__wasm_split.js"
# The route table and the start of the boot script, in the repository (TRUNK_SOURCE_DIR).
ROUTES_JSON = os.path.join("src", "routes.json")
BOOT_JS = os.path.join("src", "boot.js")
# What src/boot.js reads of a row of the route table: the rest stays out of every page load.
BOOT_KEYS = ("path", "split", "early", "children", "tabs")

# wasm-opt's options: -Oz, and the name section kept for a profiling build.
WASM_OPT = ["wasm-opt", "-Oz"] + (["-g"] if os.environ.get("ZEINET_WASM_NAMES") == "1" else [])
# Functions of up to 4 bytes (wasm-opt's default: 2) are inlined in the main module, of up to 8
# in a chunk. The browser compiles a module's functions one by one, on their first call, at a
# cost per function; wasm-split leaves chunks full of tiny forwarding functions, and inlining
# them halves the chunks' functions. Each size is the largest that makes its modules smaller,
# not bigger (measured in bench/README.md): 8 in the main module would cost 1.7 kB of the
# first load.
MAIN_OPT = WASM_OPT + ["--always-inline-max-function-size", "4"]
CHUNK_OPT = WASM_OPT + ["--always-inline-max-function-size", "8"]


def read_text(path):
    with open(path, encoding="utf-8") as text:
        return text.read()


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def run(*cmd, env=None):
    """Runs cmd (failing the build if it fails), with env added to this environment."""
    subprocess.run(cmd, check=True, env={**os.environ, **env} if env else None)


def minify_js(path):
    """terser (npm, installed by bootstrap.sh into .tools): the bindgen glue and the loader are
    the only JavaScript of the app; ES modules, so top-level names may be mangled too."""
    terser = shutil.which("terser")
    if not terser:
        sys.exit("terser is not installed: run scripts/bootstrap.sh rust")
    run(terser, path, "--module", "--compress", "--mangle", "-o", path)


def minify_css(path):
    """lightningcss (npm, installed by bootstrap.sh into .tools): the one stylesheet."""
    lightningcss = shutil.which("lightningcss")
    if not lightningcss:
        sys.exit("lightningcss is not installed: run scripts/bootstrap.sh rust")
    run(lightningcss, "--minify", path, "-o", path)


def rehash(path, pattern):
    """Renames path to pattern with its content hash in place of {} and returns the name."""
    with open(path, "rb") as file:
        name = pattern.format(hashlib.sha256(file.read()).hexdigest()[:16])
    os.replace(path, os.path.join(os.path.dirname(path), name))
    return name


def content_name(path):
    """Renames path to stem-<hash>.ext (immutable caching) and returns the new base name."""
    stem, ext = os.path.splitext(os.path.basename(path))
    return rehash(path, f"{stem}-{{}}{ext}")


def patch(text, old, new, what="split build: the loader"):
    """Replaces the one occurrence of old; a text that changed shape fails the build."""
    if text.count(old) != 1:
        sys.exit(f"{what} changed shape (looked for {old.strip()[:60]!r})")
    return text.replace(old, new)


# ── The route table ──────────────────────────────────────────────────────────────────────────


def load_routes(source):
    """src/routes.json, as the boot script and the checks below read it."""
    with open(os.path.join(source, ROUTES_JSON), encoding="utf-8") as table:
        return json.load(table)


def addresses(table):
    """Every address of the route table as (address, splits, early), as src/boot.js matches
    them: a row, or each of its children (the child's path added to the row's; the row's split
    first), and each of a row's tabs (`/login?tab=eds`, the tab's split last). Fails the build
    if an early path names a parameter its address has not (`{id}` needs `:id`). The Playwright
    test "deep links fetch their screen's chunks…" (api-errors) opens every one of them."""
    found = []
    for row in table["screens"]:
        for child in row.get("children", [{"path": ""}]):
            path = row["path"] + child["path"]
            splits = [name for name in (row.get("split"), child.get("split")) if name]
            early = row.get("early", []) + child.get("early", [])
            params = set(re.findall(r"/:(\w+)", path))
            for asked in early:
                unknown = set(re.findall(r"\{(\w+)\}", asked)) - params
                if unknown:
                    sys.exit(f"src/routes.json: {path}'s early {asked} names {sorted(unknown)},"
                             " which its path has not")
            found.append((path, splits, early))
            tabs = row.get("tabs")
            for value, name in (tabs["splits"].items() if tabs else ()):
                found.append((f"{path}?{tabs['query']}={value}", splits + [name], early))
    return found


def table_splits(table):
    """Every split the route table names: a screen's, a tab's, the not-found page's (no address
    names it in advance: it is whatever else was asked for), and those a page fetches itself
    once it is shown (`fetched_by_their_page`, such as the cancel dialog)."""
    named = {name for _, splits, _ in addresses(table) for name in splits}
    if table.get("not_found", {}).get("split"):
        named.add(table["not_found"]["split"])
    return named | set(table.get("fetched_by_their_page", []))


def check_splits(loader, table):
    """The splits of the build are exactly those of the route table: a split it does not name
    would never be fetched ahead for a deep link, and one the build lacks has no load function,
    which would stop the boot script (and the app) on its address."""
    built = set(re.findall(r"export const __wasm_split_load_(\w+) =", loader))
    named = table_splits(table)
    if named - built:
        sys.exit(f"split build: src/routes.json names splits the build has not: {sorted(named - built)}"
                 " (a split_point! renamed or removed?)")
    if built - named:
        sys.exit(f"split build: src/routes.json names no split {sorted(built - named)}: add each"
                 " to its screen's or tab's row, `not_found` or `fetched_by_their_page`")


def boot_table(table):
    """What src/boot.js reads of the route table (BOOT_KEYS of every row and child)."""
    def row(screen):
        kept = {key: screen[key] for key in BOOT_KEYS if key in screen}
        if "children" in kept:
            kept["children"] = [row(child) for child in kept["children"]]
        return kept

    return {"session_check": table["session_check"], "screens": [row(s) for s in table["screens"]]}


def boot_prelude(boot_js, table, loader_url, public_url):
    """src/boot.js with its placeholders filled in: the start of the boot script, which fetches
    a deep link's chunks and its first requests to the API alongside the main module."""
    what = f"{BOOT_JS}: a placeholder"
    for placeholder, value in (("'__ZEINET_LOADER_URL__'", loader_url),
                               ("'__ZEINET_ROUTES__'", boot_table(table)),
                               ("'__ZEINET_PUBLIC_URL__'", public_url)):
        boot_js = patch(boot_js, placeholder, json.dumps(value, separators=(",", ":")), what)
    return boot_js


# ── The split build ──────────────────────────────────────────────────────────────────────────


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


def split(staging, bindgen_js, source, release):
    """Replaces Trunk's unsplit main module (bindgen_js + its _bg.wasm) by the split build.
    Returns the loader's text, the new names of the main module's two files, and the loader's
    name."""
    stem = bindgen_js[: -len(".js")]
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(source, "target"))
    profile = "release" if release else "debug"
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
        run(*MAIN_OPT,
            os.path.join(bound, stem + "_bg.wasm"), "-o", main_wasm)
        # Trunk named the main module after its own, unsplit build: the names follow the
        # content shipped, so that a change made here alone still reaches cached clients.
        renames = {stem + "_bg.wasm": rehash(main_wasm, "zeinet-{}_bg.wasm")}
        loader = prefetchable(read_text(os.path.join(chunks, LOADER)))
        os.remove(os.path.join(chunks, LOADER))
        for chunk in sorted(os.listdir(chunks)):
            if not chunk.endswith(".wasm"):
                sys.exit(f"split build: unexpected wasm-split output {chunk}")
            path = os.path.join(staging, chunk)
            run(*CHUNK_OPT,
                os.path.join(chunks, chunk), "-o", path)
            hashed = content_name(path)
            if f'"./{chunk}"' not in loader:
                sys.exit(f"split build: the loader does not name {chunk}")
            loader = loader.replace(f'"./{chunk}"', f'"./{hashed}"')
        js = read_text(os.path.join(bound, stem + ".js"))
        js = js.replace(stem + "_bg.wasm", renames[stem + "_bg.wasm"])
        # The glue and the loader import each other: one hash of both names them both, so a
        # change to either renames both.
        digest = hashlib.sha256((js + loader).encode("utf-8")).hexdigest()[:16]
        renames[bindgen_js] = f"zeinet-{digest}.js"
        loader_name = f"__wasm_split-{digest}.js"
        loader = patch(loader, f'"./{bindgen_js}"', f'"./{renames[bindgen_js]}"')
        loader_path = os.path.join(staging, loader_name)
        write_text(loader_path, loader)
        minify_js(loader_path)
        # Only the JS import moves to the hashed name: the wasm still names "./__wasm_split.js".
        importer = re.compile(r"""(from\s*)(["'])\./""" + re.escape(LOADER) + r"\2")
        js, imports = importer.subn(lambda m: f"{m.group(1)}{m.group(2)}./{loader_name}{m.group(2)}", js)
        if imports == 0:
            sys.exit("split build: wasm-bindgen's module does not import the split loader")
        os.remove(os.path.join(staging, bindgen_js))
        js_path = os.path.join(staging, renames[bindgen_js])
        write_text(js_path, js)
        minify_js(js_path)
        return loader, renames, loader_name


# ── The page ─────────────────────────────────────────────────────────────────────────────────

INLINE_MODULE = re.compile(r'<script type="module"([^>]*)>(.*?)</script>', re.S)


def extract_scripts(html, staging, public_url, prelude=""):
    """Writes each inline module of the page (after prelude, the boot script's start; then
    minified) to boot-<hash>.js and puts a tag that loads it in its place. The hash is of what
    is shipped: a comment changed in src/boot.js does not rename it."""
    def extract(match):
        attrs, body = match.group(1), match.group(2)
        if "src=" in attrs:
            return match.group(0)
        path = os.path.join(staging, "boot.js")
        write_text(path, prelude + body.strip() + "\n")
        if prelude:
            minify_js(path)
        return f'<script type="module" src="{public_url}{rehash(path, "boot-{}.js")}"></script>'

    return INLINE_MODULE.sub(extract, html)


# `trunk serve`'s live-reload client, which Trunk appends to the page as an inline script.
RELOAD_CLIENT = re.compile(r"<script(?:\s+nonce=\"[^\"]*\")?>((?:(?!</script>).)*?"
                           r"\.well-known/trunk/ws.*?)</script>", re.S)


def extract_reload_client(html, staging, public_url):
    """Moves `trunk serve`'s live-reload client to trunk-reload-<hash>.js, so that `make dev`
    reloads the page under the production CSP (no inline script, no hash or nonce for one).
    Trunk fills in the server's address and path only in HTML responses: the file takes the
    page's host, and the public URL as the path (Trunk's default WebSocket base)."""
    def extract(match):
        client = match.group(1)
        what = "live reload: trunk's client"
        for quote in ("'", "`"):
            placeholder = f"{quote}{{{{__TRUNK_ADDRESS__}}}}{quote}"
            if placeholder in client:
                client = patch(client, placeholder, "window.location.host", what)
                break
        else:
            sys.exit(f"{what} changed shape (looked for its address placeholder)")
        client = patch(client, "{{__TRUNK_WS_BASE__}}", public_url.rstrip("/") + "/", what)
        path = os.path.join(staging, "trunk-reload.js")
        write_text(path, client.strip() + "\n")
        return f'<script src="{public_url}{rehash(path, "trunk-reload-{}.js")}"></script>'

    return RELOAD_CLIENT.sub(extract, html)


def check_no_inline_script(html):
    """Fails the build if the page still holds an inline script: the CSP would refuse it."""
    leftover = re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    if leftover:
        sys.exit(f"inline <script> left in index.html: {leftover.group(0)}")


def refresh_integrity(page, staging, public_url):
    """Trunk hashed the files it wrote: recompute each integrity attribute from the file now."""
    def fix(match):
        tag = match.group(0)
        href = re.search(r'href="([^"]+)"', tag)
        if not href:
            return tag
        path = os.path.join(staging, href.group(1)[len(public_url):])
        with open(path, "rb") as file:
            digest = base64.b64encode(hashlib.sha384(file.read()).digest()).decode()
        return re.sub(r'integrity="sha384-[^"]*"', f'integrity="sha384-{digest}"', tag)

    return re.sub(r"<link\b[^>]*\bintegrity=\"[^\"]*\"[^>]*>", fix, page)


def compress(staging):
    """Writes next to each asset its `.gz` and `.br`, for servers that send them as they are."""
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


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk hook")
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
    source = os.environ.get("TRUNK_SOURCE_DIR", os.getcwd())
    release = os.environ.get("TRUNK_PROFILE") == "release"
    index = os.path.join(staging, "index.html")
    html = read_text(index)

    bindgen_modules = [n for n in os.listdir(staging) if re.fullmatch(r"zeinet-[0-9a-f]+\.js", n)]
    prelude = ""
    for module in bindgen_modules:
        if PLACEHOLDER in read_text(os.path.join(staging, module)):
            loader, renames, loader_name = split(staging, module, source, release)
            table = load_routes(source)
            check_splits(loader, table)
            boot_js = read_text(os.path.join(source, BOOT_JS))
            prelude = boot_prelude(boot_js, table, public_url + loader_name, public_url)
            for old, new in renames.items():
                html = html.replace(f"{public_url}{old}", f"{public_url}{new}")
            # The boot script runs once its imports are there, the loader among them: without
            # this it is found only when the boot script arrives, a round trip later.
            html = patch(html, "</head>", f'<link rel="modulepreload" href="{public_url}{loader_name}"'
                         ' crossorigin="anonymous" integrity="sha384-"></head>', "index.html")
    html = extract_scripts(html, staging, public_url, prelude)
    html = extract_reload_client(html, staging, public_url)
    check_no_inline_script(html)
    if release:
        for name in os.listdir(staging):
            if name.endswith(".css"):
                minify_css(os.path.join(staging, name))
        # The page's comments are for whoever reads index.html in the repository, not for phones.
        html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
        html = re.sub(r"\n\s*\n", "\n", html)
    html = refresh_integrity(html, staging, public_url)
    write_text(index, html)
    if release:
        compress(staging)


if __name__ == "__main__":
    main()
