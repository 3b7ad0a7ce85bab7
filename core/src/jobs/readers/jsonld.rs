//! Pages with schema.org `JobPosting` in JSON-LD (what search engines read from careers pages).
//! <https://schema.org/JobPosting>, <https://developers.google.com/search/docs/appearance/structured-data/job-posting>

use careerhub_domain::jobs::{
    CompanyInfo, EmploymentType, FeedPosting, Salary, SalaryInterval, Workplace,
};
use scraper::{Html, Selector};
use serde_json::Value;

use super::{Context, cleaned, derived_id, timestamp};

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let page = Html::parse_document(&String::from_utf8_lossy(body));
    let scripts = Selector::parse("script").expect("a valid selector");
    let mut blocks = Vec::new();
    let mut unreadable = 0;
    for script in page.select(&scripts) {
        let is_json_ld = script
            .value()
            .attr("type")
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_json_ld {
            continue;
        }
        match serde_json::from_str::<Value>(&script.text().collect::<String>()) {
            Ok(value) => blocks.push(value),
            Err(_) => unreadable += 1,
        }
    }
    let mut found = Vec::new();
    for block in &blocks {
        collect(block, &mut found);
    }
    if found.is_empty() {
        return Err(if unreadable > 0 {
            format!("the page's JSON-LD cannot be read ({unreadable} broken blocks)")
        } else {
            "the page has no schema.org JobPosting".to_owned()
        });
    }
    Ok(found
        .iter()
        .enumerate()
        .map(|(index, job)| posting(job, index, context))
        .collect())
}

/// Every JobPosting in a JSON-LD value: one object, an array, or an `@graph`.
fn collect<'a>(value: &'a Value, found: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
        Value::Object(object) => {
            if let Some(graph) = object.get("@graph") {
                collect(graph, found);
            }
            if strings(object.get("@type"))
                .iter()
                .any(|kind| kind == "JobPosting")
            {
                found.push(value);
            }
        }
        _ => {}
    }
}

/// A string or an array of strings, as schema.org allows for most properties.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Object(object) => text(object.get("value").or(object.get("name"))),
        _ => None,
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

fn place(value: &Value) -> Option<String> {
    let address = value.get("address").unwrap_or(value);
    if let Some(text) = address.as_str() {
        return Some(text.to_owned());
    }
    let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
        .iter()
        .filter_map(|key| text(address.get(*key)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn posting(job: &Value, index: usize, context: &Context<'_>) -> FeedPosting {
    let title = text(job.get("title"))
        .or(text(job.get("name")))
        .unwrap_or_default();
    let organisation = job.get("hiringOrganization");
    let company = organisation
        .and_then(|organisation| text(Some(organisation)))
        .or(context.company.map(str::to_owned))
        .unwrap_or_default();
    let website = organisation.and_then(|organisation| {
        text(organisation.get("sameAs")).or(text(organisation.get("url")))
    });
    let locations = cleaned(match job.get("jobLocation") {
        Some(Value::Array(places)) => places.iter().filter_map(place).collect(),
        Some(one) => place(one).into_iter().collect(),
        None => Vec::new(),
    });
    let remote = strings(job.get("jobLocationType"))
        .iter()
        .any(|kind| kind.eq_ignore_ascii_case("TELECOMMUTE"));
    let salary = job.get("baseSalary").and_then(|salary| {
        let value = salary.get("value").unwrap_or(salary);
        let single = number(value.get("value")).or(number(Some(value)));
        Salary::from_source(
            number(value.get("minValue")).or(single),
            number(value.get("maxValue")).or(single),
            &text(salary.get("currency")).unwrap_or_default(),
            text(value.get("unitText"))
                .as_deref()
                .and_then(SalaryInterval::from_source),
        )
    });
    let url = text(job.get("url"));
    let listed_skills = match job.get("skills") {
        Some(Value::String(list)) => list.split([',', ';']).map(str::to_owned).collect(),
        other => strings(other),
    };
    FeedPosting {
        external_id: text(job.get("identifier"))
            .or(url.clone())
            .unwrap_or_else(|| derived_id(&[context.locator, &index.to_string(), &title])),
        title,
        company: CompanyInfo {
            name: company,
            website,
        },
        locations,
        workplace: remote.then_some(Workplace::Remote),
        employment_type: strings(job.get("employmentType"))
            .iter()
            .find_map(|kind| EmploymentType::from_source(kind)),
        salary,
        description_html: text(job.get("description")).unwrap_or_default(),
        url: url.or(Some(context.locator.to_owned())),
        posted_at: text(job.get("datePosted")).as_deref().and_then(timestamp),
        valid_through: text(job.get("validThrough")).as_deref().and_then(timestamp),
        listed_skills: cleaned(listed_skills),
    }
}
