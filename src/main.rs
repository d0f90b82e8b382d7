//! Entry point of the browser app: mounts [`zeinet::App`] on `<body>`.
fn main() {
    // Development builds say why they panicked in the console (release builds abort quietly,
    // and stay smaller without the formatting machinery).
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("{info}")));
    leptos::mount::mount_to_body(zeinet::App);
}
