//! A QR code as inline SVG: what a printed worksheet or the booklet carries
//! so that a reader holding the paper can open the page on their phone.
//!
//! A leaf module. The SVG has no `style=` (the pages work under
//! `Content-Security-Policy: default-src 'self'`) and no fixed size: the
//! theme sizes it.

use qrcode::{Color, EcLevel, QrCode};

/// `url` as an SVG QR code, labelled for screen readers with `label`, or
/// `None` when it is too long for a QR code.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    // A quiet zone of four modules on every side, as scanners expect.
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + quiet, y + quiet));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    let label = crate::text::escape(label);
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_address_makes_a_small_inline_svg() {
        let svg = svg("https://example.org/guide/worksheets/ideal-client/", "QR code").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert!(!svg.contains("style="), "no inline styles under the CSP");
        assert!(svg.len() < 6_000, "{} bytes", svg.len());
        // Version 4 (33 modules) plus the quiet zone.
        assert!(svg.contains("viewBox=\"0 0 41 41\""), "{svg}");
    }
}
