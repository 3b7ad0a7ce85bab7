//! PDF through typst, used as a library: the templates in `templates/` get the document as JSON
//! and lay it out; nothing is downloaded, at build time or at run time.

use std::sync::OnceLock;

use careerhub_domain::cv::{CvDocument, Template};
use careerhub_domain::letters::LetterDocument;
use typst::foundations::{Dict, Value};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::service::Error;

use super::fonts;

/// Every template source, by the name templates import it by.
pub(super) const SOURCES: [(&str, &str); 6] = [
    ("fonts.typ", include_str!("templates/fonts.typ")),
    ("common.typ", include_str!("templates/common.typ")),
    ("letter.typ", include_str!("templates/letter.typ")),
    ("classic.typ", include_str!("templates/classic.typ")),
    ("modern.typ", include_str!("templates/modern.typ")),
    ("compact.typ", include_str!("templates/compact.typ")),
];

fn engine() -> &'static TypstEngine {
    static ENGINE: OnceLock<TypstEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .with_static_source_file_resolver(SOURCES)
            .fonts(fonts::all().iter().cloned())
            // Keep layout results of recent renders: a second render of a similar CV reuses
            // most of the first's work.
            .comemo_evict_max_age(Some(20))
            .build()
    })
}

fn main_file(template: Template) -> &'static str {
    match template {
        Template::Classic => "classic.typ",
        Template::Modern => "modern.typ",
        Template::Compact => "compact.typ",
    }
}

/// Typesets `document`. Synchronous and CPU-bound: call it off the async runtime.
pub fn render(document: &CvDocument) -> Result<Vec<u8>, Error> {
    typeset(main_file(document.template), document)
}

/// Typesets a cover letter.
pub fn render_letter(letter: &LetterDocument) -> Result<Vec<u8>, Error> {
    typeset("letter.typ", letter)
}

/// Lays out `main` with `data` as JSON in `sys.inputs.data`, and writes the PDF.
fn typeset(main: &str, data: &impl serde::Serialize) -> Result<Vec<u8>, Error> {
    let data = serde_json::to_string(data)
        .map_err(|err| Error::internal("encoding a document for typst", err))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Value::Str(data.into()));
    let laid_out: PagedDocument = engine()
        .compile_with_input(main, inputs)
        .output
        .map_err(|err| Error::internal(format!("typesetting {main}"), err))?;
    typst_pdf::pdf(&laid_out, &typst_pdf::PdfOptions::default()).map_err(|diagnostics| {
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.message.to_string())
            .collect();
        Error::broken(format!(
            "writing the PDF of {main}: {}",
            messages.join("; ")
        ))
    })
}
