//! Lever postings: `GET {api}/v0/postings/{site}?mode=json`.
//! <https://github.com/lever/postings-api>

use careerhub_domain::jobs::{
    CompanyInfo, EmploymentType, FeedPosting, Salary, SalaryInterval, Workplace,
};
use chrono::DateTime;
use serde::Deserialize;

use super::{Context, cleaned, json, remote_by_location};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Posting {
    id: String,
    text: String,
    #[serde(default)]
    categories: Categories,
    #[serde(default)]
    workplace_type: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    lists: Vec<List>,
    #[serde(default)]
    additional: Option<String>,
    #[serde(default)]
    hosted_url: Option<String>,
    /// Milliseconds since the epoch.
    #[serde(default)]
    created_at: Option<i64>,
    #[serde(default)]
    salary_range: Option<SalaryRange>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Categories {
    #[serde(default)]
    commitment: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    all_locations: Vec<String>,
}

#[derive(Deserialize)]
struct List {
    #[serde(default)]
    text: String,
    /// `<li>` items.
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct SalaryRange {
    #[serde(default)]
    currency: String,
    #[serde(default)]
    interval: Option<String>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
}

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let postings: Vec<Posting> = json(body)?;
    Ok(postings
        .into_iter()
        .map(|posting| {
            let categories = posting.categories;
            let locations = cleaned(
                categories
                    .location
                    .into_iter()
                    .chain(categories.all_locations),
            );
            let mut description = posting.description.unwrap_or_default();
            for list in posting.lists {
                description.push_str(&format!(
                    "<h3>{}</h3><ul>{}</ul>",
                    ammonia::clean_text(&list.text),
                    list.content
                ));
            }
            description.push_str(posting.additional.as_deref().unwrap_or_default());
            FeedPosting {
                external_id: posting.id,
                title: posting.text,
                company: CompanyInfo {
                    name: context.company.unwrap_or(context.locator).to_owned(),
                    website: None,
                },
                workplace: posting
                    .workplace_type
                    .as_deref()
                    .and_then(Workplace::from_source)
                    .or_else(|| remote_by_location(&locations)),
                locations,
                employment_type: categories
                    .commitment
                    .as_deref()
                    .and_then(EmploymentType::from_source),
                salary: posting.salary_range.and_then(|range| {
                    Salary::from_source(
                        range.min,
                        range.max,
                        &range.currency,
                        range
                            .interval
                            .as_deref()
                            .and_then(SalaryInterval::from_source),
                    )
                }),
                description_html: description,
                url: posting.hosted_url,
                posted_at: posting.created_at.and_then(DateTime::from_timestamp_millis),
                valid_through: None,
                listed_skills: Vec::new(),
            }
        })
        .collect())
}
