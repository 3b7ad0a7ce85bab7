//! JSON files of postings in JSON Resume's job schema
//! (<https://github.com/jsonresume/resume-schema/blob/master/job-schema.json>): one job, an
//! array of jobs, or `{"jobs": [...]}`. Beyond the schema, `id`, `url`, `currency` and
//! `validThrough` are read when present.

use careerhub_domain::jobs::{CompanyInfo, EmploymentType, FeedPosting, Salary, Workplace};
use serde::Deserialize;

use super::{Context, cleaned, derived_id, json, timestamp};

#[derive(Deserialize)]
#[serde(untagged)]
enum File {
    Wrapped { jobs: Vec<Job> },
    Many(Vec<Job>),
    One(Box<Job>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    url: Option<String>,
    /// "Full-time", "part-time", "contract".
    #[serde(default, rename = "type")]
    kind: Option<String>,
    /// When it was posted.
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    valid_through: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    /// "Full", "Hybrid" or "None".
    #[serde(default)]
    remote: Option<String>,
    /// Free text: "100000", "$90k - $110k".
    #[serde(default)]
    salary: Option<serde_json::Value>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    responsibilities: Vec<String>,
    #[serde(default)]
    qualifications: Vec<String>,
    #[serde(default)]
    skills: Vec<Skill>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
}

#[derive(Deserialize)]
struct Skill {
    #[serde(default)]
    name: String,
    #[serde(default)]
    keywords: Vec<String>,
}

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let jobs = match json::<File>(body)? {
        File::Wrapped { jobs } | File::Many(jobs) => jobs,
        File::One(job) => vec![*job],
    };
    Ok(jobs.into_iter().map(|job| posting(job, context)).collect())
}

fn list(heading: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let items: String = items
        .iter()
        .map(|item| format!("<li>{}</li>", ammonia::clean_text(item)))
        .collect();
    format!("<h3>{heading}</h3><ul>{items}</ul>")
}

fn posting(job: Job, context: &Context<'_>) -> FeedPosting {
    let company = job
        .company
        .or(context.company.map(str::to_owned))
        .unwrap_or_default();
    let url = job.url.or(job.website.clone());
    let location = job.location.map(|location| {
        let parts: Vec<String> = [location.city, location.region, location.country_code]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            location.address.unwrap_or_default()
        } else {
            parts.join(", ")
        }
    });
    let salary_text = match &job.salary {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(serde_json::Value::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    let salary_text = match &job.currency {
        Some(currency) => format!("{salary_text} {currency}"),
        None => salary_text,
    };
    let mut description = job
        .description
        .map(|text| format!("<p>{}</p>", ammonia::clean_text(&text)))
        .unwrap_or_default();
    description.push_str(&list("Responsibilities", &job.responsibilities));
    description.push_str(&list("Qualifications", &job.qualifications));
    FeedPosting {
        external_id: job.id.unwrap_or_else(|| {
            derived_id(&[&job.title, &company, url.as_deref().unwrap_or_default()])
        }),
        title: job.title,
        company: CompanyInfo {
            name: company,
            website: job.website,
        },
        locations: cleaned(location),
        workplace: job.remote.as_deref().and_then(Workplace::from_source),
        employment_type: job.kind.as_deref().and_then(EmploymentType::from_source),
        salary: Salary::from_text(&salary_text, None),
        description_html: description,
        url,
        posted_at: job.date.as_deref().and_then(timestamp),
        valid_through: job.valid_through.as_deref().and_then(timestamp),
        listed_skills: cleaned(
            job.skills
                .into_iter()
                .flat_map(|skill| std::iter::once(skill.name).chain(skill.keywords)),
        ),
    }
}
