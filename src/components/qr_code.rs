use leptos::prelude::*;
use qrcode::{Color, QrCode};

/// The QR code of `text` as one SVG path: `(size in modules incl. the quiet zone, path data)`.
/// Pure, so it is host-tested; `None` when the text does not fit a QR code.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    const QUIET: usize = 4;
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (index % width + QUIET, index / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((width + 2 * QUIET, path))
}

/// A QR code drawn as SVG elements (no HTML built from text): crisp at any zoom, an image whose
/// accessible description is the text it holds, for people who cannot scan it.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::api::auth::EgovProcedure;
/// # use zeinet::components::QrCode;
/// # fn demo(procedure: EgovProcedure) -> impl IntoView {
/// view! { <QrCode text=procedure.qr_text label="QR code to sign in eGov mobile" /> }
/// # }
/// ```
#[component]
pub fn QrCode(
    #[prop(into)] text: String,
    #[prop(into)] label: Signal<String>,
    /// The id of the element holding the text (it is rendered visually hidden here).
    #[prop(default = "qr-text")]
    text_id: &'static str,
) -> impl IntoView {
    let drawing = qr_path(&text);
    view! {
        <figure class="qr">
            {drawing
                .map(|(size, path)| {
                    view! {
                        <svg
                            class="qr__image"
                            role="img"
                            aria-label=label
                            aria-describedby=text_id
                            viewBox=format!("0 0 {size} {size}")
                            shape-rendering="crispEdges"
                            xmlns="http://www.w3.org/2000/svg"
                        >
                            <rect width=size.to_string() height=size.to_string() fill="#fff"></rect>
                            <path d=path fill="#000"></path>
                        </svg>
                    }
                })} <figcaption id=text_id class="visually-hidden">
                {text}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::qr_path;

    #[test]
    fn draws_the_dark_modules_inside_a_quiet_zone() {
        let (size, path) = qr_path("mobileSign:http://127.0.0.1:8081/api/egov/sign/abc").unwrap();
        // Version 3 or 4 for a link of this length: 29 or 33 modules, plus 2 × 4 quiet.
        assert!(size == 37 || size == 41, "{size}");
        // The top-left finder pattern starts at the quiet zone's edge.
        assert!(path.starts_with("M4 4h1v1h-1z"));
        assert!(path.matches('M').count() > 200);
        assert!(!path.contains("M0 ") && !path.contains("M1 ") && !path.contains("M2 "));
    }

    #[test]
    fn too_long_a_text_has_no_code() {
        assert!(qr_path(&"x".repeat(8000)).is_none());
    }
}
