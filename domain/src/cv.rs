//! CV versions: what a person chooses from their profile for one CV, and the document that is
//! rendered from it (the same [`CvDocument`] feeds the HTML preview, the PDF, the DOCX and the
//! text formats, so they never disagree about what a version contains).

use serde::{Deserialize, Serialize};

use crate::FormError;
use crate::fields::FormReader;
use crate::ids::{CvVersionId, EntryId, SkillId};
use crate::profile::Section;

text_enum!(
    /// The look of a CV. Every template prints the same content.
    Template {
        Classic = "classic" / "Classic",
        Modern = "modern" / "Modern",
        Compact = "compact" / "Compact",
    }
);

impl Template {
    pub fn description(self) -> &'static str {
        match self {
            Self::Classic => {
                "One column in a serif face, plain headings: what applicant tracking systems read best."
            }
            Self::Modern => "Two columns: contact details and skills in a tinted side column.",
            Self::Compact => "Small type and tight spacing, to fit a career on one page.",
        }
    }
}

text_enum!(PageSize {
    A4 = "a4" / "A4",
    Letter = "letter" / "US Letter",
});

impl PageSize {
    /// Letter where it is the norm (the Americas that use it and the Philippines), A4 elsewhere.
    /// `locale` is a BCP 47 tag such as "en-US" (an underscore works too).
    pub fn for_locale(locale: &str) -> Self {
        let region = locale
            .split(['-', '_'])
            .skip(1)
            .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()));
        match region.map(str::to_ascii_uppercase).as_deref() {
            Some("US" | "CA" | "MX" | "PH" | "CL" | "CO" | "VE" | "GT" | "PR") => Self::Letter,
            _ => Self::A4,
        }
    }
}

text_enum!(
    /// The files a CV downloads as. The value is the file extension.
    CvFormat {
        Pdf = "pdf" / "PDF",
        Docx = "docx" / "Word (DOCX)",
        Markdown = "md" / "Markdown",
        Text = "txt" / "Plain text",
        JsonResume = "json" / "JSON Resume",
    }
);

impl CvFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Text => "text/plain; charset=utf-8",
            Self::JsonResume => "application/json",
        }
    }
}

/// The profile sections a CV can show, in the order a new version shows them. Career goals stay
/// private: no CV prints them.
pub const CV_SECTIONS: [Section; 6] = [
    Section::Experience,
    Section::Project,
    Section::Education,
    Section::Certification,
    Section::Achievement,
    Section::Language,
];

/// At most this many versions per person: plenty for one per application, few enough to list.
pub const MAX_CV_VERSIONS: i64 = 200;

/// A version's own settings (what it includes is [`CvContents`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvSettings {
    pub name: String,
    pub template: Template,
    /// None: from the owner's locale.
    pub page_size: Option<PageSize>,
    /// None: the profile's headline.
    pub headline: Option<String>,
    /// None: the profile's summary.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CvSettingsForm {
    pub name: String,
    pub template: String,
    /// "" for "from my locale".
    pub page_size: String,
    pub headline: String,
    pub summary: String,
}

impl CvSettingsForm {
    pub fn parse(&self) -> Result<CvSettings, FormError> {
        let mut form = FormReader::new();
        let name = form.required("name", &self.name, 100, "Give this version a name.");
        let template = form.choice("template", &self.template, Template::parse);
        let page_size = form.optional_choice("page_size", &self.page_size, PageSize::parse);
        let headline = form.optional("headline", &self.headline, 200);
        let summary = form.optional("summary", &self.summary, 5000);
        form.finish(CvSettings {
            name,
            template: template.unwrap_or(Template::Classic),
            page_size,
            headline,
            summary,
        })
    }
}

impl CvSettings {
    pub fn to_form(&self) -> CvSettingsForm {
        CvSettingsForm {
            name: self.name.clone(),
            template: self.template.as_str().to_owned(),
            page_size: self
                .page_size
                .map(PageSize::as_str)
                .unwrap_or("")
                .to_owned(),
            headline: self.headline.clone().unwrap_or_default(),
            summary: self.summary.clone().unwrap_or_default(),
        }
    }
}

/// What a version includes: sections in order, profile items and skills by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvContents {
    pub sections: Vec<Section>,
    pub entries: Vec<EntryId>,
    pub skills: Vec<SkillId>,
    /// Skills shown first and marked.
    pub highlighted: Vec<SkillId>,
    pub show_skills: bool,
}

/// One version in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvVersionSummary {
    pub id: CvVersionId,
    pub name: String,
    pub template: Template,
    pub items: i64,
    /// "2026-12-03".
    pub updated_on: String,
    /// The company of the application it was tailored for.
    pub tailored_for: Option<String>,
}

/// A profile item as the version editor lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvItemChoice {
    pub id: EntryId,
    pub section: Section,
    pub title: String,
    pub subtitle: Option<String>,
    pub included: bool,
    /// The highlights this version prints instead of the profile's, when reworded.
    pub highlights: Option<Vec<String>>,
    /// The profile's own highlights.
    pub profile_highlights: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvSkillChoice {
    pub id: SkillId,
    pub name: String,
    pub included: bool,
    pub highlighted: bool,
}

/// The version editor's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvVersionView {
    pub id: CvVersionId,
    pub settings: CvSettings,
    /// The page size printed (the setting, or the locale's).
    pub page_size: PageSize,
    /// Every CV section in this version's order; shown ones first.
    pub sections: Vec<(Section, bool)>,
    pub show_skills: bool,
    pub items: Vec<CvItemChoice>,
    pub skills: Vec<CvSkillChoice>,
    /// The application it was tailored for, with its company and role.
    pub tailored_for: Option<(crate::ids::ApplicationId, String)>,
}

/// Highlights reworded for one version: one per line; empty means the profile's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HighlightsForm {
    pub highlights: String,
}

impl HighlightsForm {
    pub fn parse(&self) -> Result<Option<Vec<String>>, FormError> {
        let mut form = FormReader::new();
        let lines = form.lines("highlights", &self.highlights, 30, 500);
        form.finish((!lines.is_empty()).then_some(lines))
    }
}

/// Everything a CV prints, resolved from the profile and the version: the input of every
/// renderer. Text here is plain text; each renderer escapes it for its own format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvDocument {
    pub template: Template,
    pub page_size: PageSize,
    pub name: String,
    pub headline: Option<String>,
    /// Email, phone, location, in the order printed.
    pub contact: Vec<String>,
    pub links: Vec<CvLink>,
    pub summary: Option<String>,
    pub sections: Vec<CvSection>,
    /// Highlighted skills first.
    pub skills: Vec<CvSkill>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvLink {
    /// "LinkedIn", "GitHub", "Website".
    pub label: String,
    pub url: String,
    /// The address without its scheme, as printed.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvSection {
    /// The profile section's value ("experience"): templates place sections by it.
    pub key: String,
    pub title: String,
    pub items: Vec<CvItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvItem {
    pub title: String,
    pub organisation: Option<String>,
    /// "Mar 2021 – present".
    pub span: Option<String>,
    /// "Full-time · Berlin", "B.Sc. Computer Science", "C1 (advanced)".
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub highlights: Vec<String>,
    pub technologies: Vec<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvSkill {
    pub name: String,
    pub highlighted: bool,
}

/// The address printed for a link: without its scheme, "www." or a trailing slash.
pub fn link_text(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    bare.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_where_it_is_the_norm_and_a4_elsewhere() {
        assert_eq!(PageSize::for_locale("en-US"), PageSize::Letter);
        assert_eq!(PageSize::for_locale("fr_CA"), PageSize::Letter);
        assert_eq!(PageSize::for_locale("es-419-MX"), PageSize::Letter);
        assert_eq!(PageSize::for_locale("en-GB"), PageSize::A4);
        assert_eq!(PageSize::for_locale("en"), PageSize::A4);
        assert_eq!(PageSize::for_locale("pl-PL"), PageSize::A4);
        assert_eq!(PageSize::for_locale("zh-Hant-TW"), PageSize::A4);
    }

    #[test]
    fn settings_form_names_each_bad_field() {
        let form = CvSettingsForm {
            name: " ".into(),
            template: "fancy".into(),
            page_size: "a3".into(),
            ..Default::default()
        };
        let error = form.parse().unwrap_err();
        for field in ["name", "template", "page_size"] {
            assert!(error.fields.contains_key(field), "{field}: {error:?}");
        }
        let ok = CvSettingsForm {
            name: "Backend roles".into(),
            template: "modern".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.template, Template::Modern);
        assert_eq!(ok.page_size, None);
    }

    #[test]
    fn links_print_without_their_scheme() {
        assert_eq!(link_text("https://www.example.com/"), "example.com");
        assert_eq!(link_text("https://github.com/ada"), "github.com/ada");
    }
}
