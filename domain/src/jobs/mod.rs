//! Job postings, the companies that publish them and the feeds they are imported from.
//!
//! A reader turns a source's own format into [`FeedPosting`]s; the words job boards use for the
//! same thing ("FULL_TIME", "Full-time", "FullTime", "permanent") are read by the `from_source`
//! functions here, so every reader agrees.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::skills;

pub mod alerts;
pub mod matching;
mod own;
pub use own::{OwnPostingForm, PostingLinkForm};
mod search;
pub use search::*;

text_enum!(
    /// Where the work happens.
    Workplace {
        Remote = "remote" / "Remote",
        Hybrid = "hybrid" / "Hybrid",
        OnSite = "on_site" / "On-site",
    }
);

text_enum!(
    EmploymentType {
        FullTime = "full_time" / "Full-time",
        PartTime = "part_time" / "Part-time",
        Contract = "contract" / "Contract",
        Temporary = "temporary" / "Temporary",
        Internship = "internship" / "Internship",
        Volunteer = "volunteer" / "Volunteer",
        Other = "other" / "Other",
    }
);

text_enum!(
    /// What a salary figure is per.
    SalaryInterval {
        Hour = "hour" / "per hour",
        Day = "day" / "per day",
        Week = "week" / "per week",
        Month = "month" / "per month",
        Year = "year" / "per year",
    }
);

text_enum!(
    /// The formats Careerhub reads postings from.
    SourceKind {
        Greenhouse = "greenhouse" / "Greenhouse job board",
        Lever = "lever" / "Lever postings",
        Ashby = "ashby" / "Ashby job board",
        JsonLd = "jsonld" / "Page with schema.org JobPosting",
        Feed = "feed" / "RSS or Atom feed",
        Csv = "csv" / "CSV file",
        Json = "json" / "JSON file (JSON Resume job schema)",
    }
);

text_enum!(
    /// How a source's last import went.
    ImportStatus {
        Imported = "imported" / "Imported",
        Unchanged = "unchanged" / "Unchanged (304)",
        Failed = "failed" / "Failed",
    }
);

/// A source as an operator names it: `greenhouse:TOKEN`, `lever:SITE`, `ashby:NAME` (the board's
/// name in its API address), or a format and an http(s) URL: `jsonld:URL` (a careers page with
/// schema.org JobPosting), `feed:URL` (RSS or Atom; `rss:` and `atom:` too), `csv:URL`, `json:URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub kind: SourceKind,
    pub locator: String,
}

impl SourceSpec {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let Some((prefix, locator)) = text.split_once(':') else {
            return Err(format!(
                "\"{text}\" names no kind: write greenhouse:TOKEN, lever:SITE, ashby:NAME, \
                 jsonld:URL, feed:URL, csv:URL or json:URL"
            ));
        };
        let kind = match prefix.to_ascii_lowercase().as_str() {
            "rss" | "atom" => SourceKind::Feed,
            other => SourceKind::parse(other)
                .ok_or_else(|| format!("\"{prefix}\" is not a kind of source"))?,
        };
        let locator = locator.trim();
        match kind {
            SourceKind::Greenhouse | SourceKind::Lever | SourceKind::Ashby => {
                let allowed = |c: char| c.is_ascii_alphanumeric() || "-_. ".contains(c);
                if locator.len() > 100
                    || !locator.chars().all(allowed)
                    || !locator.chars().any(|c| c.is_ascii_alphanumeric())
                {
                    return Err(format!(
                        "\"{locator}\" is not a board name: letters, digits, '-', '_' and '.' only"
                    ));
                }
            }
            _ => {
                url::Url::parse(locator)
                    .map_err(|err| format!("\"{locator}\" is not a URL: {err}"))?;
                // The same rule as every address a person types: http(s), a host, at most
                // 2,000 characters, nothing hidden (control characters).
                if crate::fields::web_address(locator).is_none() {
                    return Err(format!(
                        "\"{}\" is not an http(s) address of at most 2,000 characters",
                        locator.escape_debug()
                    ));
                }
            }
        }
        Ok(Self {
            kind,
            locator: locator.to_owned(),
        })
    }
}

impl std::fmt::Display for SourceSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind, self.locator)
    }
}

/// Letters and digits only, lowercase: the form of a word the readers compare.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Workplace {
    /// A source's word for where the work happens: "remote", "TELECOMMUTE", "Hybrid", "OnSite",
    /// "on-site", "in office". None for "unspecified" and what is not recognised.
    pub fn from_source(text: &str) -> Option<Self> {
        match folded(text).as_str() {
            "remote" | "telecommute" | "fullyremote" | "full" | "remotefirst" | "anywhere" => {
                Some(Self::Remote)
            }
            "hybrid" | "partiallyremote" | "flexible" => Some(Self::Hybrid),
            "onsite" | "inoffice" | "office" | "onpremise" | "none" => Some(Self::OnSite),
            _ => None,
        }
    }
}

impl EmploymentType {
    /// A source's word for the kind of contract: schema.org's "FULL_TIME", Lever's "Full-time",
    /// Ashby's "FullTime", JSON Resume's "Full-time", "Permanent", "Intern", "Freelance".
    pub fn from_source(text: &str) -> Option<Self> {
        let word = folded(text);
        Some(match word.as_str() {
            "fulltime" | "permanent" | "regular" => Self::FullTime,
            "parttime" => Self::PartTime,
            "contract" | "contractor" | "freelance" | "freelancer" => Self::Contract,
            "temporary" | "temp" | "seasonal" | "fixedterm" => Self::Temporary,
            "intern" | "internship" | "trainee" | "apprenticeship" => Self::Internship,
            "volunteer" => Self::Volunteer,
            "" => return None,
            _ if word.starts_with("fulltime") => Self::FullTime,
            _ if word.starts_with("parttime") => Self::PartTime,
            _ if word.contains("contract") => Self::Contract,
            _ if word.contains("intern") => Self::Internship,
            _ => Self::Other,
        })
    }
}

impl SalaryInterval {
    /// "YEAR", "per-year-salary" (Lever), "1 YEAR" (Ashby), "hourly", "monthly".
    pub fn from_source(text: &str) -> Option<Self> {
        let word = folded(text);
        [
            ("hour", Self::Hour),
            ("day", Self::Day),
            ("daily", Self::Day),
            ("week", Self::Week),
            ("month", Self::Month),
            ("year", Self::Year),
            ("annual", Self::Year),
        ]
        .into_iter()
        .find(|(stem, _)| word.contains(stem))
        .map(|(_, interval)| interval)
    }
}

/// A salary range as a posting states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Salary {
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// ISO 4217, uppercase.
    pub currency: String,
    pub interval: SalaryInterval,
}

impl Salary {
    /// A range from a source's numbers: None without a figure or a three-letter currency; a
    /// reversed range is put in order; negative or absurd figures (over two billion) are dropped.
    pub fn from_source(
        min: Option<f64>,
        max: Option<f64>,
        currency: &str,
        interval: Option<SalaryInterval>,
    ) -> Option<Self> {
        let figure = |value: Option<f64>| {
            value
                .filter(|value| value.is_finite() && *value >= 0.0 && *value < 2.0e9)
                .map(|value| value.round() as i32)
        };
        let (mut min, mut max) = (figure(min), figure(max));
        if let (Some(low), Some(high)) = (min, max)
            && low > high
        {
            (min, max) = (Some(high), Some(low));
        }
        let currency = currency.trim().to_ascii_uppercase();
        let valid_currency =
            currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase());
        if (min.is_none() && max.is_none()) || !valid_currency {
            return None;
        }
        Some(Self {
            min,
            max,
            currency,
            interval: interval.unwrap_or(SalaryInterval::Year),
        })
    }
}

impl Salary {
    /// A salary written as text: "100000 USD", "$90k - $110k", "€60k–75k per year", "£45/hour".
    /// The currency is an ISO code or one of $ (USD), € (EUR), £ (GBP); None without one.
    pub fn from_text(text: &str, interval: Option<SalaryInterval>) -> Option<Self> {
        let currency = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|word| word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_owned)
            .or_else(|| {
                [('$', "USD"), ('€', "EUR"), ('£', "GBP")]
                    .into_iter()
                    .find(|(symbol, _)| text.contains(*symbol))
                    .map(|(_, code)| code.to_owned())
            })?;
        let mut figures = Vec::new();
        let mut digits = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() || (c == '.' && !digits.is_empty()) {
                digits.push(c);
            } else if c == ',' && !digits.is_empty() {
                // A thousands separator.
            } else if !digits.is_empty() {
                let thousands = matches!(c, 'k' | 'K');
                if let Ok(value) = digits.parse::<f64>() {
                    figures.push(if thousands { value * 1000.0 } else { value });
                }
                digits.clear();
            }
            if chars.peek().is_none()
                && !digits.is_empty()
                && let Ok(value) = digits.parse::<f64>()
            {
                figures.push(value);
            }
        }
        let interval = interval.or_else(|| SalaryInterval::from_source(text));
        Self::from_source(
            figures.first().copied(),
            figures.get(1).copied().or(figures.first().copied()),
            &currency,
            interval,
        )
    }
}

/// HTML that has been through the sanitiser (careerhub-core's `jobs::html::sanitise`, ammonia):
/// the only HTML from outside that a page may write as markup (`escape::SanitisedHtml` in the
/// app). Made only where the sanitiser's output is read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanitisedHtml(String);

impl SanitisedHtml {
    /// For the sanitiser's output (and rows it wrote), nothing else.
    pub fn from_sanitiser(html: String) -> Self {
        Self(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The company a posting names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyInfo {
    pub name: String,
    pub website: Option<String>,
}

/// A posting as a reader found it in a source, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedPosting {
    /// The source's id for it; re-importing the same id updates the stored posting.
    pub external_id: String,
    pub title: String,
    pub company: CompanyInfo,
    pub locations: Vec<String>,
    pub workplace: Option<Workplace>,
    pub employment_type: Option<EmploymentType>,
    pub salary: Option<Salary>,
    /// As the source sent it: unsafe until sanitised.
    pub description_html: String,
    pub url: Option<String>,
    #[serde(with = "crate::dates::wire::optional_utc")]
    pub posted_at: Option<DateTime<Utc>>,
    #[serde(with = "crate::dates::wire::optional_utc")]
    pub valid_through: Option<DateTime<Utc>>,
    /// Skills the source lists itself (schema.org `skills`, JSON Resume `skills`), as written.
    pub listed_skills: Vec<String>,
}

/// The normalised key a company is found again by: lowercase words without punctuation and
/// without a legal-form suffix ("ACME, Inc." and "Acme" → "acme"). Falls back to the plain fold
/// when the name is only a suffix ("Company").
pub fn company_key(name: &str) -> String {
    const LEGAL_FORMS: &[&str] = &[
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "oy",
        "ab",
        "as",
        "aps",
        "spa",
        "srl",
        "sp",
        "zoo",
        "kk",
        "pty",
        "pte",
    ];
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut kept = words.clone();
    while kept.len() > 1
        && kept
            .last()
            .is_some_and(|word| LEGAL_FORMS.contains(&word.as_str()))
    {
        kept.pop();
    }
    if kept.is_empty() {
        kept = words;
    }
    kept.join(" ").chars().take(200).collect()
}

/// The web domain of a company's website, without "www.": "https://www.acme.com/jobs" → "acme.com".
pub fn company_domain(website: &str) -> Option<String> {
    let url = url::Url::parse(website.trim())
        .or_else(|_| url::Url::parse(&format!("https://{}", website.trim())))
        .ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    .then(|| host.to_owned())
}

/// The skills a posting asks for, as skill keys: required (named in the title, listed by the
/// source, or mentioned anywhere but under a "nice to have" heading) and preferred (mentioned only
/// under a heading such as "Nice to have", "Preferred", "Bonus points" or "Pluses"). A heading is a
/// short line; the section it starts runs to the next heading.
pub fn posting_skills(title: &str, text: &str, listed: &[String]) -> (Vec<String>, Vec<String>) {
    let none = HashSet::new();
    let mut required: HashSet<String> = skills::mentioned(title, &none);
    required.extend(
        listed
            .iter()
            .filter_map(|name| skills::canonical(name))
            .map(|skill| skill.key),
    );
    let mut preferred = HashSet::new();
    let mut in_preferred = false;
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        if line.chars().count() <= 60 {
            let heading = line.to_lowercase();
            if [
                "nice to have",
                "preferred",
                "bonus",
                "plus",
                "good to have",
                "desirable",
            ]
            .iter()
            .any(|word| heading.contains(word))
            {
                in_preferred = true;
                continue;
            }
            if [
                "requirement",
                "qualifications",
                "must have",
                "you have",
                "you bring",
                "what you",
                "responsibilities",
                "about",
                "skills",
            ]
            .iter()
            .any(|word| heading.contains(word))
            {
                in_preferred = false;
            }
        }
        let found = skills::mentioned(line, &none);
        if in_preferred {
            preferred.extend(found);
        } else {
            required.extend(found);
        }
    }
    preferred.retain(|skill| !required.contains(skill));
    let sorted = |set: HashSet<String>| {
        let mut keys: Vec<String> = set.into_iter().collect();
        keys.sort();
        keys
    };
    (sorted(required), sorted(preferred))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_words_for_the_same_thing_agree() {
        for word in [
            "FULL_TIME",
            "Full-time",
            "FullTime",
            "full time",
            "Permanent",
        ] {
            assert_eq!(
                EmploymentType::from_source(word),
                Some(EmploymentType::FullTime)
            );
        }
        assert_eq!(
            EmploymentType::from_source("Intern"),
            Some(EmploymentType::Internship)
        );
        assert_eq!(EmploymentType::from_source(""), None);
        for word in ["remote", "TELECOMMUTE", "Remote"] {
            assert_eq!(Workplace::from_source(word), Some(Workplace::Remote));
        }
        assert_eq!(Workplace::from_source("OnSite"), Some(Workplace::OnSite));
        assert_eq!(Workplace::from_source("on-site"), Some(Workplace::OnSite));
        assert_eq!(Workplace::from_source("unspecified"), None);
        assert_eq!(
            SalaryInterval::from_source("per-year-salary"),
            Some(SalaryInterval::Year)
        );
        assert_eq!(
            SalaryInterval::from_source("1 HOUR"),
            Some(SalaryInterval::Hour)
        );
    }

    #[test]
    fn sources_are_named_by_kind_and_board_or_url() {
        let spec = SourceSpec::parse("greenhouse:vaulttec").unwrap();
        assert_eq!(
            (spec.kind, spec.locator.as_str()),
            (SourceKind::Greenhouse, "vaulttec")
        );
        assert_eq!(spec.to_string(), "greenhouse:vaulttec");
        assert_eq!(
            SourceSpec::parse("rss:https://example.com/jobs.xml")
                .unwrap()
                .kind,
            SourceKind::Feed
        );
        assert!(SourceSpec::parse("vaulttec").is_err());
        assert!(SourceSpec::parse("monster:acme").is_err());
        assert!(SourceSpec::parse("lever:../../etc").is_err());
        assert!(SourceSpec::parse("ashby:..").is_err());
        assert!(SourceSpec::parse("csv:file:///etc/passwd").is_err());
        assert!(SourceSpec::parse("jsonld:not a url").is_err());
        assert!(SourceSpec::parse("feed:https://example.com/jobs\u{0}.xml").is_err());
        let long = format!("feed:https://example.com/{}", "a".repeat(2000));
        assert!(SourceSpec::parse(&long).is_err());
    }

    #[test]
    fn salaries_are_ordered_and_need_a_currency() {
        let salary = Salary::from_source(Some(90000.0), Some(70000.0), "eur", None).unwrap();
        assert_eq!((salary.min, salary.max), (Some(70000), Some(90000)));
        assert_eq!(salary.currency, "EUR");
        assert_eq!(salary.interval, SalaryInterval::Year);
        assert_eq!(Salary::from_source(Some(1.0), None, "dollars", None), None);
        assert_eq!(Salary::from_source(None, None, "USD", None), None);
        assert_eq!(Salary::from_source(Some(-5.0), None, "USD", None), None);
        let text = Salary::from_text("$90k - $110k", None).unwrap();
        assert_eq!(
            (text.min, text.max, text.currency.as_str()),
            (Some(90000), Some(110000), "USD")
        );
        let hourly = Salary::from_text("45 EUR per hour", None).unwrap();
        assert_eq!((hourly.min, hourly.max), (Some(45), Some(45)));
        assert_eq!(hourly.interval, SalaryInterval::Hour);
        assert_eq!(
            Salary::from_text("100,000 GBP", None).unwrap().min,
            Some(100000)
        );
        assert_eq!(Salary::from_text("competitive", None), None);
    }

    #[test]
    fn companies_are_found_by_name_without_legal_form_and_by_domain() {
        assert_eq!(company_key("ACME, Inc."), "acme");
        assert_eq!(company_key("Acme"), "acme");
        assert_eq!(company_key("Müller & Söhne GmbH"), "müller & söhne");
        assert_eq!(company_key("Company"), "company");
        assert_eq!(
            company_domain("https://www.Acme.com/jobs").as_deref(),
            Some("acme.com")
        );
        assert_eq!(company_domain("acme.io").as_deref(), Some("acme.io"));
        assert_eq!(company_domain("not a website"), None);
    }

    #[test]
    fn skills_under_a_nice_to_have_heading_are_preferred() {
        let text = "We build payment systems.\n\
                    Requirements\n\
                    - 5 years of Rust\n\
                    - PostgreSQL at scale\n\
                    Nice to have\n\
                    - Kubernetes\n\
                    - Go, or Rust in anger";
        let (required, preferred) =
            posting_skills("Senior Engineer (Python)", text, &["Docker".into()]);
        assert_eq!(required, ["docker", "postgresql", "python", "rust"]);
        assert_eq!(preferred, ["go", "kubernetes"]);
    }
}
