//! The owner's brand (`brand:` in site.yaml) on the theme: the accent
//! colour as a small generated stylesheet (the theme's `brand.css`
//! template fills in the colours computed here), and the logo.
//!
//! Links, buttons and highlights are drawn in the accent, so it must be
//! readable where the theme shows it: at least 4.5:1 against every
//! background the theme lists in its `theme.yaml` (WCAG 2 AA for text).
//! A colour that falls short is an error at its line of site.yaml, with a
//! shade that passes. The dark-mode accent, unless given, is made from the
//! light one; the soft tints behind highlighted text are made from both.

use minijinja::{Value, context};

use crate::config::{Brand, CONFIG_FILE, Colour};
use crate::error::{Diagnostic, find_key_line};
use crate::site::Site;
use crate::theme::{Theme, template_diagnostic};

/// The theme's template for the brand's stylesheet.
pub const TEMPLATE: &str = "brand.css";

/// What WCAG 2 AA asks of text against its background.
pub const AA: f64 = 4.5;

/// `site.brand` for templates: `logo` (its address) and `stylesheet` (the
/// generated `brand.css`), each only when there is one.
pub fn site_value(site: &Site, theme: &Theme) -> Value {
    let brand = site.config.brand.as_ref();
    let logo = brand.and_then(|b| b.logo.as_deref()).map(|l| site.config.url(l));
    let stylesheet = stylesheet_wanted(site, theme).then(|| site.config.url(TEMPLATE));
    context! { logo => logo, stylesheet => stylesheet }
}

fn stylesheet_wanted(site: &Site, theme: &Theme) -> bool {
    let accent = site.config.brand.as_ref().is_some_and(|b| b.accent.is_some() || b.accent_dark.is_some());
    // A stylesheet of the site's own by that name wins.
    accent && theme.has_template(TEMPLATE) && !theme.statics.contains_key(TEMPLATE)
}

/// The accent in each mode, and the tints made from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub light: Colour,
    pub light_soft: Colour,
    pub dark: Colour,
    pub dark_soft: Colour,
}

/// Checks the brand against the theme: the logo is a file of the site, and
/// the accents are readable on the theme's backgrounds.
pub fn check(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let Some(brand) = &site.config.brand else { return Vec::new() };
    let mut problems = Vec::new();
    if let Some(logo) = &brand.logo
        && !theme.statics.contains_key(logo)
        && !site.assets.contains(logo)
    {
        problems
            .push(at_brand_key(site, "logo", format!("there is no file `{logo}` for the logo")).hint(format!(
                "put the logo at `static/{logo}`; `logo:` is its path inside `static/` (or `content/`)"
            )));
    }
    if let Err(d) = palette(site, theme, brand) {
        problems.push(d);
    }
    problems
}

/// The colours of the brand on this theme, or the problem with them.
pub fn palette(site: &Site, theme: &Theme, brand: &Brand) -> Result<Option<Palette>, Diagnostic> {
    let parse = |list: &[String]| list.iter().filter_map(|c| Colour::parse(c)).collect::<Vec<_>>();
    let (light_bgs, dark_bgs) = (parse(&theme.backgrounds.light), parse(&theme.backgrounds.dark));
    let (Some(&light_bg), Some(&dark_bg)) = (light_bgs.first(), dark_bgs.first()) else {
        // A theme that names no backgrounds cannot be checked, and shows the accent as given.
        return Ok(brand.accent.or(brand.accent_dark).map(|a| Palette {
            light: a,
            light_soft: a,
            dark: a,
            dark_soft: a,
        }));
    };
    let light = match brand.accent {
        Some(accent) => {
            readable(site, "accent", accent, &light_bgs, "light", Colour([0, 0, 0]))?;
            accent
        }
        None => return Ok(None),
    };
    let dark = match brand.accent_dark {
        Some(accent) => {
            readable(site, "accent_dark", accent, &dark_bgs, "dark", Colour([255, 255, 255]))?;
            accent
        }
        // The light accent, lightened until it reads on every dark background.
        None => shade_until(light, Colour([255, 255, 255]), |c| worst(c, &dark_bgs) >= AA),
    };
    // Tints as faint as needed for the accent on them to keep its 4.5:1.
    let light_soft = tint(light, light_bg);
    let dark_soft = tint(dark, dark_bg);
    Ok(Some(Palette { light, light_soft, dark, dark_soft }))
}

/// Fails unless `colour` reads on every one of `backgrounds`, suggesting a shade towards `towards` that does.
fn readable(
    site: &Site,
    key: &str,
    colour: Colour,
    backgrounds: &[Colour],
    mode: &str,
    towards: Colour,
) -> Result<(), Diagnostic> {
    let (ratio, against) = backgrounds
        .iter()
        .map(|&bg| (contrast(colour, bg), bg))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap_or((21.0, colour));
    if ratio >= AA {
        return Ok(());
    }
    let better = shade_until(colour, towards, |c| worst(c, backgrounds) >= AA);
    let direction = if towards == Colour([0, 0, 0]) { "darker" } else { "lighter" };
    let message = format!(
        "the {key} `{}` is too {} for the theme's {mode} background: {ratio:.1}:1 against {}, and links and buttons need 4.5:1 (WCAG AA)",
        colour.hex(),
        if direction == "darker" { "light" } else { "dark" },
        against.hex()
    );
    let also = if key == "accent_dark" { ", or leave `accent_dark` out to have one made from `accent`" } else { "" };
    Err(at_brand_key(site, key, message).hint(format!(
        "use a {direction} shade, such as `{key}: \"{}\"` ({:.1}:1){also}",
        better.hex(),
        worst(better, backgrounds)
    )))
}

/// The lowest contrast of `colour` against any of `backgrounds`.
fn worst(colour: Colour, backgrounds: &[Colour]) -> f64 {
    backgrounds.iter().map(|&bg| contrast(colour, bg)).fold(21.0, f64::min)
}

/// `from` mixed towards `to` in small steps until `good` says it is.
fn shade_until(from: Colour, to: Colour, good: impl Fn(Colour) -> bool) -> Colour {
    (0..=100).map(|step| mix(from, to, f64::from(step) / 100.0)).find(|&c| good(c)).unwrap_or(to)
}

/// A soft background made from `accent` on `bg`, faint enough for `accent` text on it.
fn tint(accent: Colour, bg: Colour) -> Colour {
    (0..=14)
        .rev()
        .map(|percent| mix(bg, accent, f64::from(percent) / 100.0))
        .find(|&soft| contrast(accent, soft) >= AA)
        .unwrap_or(bg)
}

/// `a` moved by `t` (0 to 1) towards `b`.
fn mix(a: Colour, b: Colour, t: f64) -> Colour {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round().clamp(0.0, 255.0) as u8;
    Colour([channel(a.0[0], b.0[0]), channel(a.0[1], b.0[1]), channel(a.0[2], b.0[2])])
}

/// WCAG 2 relative luminance.
fn luminance(c: Colour) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(c.0[0]) + 0.7152 * linear(c.0[1]) + 0.0722 * linear(c.0[2])
}

/// WCAG 2 contrast ratio, 1 to 21.
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A problem with `key` of `brand:` in site.yaml, at its line.
fn at_brand_key(site: &Site, key: &str, message: String) -> Diagnostic {
    let source = &site.config.source;
    let d = Diagnostic::error(message).in_file(CONFIG_FILE);
    let brand = find_key_line(source, "brand").map_or(0, |(line, _)| line - 1);
    let offset: usize = source.lines().take(brand).map(|l| l.len() + 1).sum();
    match find_key_line(&source[offset.min(source.len())..], key) {
        Some((line, col)) => d.at(source, brand + line, col).span(key.len()),
        None => d,
    }
}

/// `brand.css`, when the site has an accent and the theme a template for it.
pub fn stylesheet(site: &Site, theme: &Theme) -> Option<Result<(String, Vec<u8>), Diagnostic>> {
    if !stylesheet_wanted(site, theme) {
        return None;
    }
    let brand = site.config.brand.as_ref()?;
    let palette = match palette(site, theme, brand) {
        Ok(p) => p?,
        Err(d) => return Some(Err(d)),
    };
    let mode = |accent: Colour, soft: Colour| context! { accent => accent.hex(), soft => soft.hex() };
    let context = context! {
        brand => context! {
            light => mode(palette.light, palette.light_soft),
            dark => mode(palette.dark, palette.dark_soft),
        },
    };
    let css = theme
        .env
        .get_template(TEMPLATE)
        .and_then(|t| t.render(context))
        .map_err(|e| template_diagnostic(&e, &theme.templates, None));
    Some(css.map(|css| (TEMPLATE.to_string(), css.into_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Colour([0, 0, 0]), Colour([255, 255, 255])) - 21.0).abs() < 1e-9);
        assert!((contrast(Colour([0x77, 0x77, 0x77]), Colour([255, 255, 255])) - 4.48).abs() < 0.01);
        let dark = mix(Colour([0x1d, 0x6f, 0x5f]), Colour([255, 255, 255]), 0.5);
        assert!(
            contrast(dark, Colour([0x1b, 0x18, 0x16]))
                > contrast(Colour([0x1d, 0x6f, 0x5f]), Colour([0x1b, 0x18, 0x16]))
        );
    }

    #[test]
    fn tints_keep_the_accent_readable() {
        for accent in [Colour([0x9a, 0x3b, 0x26]), Colour([0x1d, 0x5f, 0xd1]), Colour([0x55, 0x55, 0x55])] {
            let soft = tint(accent, Colour([0xfb, 0xf8, 0xf3]));
            assert!(contrast(accent, soft) >= AA, "{} on {}", accent.hex(), soft.hex());
        }
    }
}
