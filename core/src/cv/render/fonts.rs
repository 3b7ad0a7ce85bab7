//! The fonts a CV or letter is typeset with: Inter (shipped in `core/fonts`), the serif faces of
//! `typst-assets`, and a CJK font from the system when one is installed (none is shipped: they
//! are tens of megabytes). Every font used is embedded in the PDF.

use std::path::Path;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

const INTER: [&[u8]; 5] = [
    include_bytes!("../../../fonts/Inter-Regular.otf"),
    include_bytes!("../../../fonts/Inter-Italic.otf"),
    include_bytes!("../../../fonts/Inter-SemiBold.otf"),
    include_bytes!("../../../fonts/Inter-SemiBoldItalic.otf"),
    include_bytes!("../../../fonts/Inter-Bold.otf"),
];

/// Where distributions install a CJK font, best first (Debian/Ubuntu, then Fedora and Alpine).
const CJK_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// The system's CJK font, if one of the known ones is installed.
pub fn cjk_font() -> Option<&'static Path> {
    CJK_CANDIDATES
        .iter()
        .map(Path::new)
        .find(|path| path.is_file())
}

/// Every face, parsed once per process.
pub fn all() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts: Vec<Font> = INTER
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        if let Some(path) = cjk_font() {
            match std::fs::read(path) {
                Ok(data) => fonts.extend(Font::iter(Bytes::new(data))),
                Err(err) => tracing::warn!(path = %path.display(), %err, "CJK font unreadable"),
            }
        }
        fonts
    })
}
