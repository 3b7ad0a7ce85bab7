//! Saved searches and their alerts: a search kept by name, and how often new postings that match
//! it are emailed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::JobSearch;
use crate::ids::SavedSearchId;

text_enum!(
    /// How often a saved search's new postings are emailed.
    AlertFrequency {
        Instant = "instant" / "As soon as they appear",
        Daily = "daily" / "Once a day",
        Weekly = "weekly" / "Once a week",
        Off = "off" / "Never (keep the search only)",
    }
);

impl AlertFrequency {
    /// When the next alert is due after one at `now`; None when alerts are off. "As soon as they
    /// appear" is every run of the alert job (every few minutes): a minute is less than any
    /// schedule's step, and more than nothing, so one run alerts a search once.
    pub fn next_after(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let period = match self {
            Self::Instant => Duration::minutes(1),
            Self::Daily => Duration::days(1),
            Self::Weekly => Duration::days(7),
            Self::Off => return None,
        };
        Some(now + period)
    }
}

impl JobSearch {
    /// A name for this search to offer when saving it: its words, place and company.
    pub fn suggested_name(&self) -> String {
        let parts: Vec<String> = [
            self.q.clone(),
            self.location.clone(),
            self.company.clone(),
            self.workplace.map(|workplace| workplace.label().to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            return "All open postings".to_owned();
        }
        parts
            .join(" · ")
            .chars()
            .take(SaveSearchForm::NAME_MAX)
            .collect()
    }
}

/// A search a person kept, as the list of saved searches shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: SavedSearchId,
    pub name: String,
    pub search: JobSearch,
    pub frequency: AlertFrequency,
    #[serde(with = "crate::dates::wire::optional_utc")]
    pub last_alert_at: Option<DateTime<Utc>>,
    #[serde(with = "crate::dates::wire::utc")]
    pub created_at: DateTime<Utc>,
}

impl SavedSearch {
    /// Where the search's results are.
    pub fn href(&self) -> String {
        self.search.href(crate::paths::JOBS, None)
    }
}

/// "Save this search": its name, how often to email, and the search as its address's query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSearchForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub frequency: String,
    /// The search's query string, as [`JobSearch::query`] writes it.
    #[serde(default)]
    pub query: String,
}

/// A saved search ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSavedSearch {
    pub name: String,
    pub search: JobSearch,
    pub frequency: AlertFrequency,
}

impl SaveSearchForm {
    pub const NAME_MAX: usize = 100;

    pub fn parse(&self) -> Result<NewSavedSearch, crate::FormError> {
        let mut form = crate::fields::FormReader::new();
        // One line: the name is an email's subject.
        let name = form
            .required(
                "name",
                &self.name,
                Self::NAME_MAX,
                "Give the search a name.",
            )
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let frequency = form.choice("frequency", &self.frequency, AlertFrequency::parse);
        let search = JobSearch::from_query(&self.query);
        form.finish(())?;
        Ok(NewSavedSearch {
            name,
            search,
            frequency: frequency.unwrap_or(AlertFrequency::Off),
        })
    }
}

/// Changing how often a saved search alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertFrequencyForm {
    #[serde(default)]
    pub frequency: String,
}

impl AlertFrequencyForm {
    pub fn parse(&self) -> Result<AlertFrequency, crate::FormError> {
        let mut form = crate::fields::FormReader::new();
        let frequency = form.choice("frequency", &self.frequency, AlertFrequency::parse);
        form.finish(frequency.unwrap_or(AlertFrequency::Off))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_search_form_reads_its_search_from_the_query() {
        let search = JobSearch {
            q: Some("rust \"site reliability\"".into()),
            location: Some("Berlin & Potsdam".into()),
            min_salary: Some(80_000),
            after: Some("ignored".into()),
            ..JobSearch::default()
        };
        let form = SaveSearchForm {
            name: "  Rust\n in   Berlin ".into(),
            frequency: "daily".into(),
            query: search.query(),
        };
        let saved = form.parse().unwrap();
        assert_eq!(saved.name, "Rust in Berlin");
        assert_eq!(saved.frequency, AlertFrequency::Daily);
        assert_eq!(
            saved.search,
            JobSearch {
                after: None,
                ..search
            }
        );
    }

    #[test]
    fn a_saved_search_needs_a_name_and_a_known_frequency() {
        let error = SaveSearchForm {
            name: " ".into(),
            frequency: "hourly".into(),
            query: "q=rust".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(error.fields["name"], "Give the search a name.");
        assert_eq!(error.fields["frequency"], "Choose one of the options.");
        assert_eq!(error.values["frequency"], "hourly");
    }

    #[test]
    fn each_frequency_sets_when_the_next_alert_is_due() {
        let now = Utc::now();
        assert_eq!(
            AlertFrequency::Instant.next_after(now),
            Some(now + Duration::minutes(1))
        );
        assert_eq!(
            AlertFrequency::Weekly.next_after(now),
            Some(now + Duration::days(7))
        );
        assert_eq!(AlertFrequency::Off.next_after(now), None);
    }
}
