//! The route table (`src/routes.json`) as Rust: the code `build.rs` writes for `src/routes/`.
//! Kept apart from the build script so that the host tests (`src/routes/mod.rs`) check it too.
//!
//! For each screen with a `split`, a [`split_point!`] (its code a chunk of the release build)
//! and a `LazyRoute` showing it through `LazyPanel` ("loading…", and "try again" in place when
//! the chunk cannot be fetched); for each one without, its page as the route's view. Then
//! `ScreenRoutes` (the `<Routes>` of every row), the addresses behind the log-in and the
//! preload of their chunks.
use serde_json::Value;
use std::fmt::Write;

/// A row of the table, as the code needs it.
struct Screen<'a> {
    path: String,
    view: &'a str,
    split: Option<&'a str>,
    auth: bool,
    /// A tab shown inside its parent's page (which has the heading), not a page of its own.
    tab: bool,
}

/// The Rust code for `table` (the text of `src/routes.json`), or what is wrong with it.
pub fn generate(table: &str) -> Result<String, String> {
    let table: Value = serde_json::from_str(table).map_err(|e| e.to_string())?;
    let rows = table["screens"].as_array().ok_or("no \"screens\" list")?;
    let mut code = String::from(
        "// Written by build.rs from src/routes.json (src/routes/codegen.rs): edit the table.\n",
    );
    let mut routes = String::new();
    let mut behind_log_in = Vec::new();
    let mut preloads = Vec::new();
    for row in rows {
        let path = text(row, "path")?;
        if let Some(to) = row.get("redirect") {
            let to = to
                .as_str()
                .ok_or(format!("{path}: redirect is not a path"))?;
            writeln!(
                routes,
                "<Route path=path!({path:?}) view=|| view! {{ <Redirect path={to:?} \
                 options={{NavigateOptions {{ replace: true, ..Default::default() }}}} /> }} />"
            )
            .unwrap();
            continue;
        }
        let screen = parse_screen(row, path.to_owned(), None)?;
        if screen.auth {
            behind_log_in.push(screen.path.clone());
        }
        let children = row.get("children").and_then(Value::as_array);
        let Some(children) = children else {
            writeln!(
                routes,
                "<Route path=path!({path:?}) view={} />",
                route_view(&screen)?
            )
            .unwrap();
            declare(&mut code, &screen, None, &mut preloads)?;
            continue;
        };
        let mut kids = Vec::new();
        for child in children {
            let own = text(child, "path")?;
            let child = parse_screen(child, format!("{path}{own}"), Some(&screen))?;
            if child.path.contains(':') {
                return Err(format!("{}: a child's path takes no parameter", child.path));
            }
            if child.split.is_none() {
                return Err(format!("{}: a child is a split of its own", child.path));
            }
            if child.auth {
                behind_log_in.push(child.path.clone());
            }
            kids.push((own, child));
        }
        if screen.split.is_none() {
            return Err(format!(
                "{path}: a page with children is a split of its own"
            ));
        }
        declare(&mut code, &screen, Some(&kids), &mut preloads)?;
        writeln!(
            routes,
            "<ParentRoute path=path!({path:?}) view={}>",
            route_view(&screen)?
        )
        .unwrap();
        for (own, child) in &kids {
            declare(&mut code, child, None, &mut preloads)?;
            writeln!(
                routes,
                "<Route path=path!({own:?}) view={} />",
                route_view(child)?
            )
            .unwrap();
        }
        routes.push_str("</ParentRoute>\n");
    }
    let not_found = &table["not_found"];
    let not_found = Screen {
        path: "(any other address)".into(),
        view: text(not_found, "view")?,
        split: Some(text(not_found, "split")?),
        auth: false,
        tab: false,
    };
    declare(&mut code, &not_found, None, &mut Vec::new())?;
    let fallback = split_stem(not_found.split.unwrap_or_default())?;
    write!(
        code,
        "/// The routes of every screen of the table, and the not-found page for any other address.\n\
         #[component]\n\
         pub fn ScreenRoutes() -> impl IntoView {{\n\
         view! {{\n\
         <Routes fallback=|| view! {{ <LazyPanel wanted=true load={fallback}_view page=true /> }}>\n\
         {routes}</Routes>\n\
         }}\n\
         }}\n\n\
         /// The addresses behind the log-in (`:id` stands for any one segment).\n\
         pub const BEHIND_LOG_IN: &[&str] = &{behind_log_in:?};\n\n\
         /// Fetches the chunks of every screen behind the log-in, side by side.\n\
         pub async fn preload_behind_log_in() {{\n\
         let _ = futures::join!({});\n\
         }}\n",
        preloads.join(", ")
    )
    .unwrap();
    Ok(code)
}

/// Declares the split point of `screen` and its `LazyRoute` (nothing for a page in the first
/// download). The route has no `preload`: leptos_router runs it on every move to the screen,
/// before the view, and the view's own load would then fetch a refused chunk a second time;
/// the boot script and `preload_after_log_in` fetch ahead instead. A parent's load also fetches, side by side, the chunk of the child the address
/// shows: it would otherwise be asked for only once the parent's code has arrived and drawn
/// its outlet.
fn declare(
    code: &mut String,
    screen: &Screen,
    children: Option<&[(&str, Screen)]>,
    preloads: &mut Vec<String>,
) -> Result<(), String> {
    let Some(split) = screen.split else {
        return Ok(());
    };
    let stem = split_stem(split)?;
    let page = screen.view;
    // (A tab is shown inside its parent's page, which is guarded already.)
    let shown = if screen.auth && !screen.tab {
        format!("<RequireAuth><{page} /></RequireAuth>")
    } else {
        format!("<{page} />")
    };
    if screen.auth {
        preloads.push(format!("preload_{stem}()"));
    }
    let route = camel(stem) + "Route";
    let is_page = !screen.tab;
    // A parent reads the router's address (which has moved to the screen; the browser's has
    // not yet, on a click) to fetch the chunk of the child shown.
    let read_path = if children.is_some() {
        "let path = use_location().pathname.get_untracked();\n"
    } else {
        ""
    };
    let (load, extra) = match children {
        None => (format!("{stem}_view"), String::new()),
        Some(kids) => {
            let arms: String = kids
                .iter()
                .map(|(_, child)| {
                    let child_stem =
                        split_stem(child.split.unwrap_or_default()).unwrap_or_default();
                    format!(
                        "{:?} => {{ let _ = preload_{child_stem}().await; }}\n",
                        child.path
                    )
                })
                .collect();
            (
                format!("move || {stem}_with_child_shown(path.clone())"),
                format!(
                    "async fn {stem}_with_child_shown(path: String) -> Result<fn() -> AnyView, SplitLoaderError> {{\n\
                     let (view, ()) = futures::join!({stem}_view(), async {{\n\
                     match trimmed(&path) {{\n{arms}_ => {{}}\n}}\n\
                     }});\n\
                     view\n\
                     }}\n\n"
                ),
            )
        }
    };
    write!(
        code,
        "split_point! {{\n\
         /// `{path}`\n\
         fn {stem}_view(), preload preload_{stem} => view! {{ {shown} }}\n\
         }}\n\n\
         {extra}\
         /// `{path}`, loaded on first visit.\n\
         pub struct {route};\n\n\
         impl LazyRoute for {route} {{\n\
         fn data() -> Self {{\n\
         Self\n\
         }}\n\n\
         async fn view(_: Self) -> AnyView {{\n\
         {read_path}\
         view! {{ <LazyPanel wanted=true load={load} page={is_page} /> }}.into_any()\n\
         }}\n\
         }}\n\n",
        path = screen.path,
    )
    .unwrap();
    Ok(())
}

/// What a route shows: its page, or the lazy route of its split.
fn route_view(screen: &Screen) -> Result<String, String> {
    Ok(match screen.split {
        None if screen.auth => format!(
            "{{|| view! {{ <RequireAuth><{} /></RequireAuth> }}}}",
            screen.view
        ),
        None => screen.view.to_owned(),
        Some(split) => format!("{{Lazy::<{}Route>::new()}}", camel(split_stem(split)?)),
    })
}

/// The screen of `row` at `path`; a child (of `parent`) is behind the log-in when its parent is.
fn parse_screen<'a>(
    row: &'a Value,
    path: String,
    parent: Option<&Screen>,
) -> Result<Screen<'a>, String> {
    let split = match row.get("split") {
        None => None,
        Some(split) => Some(
            split
                .as_str()
                .ok_or(format!("{path}: split is not a name"))?,
        ),
    };
    Ok(Screen {
        view: text(row, "view")?,
        split,
        auth: parent.is_some_and(|p| p.auth)
            || row.get("auth").and_then(Value::as_bool).unwrap_or(false),
        tab: parent.is_some(),
        path,
    })
}

fn text<'a>(row: &'a Value, key: &str) -> Result<&'a str, String> {
    row.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("a row without \"{key}\": {row}"))
}

/// `register_view` → `register`: every split is named after its view.
fn split_stem(split: &str) -> Result<&str, String> {
    split
        .strip_suffix("_view")
        .filter(|stem| {
            !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
        .ok_or_else(|| format!("split {split:?} is not named `<name>_view`"))
}

/// `application_print` → `ApplicationPrint`.
fn camel(stem: &str) -> String {
    stem.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
