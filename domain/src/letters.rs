//! Cover letters: templates with `{{placeholders}}`, letters whose every save is a version, and
//! the copies of a CV and a letter an application went out with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FormError;
use crate::cv::{CvDocument, PageSize};
use crate::fields::FormReader;
use crate::ids::{ApplicationId, CvVersionId, LetterId, LetterTemplateId, SentDocumentId};

/// Every placeholder a letter may use, with what fills it.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("company", "the application's company"),
    ("position", "the application's role"),
    (
        "hiring_manager",
        "the hiring manager linked to the application (else “Hiring Manager”)",
    ),
    ("my_name", "your name"),
    ("my_email", "your email address"),
    ("my_phone", "your phone number from the profile"),
    ("my_headline", "your profile's headline"),
    ("top_skills", "your first three skills"),
    ("today", "today's date"),
];

pub const MAX_LETTER_CHARS: usize = 20_000;

/// The placeholders `text` uses, in order of first use; `{{ company }}` is `company`.
pub fn placeholders_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim().to_owned();
        if !found.contains(&name) {
            found.push(name);
        }
        rest = &after[end + 2..];
    }
    found
}

/// Why `text` cannot be saved as a letter or template: a placeholder nobody fills, named with the
/// closest real one.
pub fn unknown_placeholder(text: &str) -> Option<String> {
    let unknown = placeholders_in(text)
        .into_iter()
        .find(|name| !PLACEHOLDERS.iter().any(|(known, _)| known == name))?;
    let closest = PLACEHOLDERS
        .iter()
        .map(|(known, _)| (strsim::jaro_winkler(known, &unknown), *known))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.75)
        .map(|(_, known)| format!(" Did you mean {{{{{known}}}}}?"))
        .unwrap_or_default();
    Some(format!(
        "{{{{{unknown}}}}} is not a placeholder.{closest} Placeholders: {}.",
        PLACEHOLDERS
            .iter()
            .map(|(name, _)| format!("{{{{{name}}}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// `text` with each known placeholder replaced by its value in `values`.
pub fn fill(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        match values.get(after[..end].trim()) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn body(form: &mut FormReader, name: &str, value: &str) -> String {
    let text = form.required(name, value, MAX_LETTER_CHARS, "Write the letter's text.");
    if let Some(message) = unknown_placeholder(&text) {
        form.fail(name, message);
    }
    text
}

/// A letter's text and title, saved as its newest version.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterForm {
    pub title: String,
    pub body: String,
    /// An application id, or "" for none.
    pub application: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterInput {
    pub title: String,
    pub body: String,
    pub application: Option<ApplicationId>,
}

impl LetterForm {
    pub fn parse(&self) -> Result<LetterInput, FormError> {
        let mut form = FormReader::new();
        let title = form.required("title", &self.title, 200, "Give the letter a title.");
        let body = body(&mut form, "body", &self.body);
        let application =
            form.optional_choice("application", &self.application, |id| id.parse().ok());
        form.finish(LetterInput {
            title,
            body,
            application,
        })
    }
}

/// A new letter from a template.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewLetterForm {
    pub title: String,
    pub template: String,
    pub application: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLetter {
    pub title: String,
    pub template: LetterTemplateId,
    pub application: Option<ApplicationId>,
}

impl NewLetterForm {
    pub fn parse(&self) -> Result<NewLetter, FormError> {
        let mut form = FormReader::new();
        let title = form.required("title", &self.title, 200, "Give the letter a title.");
        let template = form.choice("template", &self.template, |id| id.parse().ok());
        let application =
            form.optional_choice("application", &self.application, |id| id.parse().ok());
        let template = template.unwrap_or(LetterTemplateId(uuid::Uuid::nil()));
        form.finish(NewLetter {
            title,
            template,
            application,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterTemplateForm {
    pub name: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterTemplateInput {
    pub name: String,
    pub body: String,
}

impl LetterTemplateForm {
    pub fn parse(&self) -> Result<LetterTemplateInput, FormError> {
        let mut form = FormReader::new();
        let name = form.required("name", &self.name, 100, "Give the template a name.");
        let body = body(&mut form, "body", &self.body);
        form.finish(LetterTemplateInput { name, body })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterTemplate {
    pub id: LetterTemplateId,
    pub name: String,
    pub body: String,
    /// The person's own (editable); otherwise one of the defaults.
    pub own: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSummary {
    pub id: LetterId,
    pub title: String,
    /// "Rust engineer at Acme".
    pub application: Option<String>,
    pub versions: i32,
    pub updated_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterVersionInfo {
    pub number: i32,
    /// "2026-12-03 14:05 UTC".
    pub saved_at: String,
    pub chars: usize,
}

/// A letter as its editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterView {
    pub id: LetterId,
    pub title: String,
    pub application: Option<(ApplicationId, String)>,
    /// The newest version's text, placeholders and all.
    pub body: String,
    pub number: i32,
    /// Newest first.
    pub versions: Vec<LetterVersionInfo>,
    /// The text as it prints.
    pub filled: String,
    /// Placeholders that print their fallback because nothing fills them yet.
    pub unfilled: Vec<String>,
}

/// One line of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

/// What a letter or CV prints; the input of the letter renderers and of a sent letter's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterDocument {
    pub page_size: PageSize,
    pub sender: String,
    /// Email, phone, location.
    pub sender_lines: Vec<String>,
    /// "3 December 2026".
    pub date: String,
    pub recipient: Option<String>,
    pub title: String,
    /// Filled text: paragraphs separated by blank lines.
    pub body: String,
}

text_enum!(SentKind {
    Cv = "cv" / "CV",
    CoverLetter = "cover_letter" / "Cover letter",
});

/// The copy an application went out with, as the application page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentDocument {
    pub id: SentDocumentId,
    pub kind: SentKind,
    pub name: String,
    /// "2026-12-03".
    pub sent_on: String,
    /// The version or letter it was copied from, while it exists.
    pub source: Option<String>,
    /// How the source reads now compared with the copy: None when it is gone; empty when nothing
    /// changed.
    pub changed_since: Option<Vec<DiffLine>>,
}

/// What the application page offers to record as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentChoices {
    pub sent: Vec<SentDocument>,
    pub cv_versions: Vec<(CvVersionId, String)>,
    pub letters: Vec<(LetterId, String)>,
}

/// What a sent copy holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SentContent {
    Cv(CvDocument),
    Letter(LetterDocument),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_filled_and_checked() {
        let text = "Dear {{ hiring_manager }}, the {{position}} role at {{company}} ({{company}}).";
        assert_eq!(
            placeholders_in(text),
            ["hiring_manager", "position", "company"]
        );
        let values: BTreeMap<String, String> = [("company", "Acme"), ("position", "Engineer")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            fill(text, &values),
            "Dear {{ hiring_manager }}, the Engineer role at Acme (Acme)."
        );
        assert_eq!(unknown_placeholder(text), None);
        let message = unknown_placeholder("At {{compnay}}").unwrap();
        assert!(
            message.starts_with("{{compnay}} is not a placeholder. Did you mean {{company}}?"),
            "{message}"
        );
        // A stray brace is text.
        assert_eq!(fill("a {{ b", &values), "a {{ b");
    }

    #[test]
    fn a_letter_with_an_unknown_placeholder_is_refused_next_to_its_text() {
        let form = LetterForm {
            title: "Acme".into(),
            body: "Hello {{recruiter}}".into(),
            application: String::new(),
        };
        let error = form.parse().unwrap_err();
        assert!(error.fields["body"].contains("{{recruiter}} is not a placeholder"));
    }
}
