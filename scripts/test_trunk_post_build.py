"""Tests of the Trunk post-build hook (scripts/trunk-post-build.py) and of the boot script it
makes from src/boot.js: `python3 -m unittest discover -s scripts -p 'test_*.py'` (`make test`).

The boot script is run by node (as the build's terser, from .tools) against stand-ins for the
page and the loader: what it fetches for an address is compared with the route table's."""
import base64
import hashlib
import importlib.util
import json
import os
import subprocess
import tempfile
import unittest
from unittest import mock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "trunk_post_build", os.path.join(ROOT, "scripts", "trunk-post-build.py"))
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

# The runtime wasm-split-cli writes into every loader (the vendored tool's, as it is built).
LOADER_RUNTIME = os.path.join(ROOT, "vendor", "wasm_split_cli_support", "src", "snippets",
                              "split_wasm.js")
TABLE = hook.load_routes(ROOT)


def loader_of(splits):
    """A loader's exports, as wasm-split-cli writes them, one per split."""
    return "".join(f"export const __wasm_split_load_{name} = wrapAsyncCb(makeLoad(f, []));\n"
                   for name in sorted(splits))


def read(path):
    with open(path, encoding="utf-8") as text:
        return text.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def node(script, *args):
    """Runs script (an ES module) with node; returns what it printed, as JSON."""
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "test.mjs")
        write(path, script)
        done = subprocess.run(["node", path, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"node failed:\n{done.stderr}")
    return json.loads(done.stdout)


class RouteTable(unittest.TestCase):
    def test_every_address_of_src_routes_json_with_its_splits_and_early_requests(self):
        # What the boot script fetched before the table was src/routes.json (ROUTE_SPLITS).
        self.assertEqual(hook.addresses(TABLE), [
            ("/", [], []),
            ("/login", [], []),
            ("/login?tab=eds", ["eds_tab_view"], []),
            ("/login?tab=egov", ["egov_tab_view"], []),
            ("/register", ["register_view"], []),
            ("/password-reset", ["password_reset_view"], []),
            ("/services", ["services_view"], []),
            ("/services/applications", ["applications_view", "payments_view"], ["/applications"]),
            ("/services/applications/refunds", ["applications_view", "refunds_view"],
             ["/refund/applications"]),
            ("/services/applications/:id/print", ["application_print_view"],
             ["/applications/{id}"]),
            ("/services/refund", ["refund_view"], ["/refund/payment-orders", "/banks"]),
        ])

    def test_children_add_their_path_splits_and_early_requests_to_their_rows(self):
        table = {"session_check": "/s", "screens": [
            {"path": "/a", "split": "a_view", "early": ["/a"], "children": [
                {"path": "", "split": "first_view"},
                {"path": "/b/:id", "early": ["/b/{id}"]},
            ]},
            {"path": "/c", "tabs": {"query": "t", "splits": {"x": "x_view"}}, "early": ["/c"]},
        ]}
        self.assertEqual(hook.addresses(table), [
            ("/a", ["a_view", "first_view"], ["/a"]),
            ("/a/b/:id", ["a_view"], ["/a", "/b/{id}"]),
            ("/c", [], ["/c"]),
            ("/c?t=x", ["x_view"], ["/c"]),
        ])

    def test_an_early_request_naming_a_parameter_its_path_has_not_fails(self):
        table = {"screens": [{"path": "/a/:id", "early": ["/a/{ref}"]}]}
        with self.assertRaises(SystemExit) as failed:
            hook.addresses(table)
        self.assertIn("/a/:id's early /a/{ref} names ['ref']", str(failed.exception.code))

    def test_the_table_names_every_split_once_screens_tabs_not_found_and_the_pages_own(self):
        self.assertEqual(hook.table_splits(TABLE), {
            "register_view", "password_reset_view", "services_view", "applications_view",
            "payments_view", "refunds_view", "application_print_view", "refund_view",
            "eds_tab_view", "egov_tab_view", "not_found_view", "cancel_dialog_view",
            "session_warning_view"})

    def test_the_boot_script_gets_only_what_it_reads(self):
        boot = hook.boot_table(TABLE)
        self.assertEqual(set(boot), {"session_check", "screens"})
        self.assertEqual(boot["session_check"], "/session/status")
        applications = next(r for r in boot["screens"] if r["path"] == "/services/applications")
        self.assertEqual(applications["children"][1],
                         {"path": "/refunds", "split": "refunds_view",
                          "early": ["/refund/applications"]})
        self.assertNotIn("view", json.dumps(boot).replace("_view", ""))
        self.assertNotIn("auth", json.dumps(boot))


class SplitCheck(unittest.TestCase):
    def test_the_loader_and_the_table_name_the_same_splits(self):
        hook.check_splits(loader_of(hook.table_splits(TABLE)), TABLE)

    def test_a_split_of_the_build_the_table_does_not_name_fails_the_build(self):
        loader = loader_of(hook.table_splits(TABLE) | {"history_view"})
        with self.assertRaises(SystemExit) as failed:
            hook.check_splits(loader, TABLE)
        self.assertEqual(failed.exception.code,
                         "split build: src/routes.json names no split ['history_view']: add each"
                         " to its screen's or tab's row, `not_found` or `fetched_by_their_page`")

    def test_a_split_of_the_table_the_build_has_not_fails_the_build(self):
        loader = loader_of(hook.table_splits(TABLE) - {"refunds_view"})
        with self.assertRaises(SystemExit) as failed:
            hook.check_splits(loader, TABLE)
        self.assertIn("src/routes.json names splits the build has not: ['refunds_view']",
                      failed.exception.code)


class InlineScripts(unittest.TestCase):
    PAGE = ('<head><script type="module">\nimport init from "/zeinet-1.js";\nawait init();\n'
            '</script><script type="module" src="/other.js"></script></head>')

    def test_the_inline_module_moves_to_a_file_named_after_its_content(self):
        with tempfile.TemporaryDirectory() as staging:
            html = hook.extract_scripts(self.PAGE, staging, "/cabinet/")
            body = 'import init from "/zeinet-1.js";\nawait init();\n'
            name = f"boot-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
            self.assertEqual(html, f'<head><script type="module" src="/cabinet/{name}"></script>'
                                   '<script type="module" src="/other.js"></script></head>')
            self.assertEqual(os.listdir(staging), [name])
            self.assertEqual(read(os.path.join(staging, name)), body)
            hook.check_no_inline_script(html)

    def test_the_boot_script_starts_with_the_prelude_and_is_named_after_it_minified(self):
        def minify(path):
            self.assertTrue(read(path).startswith('const a = 1;\nimport init from "/zeinet-1.js";'))
            write(path, "minified")

        with tempfile.TemporaryDirectory() as staging, \
                mock.patch.object(hook, "minify_js", side_effect=minify) as minified:
            html = hook.extract_scripts(self.PAGE, staging, "/", prelude="const a = 1;\n")
            name = f"boot-{hashlib.sha256(b'minified').hexdigest()[:16]}.js"
            self.assertEqual(os.listdir(staging), [name])
            self.assertIn(f'<script type="module" src="/{name}"></script>', html)
            self.assertEqual(read(os.path.join(staging, name)), "minified")
            minified.assert_called_once()

    def test_an_inline_script_left_in_the_page_fails_the_build(self):
        for page in ('<script>alert(1)</script>', '<script type="module" async>x</script>',
                     self.PAGE):
            with self.assertRaises(SystemExit) as failed:
                hook.check_no_inline_script(page)
            self.assertIn("inline <script> left in index.html: <script", failed.exception.code)


class DevBuild(unittest.TestCase):
    def test_a_build_without_split_only_moves_the_inline_module_and_refreshes_integrity(self):
        with tempfile.TemporaryDirectory() as staging:
            write(os.path.join(staging, "zeinet-abc.js"), "export default 1;\n")
            write(os.path.join(staging, "index.html"),
                  '<head><link rel="modulepreload" href="/zeinet-abc.js" integrity="sha384-x">'
                  '<script type="module">import init from "/zeinet-abc.js";</script></head>')
            env = {"TRUNK_STAGING_DIR": staging, "TRUNK_PROFILE": "debug"}
            with mock.patch.dict(os.environ, env), mock.patch.object(hook, "minify_js") as minify:
                hook.main()
            minify.assert_not_called()
            [boot] = [n for n in os.listdir(staging) if n.startswith("boot-")]
            self.assertEqual(read(os.path.join(staging, boot)),
                             'import init from "/zeinet-abc.js";\n')
            digest = base64.b64encode(hashlib.sha384(b"export default 1;\n").digest()).decode()
            self.assertEqual(read(os.path.join(staging, "index.html")),
                             '<head><link rel="modulepreload" href="/zeinet-abc.js"'
                             f' integrity="sha384-{digest}">'
                             f'<script type="module" src="/{boot}"></script></head>')


class LiveReload(unittest.TestCase):
    """`trunk serve` appends its live-reload client as an inline <script> (trunk-0.21.14
    src/pipelines/html.rs, from src/autoreload.js), which the CSP refuses: it moves to a file."""
    TRUNK_CLIENT = ("\n    const address = '{{__TRUNK_ADDRESS__}}';\n"
                    "    const base = '{{__TRUNK_WS_BASE__}}';\n"
                    "    let protocol = '';\n"
                    "    const url = protocol + '://' + address + base + '.well-known/trunk/ws';\n")
    PAGE = f"<head></head><body><p>x</p><script>{TRUNK_CLIENT}</script></body>"

    def test_the_reload_client_moves_to_a_file_that_finds_the_server_itself(self):
        with tempfile.TemporaryDirectory() as staging:
            html = hook.extract_reload_client(self.PAGE, staging, "/cabinet/")
            [name] = os.listdir(staging)
            self.assertRegex(name, r"^trunk-reload-[0-9a-f]{16}\.js$")
            self.assertEqual(html, f'<head></head><body><p>x</p><script src="/cabinet/{name}">'
                                   '</script></body>')
            hook.check_no_inline_script(html)
            client = read(os.path.join(staging, name))
            # Trunk fills these in only in HTML responses: the file asks the page instead.
            self.assertIn("const address = window.location.host;", client)
            self.assertIn("const base = '/cabinet/';", client)
            self.assertNotIn("{{", client)

    def test_a_page_without_the_client_is_left_as_it_is(self):
        page = '<body><script type="module">import "/a.js";</script></body>'
        with tempfile.TemporaryDirectory() as staging:
            self.assertEqual(hook.extract_reload_client(page, staging, "/"), page)
            self.assertEqual(os.listdir(staging), [])

    def test_a_client_that_changed_shape_fails_the_build(self):
        page = "<body><script>new WebSocket(x + '.well-known/trunk/ws')</script></body>"
        with tempfile.TemporaryDirectory() as staging, self.assertRaises(SystemExit) as failed:
            hook.extract_reload_client(page, staging, "/")
        self.assertIn("live reload", failed.exception.code)

    def test_trunk_serves_build_passes_the_hook_with_no_inline_script(self):
        with tempfile.TemporaryDirectory() as staging:
            write(os.path.join(staging, "index.html"),
                  '<head><script type="module">import init from "/zeinet-abc.js";</script>'
                  f"</head><body><script>{self.TRUNK_CLIENT}</script></body>")
            env = {"TRUNK_STAGING_DIR": staging, "TRUNK_PROFILE": "debug"}
            with mock.patch.dict(os.environ, env):
                hook.main()
            page = read(os.path.join(staging, "index.html"))
            hook.check_no_inline_script(page)
            self.assertRegex(page, r'<body><script src="/trunk-reload-[0-9a-f]{16}\.js"></script>')


class Integrity(unittest.TestCase):
    def test_every_integrity_attribute_is_that_of_the_file_now(self):
        with tempfile.TemporaryDirectory() as staging:
            write(os.path.join(staging, "a.js"), "export {};\n")
            digest = base64.b64encode(hashlib.sha384(b"export {};\n").digest()).decode()
            page = ('<link rel="modulepreload" href="/cabinet/a.js" integrity="sha384-old">'
                    '<link rel="modulepreload" integrity="sha384-">'
                    '<link rel="icon" href="/cabinet/missing.svg">')
            self.assertEqual(
                hook.refresh_integrity(page, staging, "/cabinet/"),
                f'<link rel="modulepreload" href="/cabinet/a.js" integrity="sha384-{digest}">'
                '<link rel="modulepreload" integrity="sha384-">'
                '<link rel="icon" href="/cabinet/missing.svg">')


class Prefetchable(unittest.TestCase):
    RUNTIME = read(LOADER_RUNTIME)

    def test_a_changed_loader_fails_the_build_saying_what_it_missed(self):
        changed = self.RUNTIME.replace("const instantiate = fetcher();", "const i = fetcher();")
        with self.assertRaises(SystemExit) as failed:
            hook.prefetchable(changed)
        self.assertEqual(failed.exception.code, "split build: the loader changed shape"
                         " (looked for 'const instantiate = fetcher();')")

    def test_a_load_takes_what_prefetch_fetched_once_and_fetches_afresh_after_a_failure(self):
        loader = hook.prefetchable(self.RUNTIME)
        got = node(loader + """
const getSharedImports = () => ({});
const fetched = [];
const fetcher = (name, fails) => () => {
  fetched.push(name);
  const answer = fails ? Promise.reject(new Error(name)) : Promise.resolve(name);
  answer.catch(() => {});
  return async () => answer;
};
const chunk = makeLoad(fetcher('chunk'), []);
const load = wrapAsyncCb(makeLoad(fetcher('split'), [chunk]));
load.prefetch();
load.prefetch();
const seen = [fetched.length];
const view = makeLoad(fetcher('view'), []);
await view();
await view();
seen.push(fetched.length);
const failing = makeLoad(fetcher('failing', true), []);
failing.prefetch();
await failing().catch(() => {});
await failing().catch(() => {});
console.log(JSON.stringify({ fetched, seen }));
""")
        # Prefetched twice, fetched once; a load after a failed one fetches afresh.
        self.assertEqual(got["seen"], [2, 3])
        self.assertEqual(got["fetched"], ["chunk", "split", "view", "failing", "failing"])


class BootScript(unittest.TestCase):
    """src/boot.js with the route table, for addresses, under node: what it prefetches and
    asks the API for."""
    SPLITS = sorted(hook.table_splits(TABLE))

    def boot(self, cases, public_url="/", table=TABLE):
        """Runs the boot script once per case (pathname, search, api-base meta or None)."""
        with tempfile.TemporaryDirectory() as work:
            loader = os.path.join(work, "loader.mjs")
            write(loader, "".join(
                f"export const __wasm_split_load_{name} = "
                f"{{ prefetch: () => globalThis.prefetched.push({json.dumps(name)}) }};\n"
                for name in self.SPLITS))
            boot_js = read(os.path.join(ROOT, hook.BOOT_JS))
            prelude = hook.boot_prelude(boot_js, table, "file://" + loader, public_url)
            boot = os.path.join(work, "boot.mjs")
            write(boot, prelude)
            return node("""
const results = [];
for (const [i, [pathname, search, meta]] of JSON.parse(process.argv[2]).entries()) {
  globalThis.prefetched = [];
  const fetched = [];
  globalThis.window = globalThis;
  globalThis.location = { pathname, search };
  globalThis.document = {
    querySelector: (q) => (q === 'meta[name="zeinet:api-base"]' && meta !== null
      ? { getAttribute: (name) => (name === 'content' ? meta : null) } : null),
  };
  globalThis.fetch = (url, options) => {
    fetched.push([url, options.headers.Accept, options.signal instanceof AbortSignal]);
    return Promise.reject(new Error('offline'));
  };
  await import(`file://${process.argv[3]}?${i}`);
  const early = [...window.zeinetEarly].map(([url, e]) =>
    [url, e.answer instanceof Promise, e.controller instanceof AbortController]);
  results.push({ prefetched, fetched, early });
}
console.log(JSON.stringify(results));
""", json.dumps(cases), boot)

    def test_every_address_of_the_table_fetches_its_splits_and_early_requests(self):
        cases, expected = [], []
        for address, splits, early in hook.addresses(TABLE):
            path, _, query = address.partition("?")
            path = path.replace(":id", "app-188041")
            early = [e.replace("{id}", "app-188041") for e in early]
            for shown in {path, path.rstrip("/") + "/"}:  # a trailing slash or none
                cases.append((shown, "?" + query if query else "", "/api"))
                expected.append((splits, ["/session/status"] + early))
        results = self.boot(cases)
        self.assertEqual(len(results), 2 * len(hook.addresses(TABLE)) - 1)  # "/" has one
        for (splits, early), got in zip(expected, results):
            self.assertEqual(got["prefetched"], splits)
            urls = ["/api" + path for path in early]
            self.assertEqual(got["fetched"], [[url, "application/json", True] for url in urls])
            self.assertEqual(got["early"], [[url, True, True] for url in urls])

    def test_addresses_the_table_does_not_have_or_not_so(self):
        session = [["/api/session/status", True, True]]
        got = self.boot([
            ("/nowhere", "", "/api"),
            ("/services/applications//print", "", "/api"),  # no id
            ("/services/applications/a/b/print", "", "/api"),
            ("/register//", "", "/api"),
            ("/register", "?next=%2F", "/api"),  # a query that is not a tab's
            ("/services/applications", "?page=2", "/api"),
            ("/login", "?tab=password", "/api"),
            ("/login", "?tab=constructor", "/api"),
            ("/login", "?tab=__proto__", "/api"),
        ])
        self.assertEqual(len(got), 9)
        for result in got:
            self.assertEqual(result["prefetched"], [])
            self.assertEqual(result["early"], session)

    def test_tabs_ids_public_url_and_api_base(self):
        [tab, twice, odd_id, nested, base, no_base, blank_base] = self.boot([
            ("/cabinet/login/", "?next=%2Fservices&tab=egov", "/api"),
            ("/cabinet/login", "?tab=egov&tab=eds", "/api"),
            ("/cabinet/services/applications/a.b/print", "", "/api"),
            ("/cabinet/services/applications/refunds", "", "https://api.example/v1//"),
            ("/cabinet/services/refund/", "", "/v2/"),
            ("/cabinet/services", "", None),
            ("/cabinet/services", "", "  "),
        ], public_url="/cabinet/")
        self.assertEqual(tab["prefetched"], ["egov_tab_view"])
        # A key given twice: its last value, the tab leptos_router's query map shows.
        self.assertEqual(twice["prefetched"], ["eds_tab_view"])
        # An id the app would send escaped: the screen's code, not its data.
        self.assertEqual(odd_id["prefetched"], ["application_print_view"])
        self.assertEqual([e[0] for e in odd_id["early"]], ["/api/session/status"])
        self.assertEqual(nested["prefetched"], ["applications_view", "refunds_view"])
        self.assertEqual([e[0] for e in nested["early"]],
                         ["https://api.example/v1/session/status",
                          "https://api.example/v1/refund/applications"])
        self.assertEqual([e[0] for e in base["early"]],
                         ["/v2/session/status", "/v2/refund/payment-orders", "/v2/banks"])
        self.assertEqual([e[0] for e in no_base["early"]], ["/api/session/status"])
        self.assertEqual([e[0] for e in blank_base["early"]], ["/api/session/status"])

    def test_a_placeholder_missing_from_boot_js_fails_the_build(self):
        with self.assertRaises(SystemExit) as failed:
            hook.boot_prelude("const ROUTES = '__ZEINET_ROUTES__';", TABLE, "/l.js", "/")
        self.assertIn("src/boot.js: a placeholder changed shape", failed.exception.code)
        self.assertIn("__ZEINET_LOADER_URL__", failed.exception.code)


if __name__ == "__main__":
    unittest.main()
