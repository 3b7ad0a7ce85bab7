//! CSV files of postings: one row per posting, columns named in the header (any case; common
//! names accepted: `title`/`position`, `company`/`employer`, `location`/`locations` separated by
//! ";", `workplace`/`remote`, `employment_type`/`type`, `salary_min`, `salary_max`,
//! `salary_currency`/`currency`, `salary_interval`/`interval`, `salary` as text ("€60k–75k"),
//! `description` (HTML or text), `url`/`link`, `posted_at`/`date`, `valid_through`/`expires`,
//! `external_id`/`id`, `skills` separated by "," or ";", `company_website`/`website`).

use std::collections::HashMap;

use careerhub_domain::jobs::{
    CompanyInfo, EmploymentType, FeedPosting, Salary, SalaryInterval, Workplace,
};

use super::{Context, cleaned, derived_id, timestamp};

const COLUMNS: &[(&str, &[&str])] = &[
    ("title", &["title", "position", "jobtitle", "role"]),
    (
        "company",
        &[
            "company",
            "companyname",
            "employer",
            "organisation",
            "organization",
        ],
    ),
    ("website", &["companywebsite", "website", "companyurl"]),
    ("locations", &["location", "locations", "city"]),
    (
        "workplace",
        &["workplace", "remote", "workarrangement", "workplacetype"],
    ),
    (
        "employment_type",
        &["employmenttype", "type", "jobtype", "commitment"],
    ),
    ("salary_min", &["salarymin", "minsalary", "salaryfrom"]),
    ("salary_max", &["salarymax", "maxsalary", "salaryto"]),
    ("salary_currency", &["salarycurrency", "currency"]),
    (
        "salary_interval",
        &["salaryinterval", "interval", "salaryperiod", "period"],
    ),
    ("salary", &["salary", "compensation", "pay"]),
    (
        "description",
        &["description", "descriptionhtml", "details"],
    ),
    ("url", &["url", "link", "applyurl", "joburl"]),
    (
        "posted_at",
        &["postedat", "posted", "date", "dateposted", "published"],
    ),
    (
        "valid_through",
        &["validthrough", "expires", "closingdate", "deadline"],
    ),
    (
        "external_id",
        &["externalid", "id", "reference", "ref", "jobid"],
    ),
    ("skills", &["skills", "requiredskills", "technologies"]),
];

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers = reader
        .headers()
        .map_err(|err| format!("the CSV header cannot be read: {err}"))?
        .clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (position, header) in headers.iter().enumerate() {
        let folded: String = header
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if let Some((field, _)) = COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&folded.as_str()))
        {
            index.entry(field).or_insert(position);
        }
    }
    if !index.contains_key("title") {
        return Err("the CSV has no title column (title or position)".to_owned());
    }
    let mut postings = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|err| format!("row {} cannot be read: {err}", row + 2))?;
        let get = |field: &str| {
            index
                .get(field)
                .and_then(|&position| record.get(position))
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let title = get("title").unwrap_or_default().to_owned();
        let company = get("company")
            .or(context.company)
            .unwrap_or_default()
            .to_owned();
        let url = get("url").map(str::to_owned);
        let interval = get("salary_interval").and_then(SalaryInterval::from_source);
        let figure =
            |field| get(field).and_then(|value| value.replace([',', ' '], "").parse().ok());
        let salary = Salary::from_source(
            figure("salary_min"),
            figure("salary_max"),
            get("salary_currency").unwrap_or_default(),
            interval,
        )
        .or_else(|| get("salary").and_then(|text| Salary::from_text(text, interval)));
        postings.push(FeedPosting {
            external_id: get("external_id").map(str::to_owned).unwrap_or_else(|| {
                derived_id(&[&title, &company, url.as_deref().unwrap_or_default()])
            }),
            company: CompanyInfo {
                name: company,
                website: get("website").map(str::to_owned),
            },
            title,
            locations: cleaned(
                get("locations")
                    .unwrap_or_default()
                    .split(';')
                    .map(str::to_owned),
            ),
            workplace: get("workplace").and_then(Workplace::from_source),
            employment_type: get("employment_type").and_then(EmploymentType::from_source),
            salary,
            description_html: get("description").unwrap_or_default().to_owned(),
            url,
            posted_at: get("posted_at").and_then(timestamp),
            valid_through: get("valid_through").and_then(timestamp),
            listed_skills: cleaned(
                get("skills")
                    .unwrap_or_default()
                    .split([',', ';'])
                    .map(str::to_owned),
            ),
        });
    }
    Ok(postings)
}
