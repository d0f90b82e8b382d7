/// An id usable in `id`/`aria-controls` whatever the backend's id holds.
///
/// ```
/// assert_eq!(zeinet::components::element_id("details", "A/1 2"), "details-A-1-2");
/// ```
pub fn element_id(prefix: &str, id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{safe}")
}
