//! Greenhouse job boards: `GET {api}/v1/boards/{token}/jobs?content=true`.
//! <https://developers.greenhouse.io/job-board.html#list-jobs>

use careerhub_domain::jobs::{CompanyInfo, FeedPosting};
use serde::Deserialize;

use super::{Context, cleaned, json, remote_by_location, timestamp};
use crate::jobs::html;

#[derive(Deserialize)]
struct Board {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: serde_json::Value,
    title: String,
    /// HTML, itself HTML-escaped ("&lt;p&gt;").
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    absolute_url: Option<String>,
    #[serde(default)]
    location: Option<Named>,
    #[serde(default)]
    offices: Vec<Office>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    first_published: Option<String>,
    #[serde(default)]
    company_name: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Office {
    #[serde(default)]
    location: Option<String>,
}

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let board: Board = json(body)?;
    Ok(board
        .jobs
        .into_iter()
        .map(|job| {
            let locations = cleaned(
                job.location
                    .and_then(|location| location.name)
                    .into_iter()
                    .chain(job.offices.into_iter().filter_map(|office| office.location)),
            );
            let company = job
                .company_name
                .or_else(|| context.company.map(str::to_owned))
                .unwrap_or_else(|| context.locator.to_owned());
            FeedPosting {
                external_id: match &job.id {
                    serde_json::Value::String(id) => id.clone(),
                    other => other.to_string(),
                },
                title: job.title,
                company: CompanyInfo {
                    name: company,
                    website: None,
                },
                workplace: remote_by_location(&locations),
                locations,
                employment_type: None,
                salary: None,
                description_html: html::unescape(job.content.as_deref().unwrap_or_default()),
                url: job.absolute_url,
                posted_at: job
                    .first_published
                    .or(job.updated_at)
                    .as_deref()
                    .and_then(timestamp),
                valid_through: None,
                listed_skills: Vec::new(),
            }
        })
        .collect())
}
