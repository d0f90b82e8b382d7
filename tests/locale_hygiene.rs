//! Locale hygiene: every word the cabinet shows comes from `locales/{kk,ru,en}.json`, and those
//! files hold exactly the keys the code uses, the same keys in all three.
//!
//! build.rs (leptos_i18n) already fails the build on a key the code uses that kk.json lacks, but
//! only warns about a key ru/en lack (they fall back to Kazakh), and says nothing about a key
//! nobody uses or about text written straight into a `view!`. These tests cover those three.
//!
//! They read the sources as text with a small Rust lexer (comments dropped, strings and char
//! literals understood), not with the compiler, so they see what is written, not what expands:
//!
//! - **Key uses** are the leptos_i18n macros `t!`, `t_string!`, `t_display!`, `td!`,
//!   `td_string!`, `td_display!`, `tu!`, `tu_string!`, `tu_display!` in `src/`, with the key
//!   written after the first argument (`t!(i18n, refund.title)`,
//!   `td_string!(Locale::ru, app.language_endonym)`). A key chosen at run time by a `match`
//!   (src/labels.rs, src/pages/messages.rs) is found in its arm. Not seen: a key reached through
//!   another macro that wraps these, or the generated `i18n` module used directly.
//! - **View text** is a string literal written as a child in the markup of a `view! { … }`
//!   (`<dd>"KZT"</dd>`, `" · "`), nested `view!`s included. Not checked: attribute and prop values
//!   (`class="…"`, `aria-label=…`, `text="…"`, anything inside a tag), and anything inside a
//!   Rust block `{ … }` of the markup (`{move || "—".to_owned()}`, `format!`, text from a
//!   variable or an array), which is ordinary Rust.
//!   Text without letters (punctuation, symbols, digits, spaces) is allowed; text with letters
//!   only if it is in [`ALLOWED_VIEW_TEXT`], with its reason.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LOCALES: [&str; 3] = ["kk", "ru", "en"];

/// The leptos_i18n macros that name a key (see the module's doc).
const KEY_MACROS: &[&str] = &[
    "t",
    "t_string",
    "t_display",
    "td",
    "td_string",
    "td_display",
    "tu",
    "tu_string",
    "tu_display",
];

/// View text with letters that is not a translation: a code or a mark the same in every
/// language. (Text without letters needs no entry.)
const ALLOWED_VIEW_TEXT: &[(&str, &str)] = &[
    (
        "Z",
        "the brand mark beside the fund's name (src/components/site_header.rs), aria-hidden",
    ),
    (
        "App Store",
        "the store's own name, the same in every language (src/components/egov_signing.rs)",
    ),
    (
        "Google Play",
        "the store's own name, the same in every language (src/components/egov_signing.rs)",
    ),
];

#[test]
fn every_locale_key_is_used_by_the_code() {
    let used = used_keys(&sources());
    let locales: Vec<Locale> = LOCALES.into_iter().map(Locale::read).collect();
    let all: BTreeSet<&String> = locales.iter().flat_map(|l| &l.keys).collect();
    let unused: Vec<String> = all
        .into_iter()
        .filter(|key| !used.contains(*key))
        .map(|key| {
            let places: Vec<String> = locales
                .iter()
                .filter(|l| l.keys.contains(key))
                .map(|l| l.place(key))
                .collect();
            format!("{key} ({})", places.join(", "))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "{} locale key(s) that no code in src/ uses: use each where its screen shows it, or \
         delete it from all three files:\n  {}",
        unused.len(),
        unused.join("\n  ")
    );
}

#[test]
fn every_locale_has_the_same_keys() {
    let locales: Vec<Locale> = LOCALES.into_iter().map(Locale::read).collect();
    let all: BTreeSet<&String> = locales.iter().flat_map(|l| &l.keys).collect();
    let mut missing = Vec::new();
    for lacking in &locales {
        for key in all.iter().filter(|key| !lacking.keys.contains(**key)) {
            let places: Vec<String> = locales
                .iter()
                .filter(|l| l.keys.contains(*key))
                .map(|l| l.place(key))
                .collect();
            missing.push(format!(
                "{} lacks {key} (in {})",
                lacking.path,
                places.join(", ")
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "the locale files differ in their keys (a key ru or en lacks shows in Kazakh there):\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn view_text_comes_from_the_locales() {
    let mut offenders = Vec::new();
    for source in sources() {
        for text in view_child_text(&source.tokens) {
            if !needs_locale(&text.value) {
                continue;
            }
            offenders.push(format!("{}:{}: {:?}", source.path, text.line, text.value));
        }
    }
    assert!(
        offenders.is_empty(),
        "text written into a view! instead of taken from locales/ (t!(i18n, …)); a code that \
         is the same in every language goes in ALLOWED_VIEW_TEXT with its reason:\n  {}",
        offenders.join("\n  ")
    );
}

/// The scanners themselves: a scanner that silently found nothing would make the tests above
/// pass whatever the code says.
#[test]
fn the_scanners_find_keys_and_view_text_and_skip_the_rest() {
    let code = r##"
        /// Docs are not code: view! { <p>"in a doc"</p> } and t!(i18n, docs.key).
        fn page() -> impl IntoView {
            let label = t_string!(i18n, refund.iban_label);
            let name = td_string!(Locale::ru, app.language_endonym);
            let s = "not in a view";
            let c = '{';
            view! {
                <dl class="summary-list" data-x=r#"raw"#>
                    <dt>{t!(i18n, refund.currency)}</dt>
                    <dd>"KZT"</dd>
                    <Comp text="a prop" on:click=move |_| -> () { f("in a block") } />
                    " · "
                    {move || view! { <span>"Сәлем"</span> }}
                    <A href=Signal::<String>::derive(g)>"link text"</A>
                </dl>
            }
        }
    "##;
    let tokens = lex(code);
    let keys: BTreeSet<String> = key_uses(&tokens).into_iter().collect();
    assert_eq!(
        keys,
        [
            "app.language_endonym",
            "refund.currency",
            "refund.iban_label"
        ]
        .map(String::from)
        .into(),
    );
    let text: Vec<(usize, String)> = view_child_text(&tokens)
        .into_iter()
        .map(|t| (t.line, t.value))
        .collect();
    assert_eq!(
        text,
        [(11, "KZT"), (13, " · "), (15, "link text"), (14, "Сәлем")]
            .map(|(line, value)| (line, value.to_owned())),
    );
    assert!(!needs_locale(" · ") && !needs_locale("\u{a0}") && !needs_locale("12:30"));
    assert!(needs_locale("KZT") && !needs_locale("Z"));
}

// --- The files ---

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One locale file: its keys as dotted paths (`refund.title`) and its text, to say where a key is.
struct Locale {
    path: String,
    text: String,
    keys: BTreeSet<String>,
}

impl Locale {
    fn read(code: &str) -> Locale {
        let path = format!("locales/{code}.json");
        let text =
            std::fs::read_to_string(root().join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut keys = BTreeSet::new();
        flatten("", &json, &mut keys);
        Locale { path, text, keys }
    }

    /// `locales/kk.json:42`: the line of the key's last part, found section by section.
    fn place(&self, key: &str) -> String {
        let lines: Vec<&str> = self.text.lines().collect();
        let mut line = 0;
        for part in key.split('.') {
            let name = format!("\"{part}\"");
            match (line..lines.len()).find(|&i| lines[i].trim_start().starts_with(&name)) {
                Some(found) => line = found,
                None => return self.path.clone(),
            }
        }
        format!("{}:{}", self.path, line + 1)
    }
}

fn flatten(prefix: &str, value: &Value, keys: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (name, inner) in map {
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                flatten(&path, inner, keys);
            }
        }
        _ => {
            keys.insert(prefix.to_owned());
        }
    }
}

/// A Rust file of `src/`, lexed.
struct Source {
    path: String,
    tokens: Vec<Token>,
}

fn sources() -> Vec<Source> {
    let mut files = Vec::new();
    collect_rs(&root().join("src"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no Rust files under src/");
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let path = file
                .strip_prefix(root())
                .unwrap_or(&file)
                .display()
                .to_string();
            Source {
                path,
                tokens: lex(&text),
            }
        })
        .collect()
}

fn collect_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

// --- A small Rust lexer: enough to tell code from comments, strings and char literals ---

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// An identifier, keyword, number or lifetime.
    Word(String),
    /// A string literal's value (escapes resolved; raw and byte strings too).
    Str(String),
    /// A char or byte literal.
    Char,
    /// One punctuation character; `joint` when the previous character was punctuation too
    /// (to tell `->` and `=>` from a `>` that closes a tag).
    Punct { c: char, joint: bool },
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    line: usize,
}

fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' {
            let (value, next) = quoted(&chars, i + 1, &mut line);
            tokens.push(Token {
                kind: Kind::Str(value),
                line: start_line,
            });
            i = next;
        } else if c == '\'' {
            // 'x' and '\n' are chars; 'a (no closing quote after one char) is a lifetime.
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                tokens.push(Token {
                    kind: Kind::Char,
                    line,
                });
            } else if at(i + 2) == '\'' {
                i += 3;
                tokens.push(Token {
                    kind: Kind::Char,
                    line,
                });
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // r"…", r#"…"#, b"…", br"…", c"…": a prefixed string, not a word.
            let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
            let raw = matches!(word.as_str(), "r" | "br" | "cr");
            if raw && at(i + hashes) == '"' {
                let body = i + hashes + 1;
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let end = (body..chars.len())
                    .find(|&j| chars[j..].starts_with(&close))
                    .unwrap_or(chars.len());
                let value: String = chars[body..end].iter().collect();
                line += value.matches('\n').count();
                tokens.push(Token {
                    kind: Kind::Str(value),
                    line: start_line,
                });
                i = (end + close.len()).min(chars.len());
            } else if matches!(word.as_str(), "b" | "c") && at(i) == '"' {
                let (value, next) = quoted(&chars, i + 1, &mut line);
                tokens.push(Token {
                    kind: Kind::Str(value),
                    line: start_line,
                });
                i = next;
            } else if word == "b" && at(i) == '\'' {
                // b'x': skip like a char.
                i += 1;
                let escaped = at(i + 1) == '\\';
                i += if escaped { 2 } else { 1 };
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                tokens.push(Token {
                    kind: Kind::Char,
                    line,
                });
            } else {
                tokens.push(Token {
                    kind: Kind::Word(word),
                    line,
                });
            }
        } else {
            let joint = i > 0 && is_punct(chars[i - 1]);
            tokens.push(Token {
                kind: Kind::Punct { c, joint },
                line,
            });
            i += 1;
        }
    }
    tokens
}

fn is_punct(c: char) -> bool {
    !c.is_whitespace() && !c.is_alphanumeric() && c != '_' && c != '"' && c != '\''
}

/// A `"…"` string from just after its opening quote: its value and the index after it.
fn quoted(chars: &[char], mut i: usize, line: &mut usize) -> (String, usize) {
    let mut value = String::new();
    while i < chars.len() && chars[i] != '"' {
        let c = chars[i];
        if c == '\n' {
            *line += 1;
        }
        if c != '\\' {
            value.push(c);
            i += 1;
            continue;
        }
        let escape = chars.get(i + 1).copied().unwrap_or('\\');
        i += 2;
        match escape {
            'n' => value.push('\n'),
            't' => value.push('\t'),
            'r' => value.push('\r'),
            '0' => value.push('\0'),
            'u' => {
                // \u{a0}
                let end = (i..chars.len()).find(|&j| chars[j] == '}').unwrap_or(i);
                let hex: String = chars[i + 1..end].iter().collect();
                if let Some(decoded) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    value.push(decoded);
                }
                i = end + 1;
            }
            'x' => {
                let hex: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                if let Ok(byte) = u8::from_str_radix(&hex, 16) {
                    value.push(char::from(byte));
                }
                i += 2;
            }
            '\n' => {
                // A line continuation: the newline and the next line's indentation go.
                *line += 1;
                while i < chars.len() && chars[i].is_whitespace() {
                    *line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
            other => value.push(other),
        }
    }
    (value, (i + 1).min(chars.len()))
}

fn punct(token: Option<&Token>) -> Option<char> {
    match token.map(|t| &t.kind) {
        Some(Kind::Punct { c, .. }) => Some(*c),
        _ => None,
    }
}

/// The index just after the group that opens at `open` (a `(`, `[` or `{`).
fn skip_group(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match punct(Some(token)) {
            Some('(' | '[' | '{') => depth += 1,
            Some(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The keys named by the key macros (see the module's doc), e.g. `refund.title`.
fn key_uses(tokens: &[Token]) -> Vec<String> {
    let mut keys = Vec::new();
    for i in 0..tokens.len() {
        let Kind::Word(name) = &tokens[i].kind else {
            continue;
        };
        if !KEY_MACROS.contains(&name.as_str())
            || punct(tokens.get(i + 1)) != Some('!')
            || punct(tokens.get(i + 2)) != Some('(')
        {
            continue;
        }
        // The first argument (the context or a locale) runs to the first comma at its level.
        let mut j = i + 3;
        while j < tokens.len() {
            match punct(tokens.get(j)) {
                Some(',') | Some(')') => break,
                Some('(' | '[' | '{') => j = skip_group(tokens, j),
                _ => j += 1,
            }
        }
        if punct(tokens.get(j)) != Some(',') {
            continue;
        }
        let mut key = Vec::new();
        j += 1;
        while let Some(Kind::Word(part)) = tokens.get(j).map(|t| &t.kind) {
            key.push(part.as_str());
            if punct(tokens.get(j + 1)) != Some('.') {
                break;
            }
            j += 2;
        }
        if !key.is_empty() {
            keys.push(key.join("."));
        }
    }
    keys
}

fn used_keys(sources: &[Source]) -> BTreeSet<String> {
    sources.iter().flat_map(|s| key_uses(&s.tokens)).collect()
}

/// A string literal written as a child in a `view!`'s markup.
struct ViewText {
    line: usize,
    value: String,
}

/// Every `view!`'s child text (nested ones found as views of their own). In the markup, a
/// string between `<` and its `>` is an attribute or prop; one outside a tag is a child; a
/// `{ … }` (or `( … )`) is Rust and skipped.
fn view_child_text(tokens: &[Token]) -> Vec<ViewText> {
    let mut found = Vec::new();
    for start in 0..tokens.len() {
        let is_view = tokens[start].kind == Kind::Word("view".into())
            && punct(tokens.get(start + 1)) == Some('!')
            && matches!(punct(tokens.get(start + 2)), Some('{' | '(' | '['));
        if !is_view {
            continue;
        }
        let end = skip_group(tokens, start + 2) - 1;
        let mut i = start + 3;
        let mut in_tag = false;
        // `::<T>` inside a tag: its `>` does not close the tag.
        let mut generics = 0usize;
        while i < end {
            let token = &tokens[i];
            match &token.kind {
                Kind::Punct {
                    c: '(' | '[' | '{', ..
                } => {
                    i = skip_group(tokens, i);
                    continue;
                }
                Kind::Punct { c: '<', .. } if in_tag => {
                    let turbofish = punct(tokens.get(i.wrapping_sub(1))) == Some(':')
                        && punct(tokens.get(i.wrapping_sub(2))) == Some(':');
                    generics += usize::from(turbofish);
                }
                Kind::Punct { c: '<', .. } => in_tag = true,
                Kind::Punct { c: '>', joint } if in_tag => {
                    let arrow = *joint && matches!(punct(tokens.get(i - 1)), Some('-' | '='));
                    if generics > 0 {
                        generics -= 1;
                    } else if !arrow {
                        in_tag = false;
                    }
                }
                Kind::Str(value) if !in_tag => found.push(ViewText {
                    line: token.line,
                    value: value.clone(),
                }),
                _ => {}
            }
            i += 1;
        }
    }
    found
}

/// Whether view text must come from a locale: it has letters and is not an allowed code.
fn needs_locale(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
        && !ALLOWED_VIEW_TEXT
            .iter()
            .any(|(allowed, _)| *allowed == text.trim())
}
