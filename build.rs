//! Generates, into `OUT_DIR`:
//! - the `i18n` module from `locales/{kk,ru,en}.json`: every key is checked at compile time, so
//!   a missing translation is a build error rather than a blank label;
//! - the routes from the route table `src/routes.json` (`routes.rs`, included by `src/routes/mod.rs`),
//!   the one place a screen is declared.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

#[path = "src/routes/codegen.rs"]
mod codegen;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-env-changed=ZEINET_NCALAYER_URL");

    // A split build keeps the linker's relocations: wasm-split needs them to move each lazy
    // route's code into its own chunk (scripts/trunk-post-build.py).
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo::rerun-if-changed=src/routes.json");
    println!("cargo::rerun-if-changed=src/routes/codegen.rs");
    let table = std::fs::read_to_string("src/routes.json").expect("src/routes.json read");
    let routes = codegen::generate(&table).unwrap_or_else(|e| panic!("src/routes.json: {e}"));
    std::fs::write(out_dir.join("routes.rs"), routes).expect("routes.rs written");

    let out = out_dir.join("i18n");
    let config = Config::new("kk")
        .and_then(|c| c.add_locale("ru"))
        .and_then(|c| c.add_locale("en"))
        .expect("locale list")
        // Messages with values ("locked until {{ until }}") are also needed as plain strings,
        // for attributes and alerts built outside a view.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config).expect("locales/*.json parse");
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations
        .generate_i18n_module(out)
        .expect("i18n module written");
}
