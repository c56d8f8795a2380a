//! Embeds the help pages' screenshots (`static/hulp/*.png`) in the binary: lists them in a
//! generated file, so a new or changed screenshot is picked up without editing code.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/hulp");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub const HELP_IMAGES: &[(&str, &[u8])] = &[\n");
    for name in names {
        let path = dir.join(&name);
        let _ = writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(std::io::Error::other)?;
    std::fs::write(Path::new(&out_dir).join("help_images.rs"), out)
}
