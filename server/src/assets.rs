//! The built front end (`target/site` by default): the wasm bundle, its JS glue and the stylesheet.
//!
//! `cargo xtask dist` names the stylesheet after its content and puts the JS glue, the wasm main
//! module and its lazily loaded chunks into a directory named after theirs, and records both
//! hashes in `pkg/hash.txt`, so the names always match the files served (a debug build clears
//! `pkg`). Hashed files never change, so browsers may cache them for a year; unhashed development
//! builds are revalidated every time.

use std::path::{Path, PathBuf};

use axum::Router;
pub use careerhub_app::AssetHrefs;
use http::{HeaderValue, header};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

pub const OUTPUT_NAME: &str = "careerhub";
pub const PKG_DIR: &str = "pkg";
pub const HASH_FILE: &str = "hash.txt";

#[derive(Debug, Clone)]
pub struct Assets {
    pub hashed: bool,
    /// Where the page finds the stylesheet, the JS glue and the wasm bundle.
    pub hrefs: AssetHrefs,
    pkg_dir: PathBuf,
}

impl Assets {
    pub fn discover(site_root: &Path) -> Self {
        let pkg_dir = site_root.join(PKG_DIR);
        let hashes = std::fs::read_to_string(pkg_dir.join(HASH_FILE)).ok();
        let hash_of = |kind: &str| {
            hashes.as_deref().and_then(|text| {
                text.lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(name, _)| name.trim() == kind)
                    .map(|(_, hash)| hash.trim().to_owned())
            })
        };
        // The JS glue, the wasm main module and its chunks import each other by relative names,
        // so a release bundle is one directory named after its content.
        let bundle = match hash_of("bundle") {
            Some(hash) => format!("/{PKG_DIR}/{hash}"),
            None => format!("/{PKG_DIR}"),
        };
        let hrefs = AssetHrefs {
            stylesheet: match hash_of("css") {
                Some(hash) => format!("/{PKG_DIR}/{OUTPUT_NAME}.{hash}.css"),
                None => format!("/{PKG_DIR}/{OUTPUT_NAME}.css"),
            },
            script: format!("{bundle}/{OUTPUT_NAME}.js"),
            wasm: format!("{bundle}/{OUTPUT_NAME}_bg.wasm"),
        };
        if !pkg_dir.is_dir() {
            tracing::warn!(
                dir = %pkg_dir.display(),
                "the front-end bundle is missing: pages render but do not hydrate. Build it with `cargo xtask build`."
            );
        }
        Self {
            hashed: hashes.is_some(),
            hrefs,
            pkg_dir,
        }
    }

    /// Serves `/pkg/*`, preferring the brotli or gzip file written next to each asset at build time.
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let cache_control = if self.hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let files = ServeDir::new(&self.pkg_dir)
            .precompressed_br()
            .precompressed_gzip();
        Router::new()
            .nest_service(&format!("/{PKG_DIR}"), files)
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ))
    }
}
