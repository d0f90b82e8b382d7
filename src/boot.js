// The start of the release build's boot script: a deep link (a bookmark, a reload, a link in a
// message) starts the fetches of its screen's chunks and of its first API answers alongside the
// main module, instead of after the main module has run and asked for them: the app's own
// requests take those answers (src/api/early.rs), two round trips fewer before a list is
// painted. Which ones: the route table, src/routes.json.
//
// scripts/trunk-post-build.py fills in the three placeholders below (each string, quotes and
// all, becomes the JSON of its value), puts Trunk's own module body after this one (it imports
// and starts the main module), minifies the whole and names it after its content. Top-level
// names are shared with Trunk's (`init`, `bindings`, `wasm`): a clash fails the build.

// wasm-split's loader, given a `prefetch()` on every load function by the hook.
import * as split from '__ZEINET_LOADER_URL__';

// What this file reads of src/routes.json: session_check, and each screen's path, split,
// early, children and tabs.
const ROUTES = '__ZEINET_ROUTES__';
// Trunk's public URL ('/' unless the cabinet is served under a folder).
const PUBLIC_URL = '__ZEINET_PUBLIC_URL__';

/** The screens of the table, one per address: a row, or each of its children (their path is
 *  added to the row's), with the splits that show it (the row's, then the child's). */
function screens(rows) {
  return rows.flatMap((row) =>
    (row.children ?? [{ path: '' }]).map((child) => ({
      path: row.path + child.path,
      splits: [row.split, child.split].filter(Boolean),
      early: [...(row.early ?? []), ...(child.early ?? [])],
      tabs: row.tabs,
    })),
  );
}

/** The `:name` parts of `path` if it is an address of `pattern` (a trailing slash or none), each
 *  one non-empty segment; null if it is not. */
function paramsAt(pattern, path) {
  const want = pattern.split('/');
  const got = path.replace(/(.)\/$/, '$1').split('/');
  if (want.length !== got.length) return null;
  const params = {};
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':') && got[i]) params[part.slice(1)] = got[i];
    else if (part !== got[i]) return null;
  }
  return params;
}

// src/api/auth.rs `session()`, asked by the frame (src/session.rs) on every first load.
const asked = [ROUTES.session_check];
const query = new URLSearchParams(location.search);
for (const screen of screens(ROUTES.screens)) {
  const params = paramsAt(screen.path, '/' + location.pathname.slice(PUBLIC_URL.length));
  // Through a Map: `?tab=constructor` must find no split.
  const tabs = screen.tabs && new Map(Object.entries(screen.tabs.splits));
  // A key given twice: its last value, as the app's router reads it.
  const tab = tabs?.get(query.getAll(screen.tabs?.query).at(-1));
  // A query is matched only as a tab's (`/login?tab=eds`): an address with another query
  // (`?page=2`, `?next=…`) is left to the app.
  if (!params || (location.search && !tab)) continue;
  for (const name of [...screen.splits, tab].filter(Boolean)) {
    split[`__wasm_split_load_${name}`].prefetch();
  }
  // An id is asked for only when the app would ask for it unchanged (`[A-Za-z0-9_-]`,
  // src/api/applications.rs `path_segment`): otherwise the app's request is another URL.
  if (Object.values(params).every((value) => /^[\w-]+$/.test(value))) {
    asked.push(...screen.early.map((path) => path.replace(/\{(\w+)\}/g, (_, name) => params[name])));
  }
  break;
}

// The API base as src/config.rs reads it: the page's <meta>, without trailing slashes.
const base = document.querySelector('meta[name="zeinet:api-base"]')?.getAttribute('content');
const api = base && base.trim() ? base.replace(/\/+$/, '') : '/api';
// Taken (once) by src/api/early.rs, which says when they are forgotten. A logged-out person's
// deep link asks for data the backend refuses (401, forgotten once the session check says so):
// the cost of a small request.
const early = new Map();
for (const path of asked) {
  const controller = new AbortController();
  const answer = fetch(api + path, {
    headers: { Accept: 'application/json' },
    signal: controller.signal,
  });
  answer.catch(() => {}); // a failure is the app's to report, when it takes it
  early.set(api + path, { answer, controller });
}
window.zeinetEarly = early;
