//! Entry point of the browser app: mounts [`zeinet::App`] on `<body>`.
fn main() {
    leptos::mount::mount_to_body(zeinet::App);
}
