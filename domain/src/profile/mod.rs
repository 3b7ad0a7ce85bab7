//! The master profile: a person's career once (basics, ordered sections, skills), the source of CV
//! versions, the public page and job match scores.

mod completeness;
mod forms;
mod month;
mod slug;

use serde::{Deserialize, Serialize};

use crate::ids::{EntryId, SkillId};
use crate::tracker::WorkArrangement;

pub use completeness::{Completeness, NextStep, completeness};
pub use forms::{
    BasicsForm, BasicsInput, EntryForm, EntryInput, MAX_ENTRIES_PER_SECTION, MAX_SKILLS,
    PublishingForm, PublishingInput, SkillForm, SkillInput,
};
pub use month::{Month, span_label};
pub use slug::{Slug, SlugError};

text_enum!(
    /// Who can see the public page.
    Visibility {
        Private = "private" / "Private: only you",
        Link = "link" / "Anyone with the link",
        Public = "public" / "Public: anyone, and search engines",
    }
);

text_enum!(
    /// The ordered lists a profile is made of (skills have their own table and type).
    Section {
        Experience = "experience" / "Experience",
        Education = "education" / "Education",
        Certification = "certification" / "Certifications",
        Project = "project" / "Projects",
        Achievement = "achievement" / "Achievements",
        Language = "language" / "Languages",
        Goal = "goal" / "Career goals",
    }
);

text_enum!(SkillCategory {
    Technical = "technical" / "Technical",
    Tool = "tool" / "Tool",
    Soft = "soft" / "Soft skill",
    Language = "language" / "Language",
});

text_enum!(EmploymentType {
    FullTime = "full_time" / "Full-time",
    PartTime = "part_time" / "Part-time",
    Contract = "contract" / "Contract",
    Freelance = "freelance" / "Freelance",
    Internship = "internship" / "Internship",
    Temporary = "temporary" / "Temporary",
});

text_enum!(
    /// CEFR levels, and a mother tongue.
    LanguageLevel {
        A1 = "a1" / "A1 (beginner)",
        A2 = "a2" / "A2 (elementary)",
        B1 = "b1" / "B1 (intermediate)",
        B2 = "b2" / "B2 (upper intermediate)",
        C1 = "c1" / "C1 (advanced)",
        C2 = "c2" / "C2 (proficient)",
        Native = "native" / "Native",
    }
);

text_enum!(GoalKind {
    NewJob = "new_job" / "A new job",
    Promotion = "promotion" / "A promotion",
    SkillDevelopment = "skill_development" / "Developing a skill",
});

text_enum!(GoalTimeframe {
    ThreeMonths = "3_months" / "Within 3 months",
    SixMonths = "6_months" / "Within 6 months",
    TwelveMonths = "12_months" / "Within 12 months",
});

text_enum!(GoalStatus {
    Active = "active" / "Working on it",
    Achieved = "achieved" / "Achieved",
    Dropped = "dropped" / "Dropped",
});

impl Section {
    /// The label of an item's name in this section's form.
    pub fn title_label(self) -> &'static str {
        match self {
            Self::Experience => "Position",
            Self::Education => "Institution",
            Self::Certification => "Certificate",
            Self::Project => "Project name",
            Self::Achievement => "Achievement",
            Self::Language => "Language",
            Self::Goal => "Target title",
        }
    }

    /// The label of the organisation field, for sections that have one.
    pub fn organisation_label(self) -> Option<&'static str> {
        match self {
            Self::Experience => Some("Company"),
            Self::Certification => Some("Issuer"),
            Self::Project => Some("Client"),
            _ => None,
        }
    }

    /// The labels of the two month fields, for sections with dates (achievements have one).
    pub fn month_labels(self) -> Option<(&'static str, Option<&'static str>)> {
        match self {
            Self::Experience | Self::Education | Self::Project => Some(("Start", Some("End"))),
            Self::Certification => Some(("Issued", Some("Expires"))),
            Self::Achievement => Some(("Date", None)),
            Self::Language | Self::Goal => None,
        }
    }

    /// "Add an experience" …
    pub fn add_label(self) -> &'static str {
        match self {
            Self::Experience => "Add a position",
            Self::Education => "Add education",
            Self::Certification => "Add a certification",
            Self::Project => "Add a project",
            Self::Achievement => "Add an achievement",
            Self::Language => "Add a language",
            Self::Goal => "Add a career goal",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperienceDetails {
    pub employment_type: Option<EmploymentType>,
    pub location: Option<String>,
    /// Still there: the span reads "– present" and there is no end month.
    pub current: bool,
    pub description: Option<String>,
    pub highlights: Vec<String>,
    pub technologies: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationDetails {
    pub degree: Option<String>,
    pub field: Option<String>,
    pub grade: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationDetails {
    pub credential_id: Option<String>,
    pub credential_url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetails {
    pub role: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub technologies: Vec<String>,
    /// Shown instead of the client's name everywhere but the editor ("a European bank").
    pub client_alias: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementDetails {
    pub description: Option<String>,
    /// What it measurably changed ("cut build times by 40 %").
    pub result: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageDetails {
    pub level: LanguageLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalDetails {
    pub kind: GoalKind,
    pub timeframe: GoalTimeframe,
    pub status: GoalStatus,
}

/// What an item of each section holds besides its name, organisation and months. Serde's
/// default form (the variant, then its fields), which page data's postcard can read; the database
/// keeps it in its own form (core's `profile::models`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryDetails {
    Experience(ExperienceDetails),
    Education(EducationDetails),
    Certification(CertificationDetails),
    Project(ProjectDetails),
    Achievement(AchievementDetails),
    Language(LanguageDetails),
    Goal(GoalDetails),
}

impl EntryDetails {
    pub fn section(&self) -> Section {
        match self {
            Self::Experience(_) => Section::Experience,
            Self::Education(_) => Section::Education,
            Self::Certification(_) => Section::Certification,
            Self::Project(_) => Section::Project,
            Self::Achievement(_) => Section::Achievement,
            Self::Language(_) => Section::Language,
            Self::Goal(_) => Section::Goal,
        }
    }

    pub fn description(&self) -> Option<&str> {
        match self {
            Self::Experience(details) => details.description.as_deref(),
            Self::Education(details) => details.description.as_deref(),
            Self::Project(details) => details.description.as_deref(),
            Self::Achievement(details) => details.description.as_deref(),
            Self::Certification(_) | Self::Language(_) | Self::Goal(_) => None,
        }
    }
}

/// One item of a section, as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub visible: bool,
    pub title: String,
    pub organisation: Option<String>,
    pub starts_on: Option<Month>,
    pub ends_on: Option<Month>,
    pub details: EntryDetails,
}

impl Entry {
    pub fn section(&self) -> Section {
        self.details.section()
    }

    /// The organisation as shown outside the editor: a project's client alias replaces the name.
    pub fn shown_organisation(&self) -> Option<&str> {
        match &self.details {
            EntryDetails::Project(ProjectDetails {
                client_alias: Some(alias),
                ..
            }) => Some(alias),
            _ => self.organisation.as_deref(),
        }
    }

    /// "Mar 2021 – present".
    pub fn span(&self) -> String {
        let current = matches!(&self.details, EntryDetails::Experience(details) if details.current);
        span_label(self.starts_on, self.ends_on, current)
    }

    /// The line under the title: "Full-time · Berlin", "B2 (upper intermediate)", …
    pub fn subtitle(&self) -> Option<String> {
        let parts: Vec<String> = match &self.details {
            EntryDetails::Experience(details) => [
                details.employment_type.map(|kind| kind.label().to_owned()),
                details.location.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
            EntryDetails::Education(details) => [details.degree.clone(), details.field.clone()]
                .into_iter()
                .flatten()
                .collect(),
            EntryDetails::Certification(details) => details
                .credential_id
                .iter()
                .map(|id| format!("Credential {id}"))
                .collect(),
            EntryDetails::Project(details) => details.role.iter().cloned().collect(),
            EntryDetails::Achievement(details) => details.result.iter().cloned().collect(),
            EntryDetails::Language(details) => vec![details.level.label().to_owned()],
            EntryDetails::Goal(details) => vec![
                details.kind.label().to_owned(),
                details.timeframe.label().to_owned(),
                details.status.label().to_owned(),
            ],
        };
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// A skill as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    pub id: SkillId,
    pub name: String,
    pub category: SkillCategory,
    pub level: Option<i16>,
    pub years: Option<i16>,
    pub primary: bool,
    pub visible: bool,
}

impl Skill {
    pub fn to_form(&self) -> SkillForm {
        SkillForm {
            name: self.name.clone(),
            category: self.category.as_str().to_owned(),
            level: self
                .level
                .map(|level| level.to_string())
                .unwrap_or_default(),
            years: self
                .years
                .map(|years| years.to_string())
                .unwrap_or_default(),
            primary: self.primary.then(|| "on".to_owned()),
            visible: self.visible.then(|| "on".to_owned()),
        }
    }
}

/// The profile's own fields (everything but the sections and skills).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basics {
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub email_shown: bool,
    pub phone: Option<String>,
    pub website_url: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub target_roles: Vec<String>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub willing_to_relocate: bool,
    pub notice_weeks: Option<i16>,
}

/// Where the public page is and who can see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publishing {
    pub slug: String,
    pub visibility: Visibility,
    /// A link-only address exists (its key was shown once, when it was made).
    pub has_link: bool,
}

/// One section's items in the owner's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionItems {
    pub section: Section,
    pub entries: Vec<Entry>,
}

/// Everything the editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub display_name: String,
    pub email: String,
    pub basics: Basics,
    pub publishing: Publishing,
    /// Every section, in [`Section::ALL`] order, empty ones included.
    pub sections: Vec<SectionItems>,
    pub skills: Vec<Skill>,
}

impl ProfileView {
    pub fn entries(&self, section: Section) -> &[Entry] {
        self.sections
            .iter()
            .find(|items| items.section == section)
            .map(|items| items.entries.as_slice())
            .unwrap_or_default()
    }
}

/// What an anonymous visitor of /p/{slug} sees: only what the owner made visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub slug: String,
    pub name: String,
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    /// Only when the owner chose to show it.
    pub email: Option<String>,
    pub website_url: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    /// Visible items only, sections in order, empty sections left out. Career goals are private
    /// to the owner and never appear here.
    pub sections: Vec<SectionItems>,
    pub skills: Vec<Skill>,
    /// Search engines may index it (public, not link-only).
    pub indexable: bool,
    /// The page's absolute address, without a link key (Open Graph, JSON-LD).
    pub url: String,
    /// The schema.org `Person` of what the page shows, as JSON-LD text.
    pub structured_data: String,
}

/// How many items of one kind an import adds, and how many it finds already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCount {
    /// "Experience", "Skills" …
    pub what: String,
    pub added: usize,
    pub already_there: usize,
    /// A few of the names being added.
    pub examples: Vec<String>,
}

/// What importing a file would do (before), or did (after).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// "LinkedIn export Basic_LinkedInDataExport.zip".
    pub source: String,
    /// The profile details it fills in (only empty ones are filled).
    pub basics: Vec<String>,
    pub counts: Vec<ImportCount>,
    /// Items left out, with why.
    pub skipped: Vec<String>,
}

impl ImportPreview {
    pub fn adds_anything(&self) -> bool {
        !self.basics.is_empty() || self.counts.iter().any(|count| count.added > 0)
    }
}

/// The answer to a visitor of /p/{slug}.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicPage {
    Shown(Box<PublicProfile>),
    /// The slug changed; the profile lives at the new one.
    Moved {
        slug: String,
    },
}

text_enum!(
    /// Direction of an up/down button.
    MoveDirection {
    Up = "up" / "Move up",
        Down = "down" / "Move down",
    }
);
