//! Ashby job boards: `GET {api}/posting-api/job-board/{name}?includeCompensation=true`.
//! <https://developers.ashbyhq.com/docs/public-job-posting-api>

use careerhub_domain::jobs::{
    CompanyInfo, EmploymentType, FeedPosting, Salary, SalaryInterval, Workplace,
};
use serde::Deserialize;

use super::{Context, cleaned, derived_id, json, timestamp};

#[derive(Deserialize)]
struct Board {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    secondary_locations: Vec<Secondary>,
    #[serde(default)]
    workplace_type: Option<String>,
    #[serde(default)]
    is_remote: Option<bool>,
    #[serde(default)]
    is_listed: Option<bool>,
    #[serde(default)]
    employment_type: Option<String>,
    #[serde(default)]
    description_html: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    job_url: Option<String>,
    #[serde(default)]
    compensation: Option<Compensation>,
}

#[derive(Deserialize)]
struct Secondary {
    location: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Compensation {
    #[serde(default)]
    summary_components: Vec<Component>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Component {
    #[serde(default)]
    compensation_type: String,
    #[serde(default)]
    interval: Option<String>,
    #[serde(default)]
    currency_code: Option<String>,
    #[serde(default)]
    min_value: Option<f64>,
    #[serde(default)]
    max_value: Option<f64>,
}

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let board: Board = json(body)?;
    Ok(board
        .jobs
        .into_iter()
        .filter(|job| job.is_listed != Some(false))
        .map(|job| {
            let locations = cleaned(
                job.location
                    .into_iter()
                    .chain(job.secondary_locations.into_iter().map(|s| s.location)),
            );
            let salary = job.compensation.and_then(|compensation| {
                compensation
                    .summary_components
                    .into_iter()
                    .find(|part| part.compensation_type.eq_ignore_ascii_case("salary"))
                    .and_then(|part| {
                        Salary::from_source(
                            part.min_value,
                            part.max_value,
                            part.currency_code.as_deref().unwrap_or_default(),
                            part.interval
                                .as_deref()
                                .and_then(SalaryInterval::from_source),
                        )
                    })
            });
            let company = context.company.unwrap_or(context.locator).to_owned();
            FeedPosting {
                external_id: job.id.unwrap_or_else(|| {
                    derived_id(&[&job.title, job.job_url.as_deref().unwrap_or_default()])
                }),
                title: job.title,
                company: CompanyInfo {
                    name: company,
                    website: None,
                },
                workplace: job
                    .workplace_type
                    .as_deref()
                    .and_then(Workplace::from_source)
                    .or((job.is_remote == Some(true)).then_some(Workplace::Remote)),
                locations,
                employment_type: job
                    .employment_type
                    .as_deref()
                    .and_then(EmploymentType::from_source),
                salary,
                description_html: job.description_html.unwrap_or_default(),
                url: job.job_url,
                posted_at: job.published_at.as_deref().and_then(timestamp),
                valid_through: None,
                listed_skills: Vec::new(),
            }
        })
        .collect())
}
