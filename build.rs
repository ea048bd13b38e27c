//! Rebuilds rajat when the files it embeds change: `include_dir!` cannot tell
//! Cargo about them on stable Rust, so without this an edited guide or theme
//! would be missing from `rajat init` and from builds until some Rust file changed.

fn main() {
    for path in ["content", "themes/default", "site.yaml"] {
        println!("cargo::rerun-if-changed={path}");
    }
}
