//! A search of the job postings, as a page address holds it: every search is a URL (the form is
//! a GET form) that reads back into the same [`JobSearch`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{EmploymentType, Salary, SourceKind, Workplace};
use crate::ids::JobPostingId;
use crate::tracker::grouped;

text_enum!(
    JobSort {
        Relevance = "relevance" / "Best match for the words",
        Newest = "newest" / "Newest first",
        Fit = "fit" / "Best fit for my profile",
    }
);

text_enum!(
    /// The least fit for the person's profile a posting must have (the score of
    /// [`super::matching`], out of 100).
    MinFit {
        Half = "50" / "50% or more",
        Good = "70" / "70% or more",
        Strong = "85" / "85% or more",
    }
);

impl MinFit {
    pub fn score(self) -> i32 {
        match self {
            Self::Half => 50,
            Self::Good => 70,
            Self::Strong => 85,
        }
    }
}

text_enum!(
    /// How recent a posting must be.
    PostedWithin {
        Day = "1" / "Past 24 hours",
        Week = "7" / "Past week",
        Month = "30" / "Past month",
    }
);

impl PostedWithin {
    pub fn days(self) -> i64 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            Self::Month => 30,
        }
    }
}

/// What a search asks for. Lenient on purpose: a hand-edited address shows a search, never an
/// error; any words are a valid query (PostgreSQL's `websearch_to_tsquery` reads them).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JobSearch {
    /// Words for title, company and description ("rust -crypto", "\"site reliability\"").
    pub q: Option<String>,
    /// Part of a location ("Berlin", "Remote").
    pub location: Option<String>,
    pub workplace: Option<Workplace>,
    pub employment_type: Option<EmploymentType>,
    /// A yearly figure in any currency: postings paying at least this much (hourly, daily,
    /// weekly and monthly figures counted over a year of work); postings without a salary are
    /// left out.
    pub min_salary: Option<i32>,
    pub posted_within: Option<PostedWithin>,
    /// Part of the company's name.
    pub company: Option<String>,
    pub source: Option<SourceKind>,
    /// Only postings that fit the person's profile at least this well.
    pub min_fit: Option<MinFit>,
    /// None: by relevance when there are words, else newest first.
    pub sort: Option<JobSort>,
    /// Where the next page starts (the previous page's last row), opaque to people.
    pub after: Option<String>,
}

/// Trimmed, inner runs of spaces made one, control characters (NUL) dropped, cut to `limit`.
fn words(value: Option<String>, limit: usize) -> Option<String> {
    value
        .map(|value| value.replace(char::is_control, " "))
        .map(|value| value.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|value| !value.is_empty())
        .map(|value| value.chars().take(limit).collect())
}

impl JobSearch {
    pub const PER_PAGE: i64 = 20;
    /// Totals are counted up to here and shown as "1,000+" beyond.
    pub const COUNT_CAP: i64 = 1000;
    /// Sorting by fit ranks at most the newest this many matches: no index orders by a
    /// per-person score, so a search matching most postings would score every one of them
    /// (about 5 s at 200,000). The same number as the count, so "1,000+" is when it applies.
    pub const FIT_RANKED: i64 = Self::COUNT_CAP;

    /// From the address's parameters (`get` looks one up by name: q, location, workplace, type,
    /// min_salary, posted, company, source, fit, sort, after).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let min_salary = get("min_salary").and_then(|text| {
            let lower = text.trim().to_ascii_lowercase();
            let thousands = lower.ends_with('k');
            // Nine digits at most: a salary, not an overflow.
            let digits: String = lower.chars().filter(char::is_ascii_digit).take(9).collect();
            let value: i64 = digits.parse().ok()?;
            let value = if thousands { value * 1000 } else { value };
            i32::try_from(value).ok().filter(|value| *value > 0)
        });
        Self {
            q: words(get("q"), 200),
            location: words(get("location"), 100),
            workplace: get("workplace").as_deref().and_then(Workplace::parse),
            employment_type: get("type").as_deref().and_then(EmploymentType::parse),
            min_salary,
            posted_within: get("posted").as_deref().and_then(PostedWithin::parse),
            company: words(get("company"), 100),
            source: get("source").as_deref().and_then(SourceKind::parse),
            min_fit: get("fit").as_deref().and_then(MinFit::parse),
            sort: get("sort").as_deref().and_then(JobSort::parse),
            after: words(get("after"), 200),
        }
    }

    /// The same search with the limits of one read from an address (lengths, ranges).
    pub fn cleaned(self) -> Self {
        let mut params = self.params();
        if let Some(after) = self.after {
            params.push(("after", after));
        }
        Self::from_params(|name| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        })
    }

    /// Whether any filter beyond the words is set (the form then shows its filters open).
    pub fn filtered(&self) -> bool {
        self.location.is_some()
            || self.workplace.is_some()
            || self.employment_type.is_some()
            || self.min_salary.is_some()
            || self.posted_within.is_some()
            || self.company.is_some()
            || self.source.is_some()
            || self.min_fit.is_some()
            || self.sort.is_some()
    }

    /// The order the results come in.
    pub fn effective_sort(&self) -> JobSort {
        match (self.sort, &self.q) {
            (Some(JobSort::Fit), _) => JobSort::Fit,
            (Some(JobSort::Newest), _) | (_, None) => JobSort::Newest,
            _ => JobSort::Relevance,
        }
    }

    /// The parameters of this search, in form order, without the page position.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        let mut add = |name, value: Option<String>| {
            if let Some(value) = value {
                params.push((name, value));
            }
        };
        add("q", self.q.clone());
        add("location", self.location.clone());
        add("workplace", self.workplace.map(|w| w.as_str().to_owned()));
        add("type", self.employment_type.map(|t| t.as_str().to_owned()));
        add("min_salary", self.min_salary.map(|s| s.to_string()));
        add("posted", self.posted_within.map(|p| p.as_str().to_owned()));
        add("company", self.company.clone());
        add("source", self.source.map(|s| s.as_str().to_owned()));
        add("fit", self.min_fit.map(|f| f.as_str().to_owned()));
        add("sort", self.sort.map(|s| s.as_str().to_owned()));
        params
    }

    /// The address of this search's page that starts after `after` (None: the first page).
    pub fn href(&self, path: &str, after: Option<&str>) -> String {
        let mut params = self.params();
        if let Some(after) = after {
            params.push(("after", after.to_owned()));
        }
        match encoded(params) {
            query if query.is_empty() => path.to_owned(),
            query => format!("{path}?{query}"),
        }
    }

    /// This search as a query string without the page position ("q=rust&location=Berlin"):
    /// what a saved search keeps.
    pub fn query(&self) -> String {
        encoded(self.params())
    }

    /// A search from a query string, as leniently as from an address.
    pub fn from_query(query: &str) -> Self {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let search = Self::from_params(|name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        });
        Self {
            after: None,
            ..search
        }
    }
}

fn encoded(params: Vec<(&'static str, String)>) -> String {
    params
        .into_iter()
        .map(|(name, value)| format!("{name}={}", crate::paths::query_value(&value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// How many postings a search found: exact up to the cap, "at least" beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Total {
    Exactly(i64),
    AtLeast(i64),
}

impl std::fmt::Display for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exactly(1) => f.write_str("1 posting"),
            Self::Exactly(n) => write!(f, "{} postings", grouped(*n)),
            Self::AtLeast(n) => write!(f, "{}+ postings", grouped(*n)),
        }
    }
}

/// A run of a snippet: highlighted when it matched the search's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// One result row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingCard {
    pub id: JobPostingId,
    pub title: String,
    pub company: String,
    pub locations: Vec<String>,
    pub workplace: Option<Workplace>,
    pub employment_type: Option<EmploymentType>,
    pub salary: Option<Salary>,
    /// When it was posted (when Careerhub first saw it, if the source does not say).
    #[serde(with = "crate::dates::wire::utc")]
    pub listed_at: DateTime<Utc>,
    pub snippet: Vec<SnippetPart>,
    /// The person's own posting, not one from a feed.
    pub own: bool,
    /// How well it fits the viewer's profile, out of 100 (in search results; the posting's page
    /// explains it).
    pub fit: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobResults {
    pub rows: Vec<PostingCard>,
    pub total: Total,
    /// The `after` of the next page, when there is one.
    pub next: Option<String>,
    /// "Did you mean": company names and titles close to the words, when nothing matched.
    pub suggestions: Vec<String>,
}

/// One posting's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingDetail {
    pub card: PostingCard,
    /// Sanitised by ammonia when it was imported.
    pub description_html: super::SanitisedHtml,
    pub url: Option<String>,
    #[serde(with = "crate::dates::wire::optional_utc")]
    pub valid_through: Option<DateTime<Utc>>,
    /// Skill names as the profile's normaliser shows them.
    pub required_skills: Vec<String>,
    pub preferred_skills: Vec<String>,
    /// The feed it came from ("Greenhouse job board"), None for a person's own.
    pub source: Option<SourceKind>,
    /// Closed postings stay reachable (applications link to them).
    pub closed: bool,
    /// How well it fits the viewer's profile, and why.
    pub fit: super::matching::Fit,
    /// Saved by the viewer, with their note.
    pub saved: Option<SavedNote>,
    /// The viewer's application for it, when they track it.
    pub tracked: Option<crate::ids::ApplicationId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNote {
    pub note: Option<String>,
    #[serde(with = "crate::dates::wire::utc")]
    pub saved_at: DateTime<Utc>,
}

/// A posting the person saved, for `/jobs/saved`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedJob {
    pub card: PostingCard,
    pub saved: SavedNote,
    pub closed: bool,
    pub tracked: Option<crate::ids::ApplicationId>,
}

/// Saving a posting: the note is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveJobForm {
    #[serde(default)]
    pub note: String,
}

impl SaveJobForm {
    pub const NOTE_MAX: usize = 2000;

    pub fn parse(&self) -> Result<Option<String>, crate::FormError> {
        let mut form = crate::fields::FormReader::new();
        let note = form.optional("note", &self.note, Self::NOTE_MAX);
        form.finish(note)
    }
}

impl Salary {
    /// "€60,000–75,000 per year", "$45 per hour".
    pub fn display(&self) -> String {
        let symbol = match self.currency.as_str() {
            "USD" => "$".to_owned(),
            "EUR" => "€".to_owned(),
            "GBP" => "£".to_owned(),
            other => format!("{other} "),
        };
        let range = match (self.min, self.max) {
            (Some(min), Some(max)) if min != max => {
                format!("{symbol}{}–{}", grouped(min), grouped(max))
            }
            (Some(value), _) | (None, Some(value)) => format!("{symbol}{}", grouped(value)),
            (None, None) => String::new(),
        };
        format!("{range} {}", self.interval.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> JobSearch {
        JobSearch::from_params(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn a_search_reads_back_from_its_own_address() {
        let search = params(&[
            ("q", "  rust   \"site reliability\" "),
            ("location", "Berlin"),
            ("workplace", "remote"),
            ("type", "full_time"),
            ("min_salary", "80k"),
            ("posted", "7"),
            ("company", "Vault"),
            ("source", "greenhouse"),
            ("fit", "70"),
            ("sort", "newest"),
        ]);
        assert_eq!(search.q.as_deref(), Some("rust \"site reliability\""));
        assert_eq!(search.min_salary, Some(80_000));
        assert_eq!(search.min_fit, Some(MinFit::Good));
        assert_eq!(search.effective_sort(), JobSort::Newest);
        let href = search.href("/jobs", Some("cursor"));
        assert!(
            href.starts_with(
                "/jobs?q=rust+%22site+reliability%22&location=Berlin&workplace=remote"
            )
        );
        let query: Vec<(String, String)> = href
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                let value = value.replace('+', " ").replace("%22", "\"");
                (name.to_owned(), value)
            })
            .collect();
        let again = JobSearch::from_params(|name| {
            query
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        });
        assert_eq!(again.after.as_deref(), Some("cursor"));
        assert_eq!(
            JobSearch {
                after: None,
                ..again
            },
            search
        );
    }

    #[test]
    fn nonsense_parameters_are_ignored_and_words_choose_the_order() {
        let search = params(&[
            ("workplace", "moon"),
            ("min_salary", "lots"),
            ("posted", "999"),
        ]);
        assert_eq!(search, JobSearch::default());
        assert_eq!(search.effective_sort(), JobSort::Newest);
        assert_eq!(
            params(&[("q", "rust")]).effective_sort(),
            JobSort::Relevance
        );
        assert_eq!(params(&[("sort", "fit")]).effective_sort(), JobSort::Fit);
        assert_eq!(params(&[("fit", "42")]).min_fit, None);
        assert_eq!(
            params(&[("min_salary", "99999999999999")]).min_salary,
            Some(999_999_999)
        );
    }

    #[test]
    fn totals_and_salaries_read_well() {
        assert_eq!(Total::Exactly(1).to_string(), "1 posting");
        assert_eq!(Total::Exactly(999).to_string(), "999 postings");
        assert_eq!(Total::AtLeast(1000).to_string(), "1,000+ postings");
        let salary = Salary::from_source(Some(60000.0), Some(75000.0), "EUR", None).unwrap();
        assert_eq!(salary.display(), "€60,000–75,000 per year");
    }
}
