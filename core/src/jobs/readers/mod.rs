//! One reader per source format, each mapping the source's own field names to [`FeedPosting`].
//! Readers are pure: bytes in, postings out; fetching and storing happen elsewhere.

mod ashby;
mod csv_file;
mod feed;
mod greenhouse;
mod json_file;
mod jsonld;
mod lever;

use careerhub_domain::jobs::{FeedPosting, SourceKind};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

/// What a reader knows besides the bytes.
pub struct Context<'a> {
    /// The company the operator said the source is about, for formats that do not name one.
    pub company: Option<&'a str>,
    /// The board token, site or URL the source was added with.
    pub locator: &'a str,
}

/// The postings in `body`, or a sentence saying why the source cannot be read.
pub fn read(
    kind: SourceKind,
    body: &[u8],
    context: &Context<'_>,
) -> Result<Vec<FeedPosting>, String> {
    let postings = match kind {
        SourceKind::Greenhouse => greenhouse::read(body, context)?,
        SourceKind::Lever => lever::read(body, context)?,
        SourceKind::Ashby => ashby::read(body, context)?,
        SourceKind::JsonLd => jsonld::read(body, context)?,
        SourceKind::Feed => feed::read(body, context)?,
        SourceKind::Csv => csv_file::read(body, context)?,
        SourceKind::Json => json_file::read(body, context)?,
    };
    Ok(postings
        .into_iter()
        .filter(|posting| !posting.title.trim().is_empty() && !posting.company.name.is_empty())
        .collect())
}

fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body)
        .map_err(|err| format!("the answer is not the expected JSON: {err}"))
}

/// A timestamp as sources write them: RFC 3339, RFC 2822 (RSS), or a bare date (midnight UTC).
fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .map(|time| time.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
                .ok()
                .and_then(|date| date.and_hms_opt(0, 0, 0))
                .map(|time| time.and_utc())
        })
}

/// An id for a posting whose source gives none: stable for the same title, company and link.
fn derived_id(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.trim().as_bytes());
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    format!(
        "sha256:{}",
        digest[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    )
}

/// Non-empty, trimmed, deduplicated.
fn cleaned(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for value in values {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if !value.is_empty() && !kept.iter().any(|known| known.eq_ignore_ascii_case(&value)) {
            kept.push(value);
        }
    }
    kept
}

/// "Remote" in a location's name means the work is remote.
fn remote_by_location(locations: &[String]) -> Option<careerhub_domain::jobs::Workplace> {
    locations
        .iter()
        .any(|location| location.to_lowercase().contains("remote"))
        .then_some(careerhub_domain::jobs::Workplace::Remote)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_in_the_forms_sources_use() {
        for text in [
            "2026-11-30T09:00:00Z",
            "2026-11-30T10:00:00+01:00",
            "Mon, 30 Nov 2026 09:00:00 GMT",
        ] {
            assert_eq!(
                super::timestamp(text).unwrap().to_rfc3339(),
                "2026-11-30T09:00:00+00:00",
                "{text}"
            );
        }
        assert_eq!(
            super::timestamp("2026-11-30").unwrap().to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );
        assert_eq!(super::timestamp("last week"), None);
    }
}
