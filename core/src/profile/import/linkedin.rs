//! A LinkedIn data export (the zip LinkedIn mails) into profile forms. The CSVs may sit in a
//! subfolder, columns may be missing or renamed over the years, and dates read "Jan 2021" or
//! "2021"; what is not there stays empty.

use std::collections::HashMap;
use std::io::Read;

use careerhub_domain::profile::{BasicsForm, EntryForm, Section, SkillForm};

use crate::service::Error;

use super::json_resume::language_level;
use super::{Imported, MAX_FILE_BYTES, refused};

/// The export's files this import reads.
const FILES: [&str; 7] = [
    "profile.csv",
    "positions.csv",
    "education.csv",
    "skills.csv",
    "certifications.csv",
    "languages.csv",
    "projects.csv",
];

/// The rows of one CSV file, each a column → value map (header names compared case-insensitively).
struct Table {
    rows: Vec<HashMap<String, String>>,
}

impl Table {
    /// LinkedIn puts a few lines of notes above the header of some files: the header is the first
    /// line that names one of `expected`.
    fn parse(text: &str, expected: &[&str]) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .take(10)
            .position(|line| {
                let line = line.to_lowercase();
                expected
                    .iter()
                    .any(|column| line.contains(&column.to_lowercase()))
            })
            .unwrap_or(0);
        let body = lines[start..].join("\n");
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(body.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|_| refused("A file in the LinkedIn export could not be read as CSV."))?
            .iter()
            .map(|header| header.trim().to_lowercase())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record =
                record.map_err(|_| refused("A file in the LinkedIn export is not valid CSV."))?;
            rows.push(
                headers
                    .iter()
                    .cloned()
                    .zip(record.iter().map(|value| value.trim().to_owned()))
                    .collect(),
            );
        }
        Ok(Self { rows })
    }
}

fn get(row: &HashMap<String, String>, names: &[&str]) -> String {
    names
        .iter()
        .find_map(|name| {
            row.get(&name.to_lowercase())
                .filter(|value| !value.is_empty())
        })
        .cloned()
        .unwrap_or_default()
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, Error> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| refused("This zip file could not be opened. Is it the LinkedIn export?"))?;
    let mut files: HashMap<&'static str, String> = HashMap::new();
    let mut read_total = 0usize;
    for index in 0..archive.len() {
        let mut file = archive
            .by_index(index)
            .map_err(|_| refused("This zip file is damaged."))?;
        let name = file
            .name()
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let Some(wanted) = FILES.iter().find(|wanted| **wanted == base) else {
            continue;
        };
        // A zip bomb stops at the limit instead of filling memory.
        let mut text = String::new();
        let limit = (MAX_FILE_BYTES * 4).saturating_sub(read_total) as u64;
        (&mut file)
            .take(limit + 1)
            .read_to_string(&mut text)
            .map_err(|_| refused(format!("{base} in the export is not readable text.")))?;
        read_total += text.len();
        if read_total > MAX_FILE_BYTES * 4 {
            return Err(refused(
                "The export unpacks to more than 8 MB. Is it the right file?",
            ));
        }
        files.insert(wanted, text);
    }
    if files.is_empty() {
        return Err(refused(
            "This zip has none of LinkedIn's profile files (Profile.csv, Positions.csv, …).",
        ));
    }
    let table = |name: &str, expected: &[&str]| -> Result<Table, Error> {
        match files.get(name) {
            Some(text) => Table::parse(text, expected),
            None => Ok(Table { rows: Vec::new() }),
        }
    };
    let mut imported = Imported::default();

    let profile = table("profile.csv", &["First Name", "Headline"])?;
    if let Some(row) = profile.rows.first() {
        // "Websites" reads "[PERSONAL:https://example.com,COMPANY:https://…]".
        let website = get(row, &["Websites"])
            .trim_matches(['[', ']'])
            .split(',')
            .filter_map(|site| site.split_once(':').map(|(_, url)| url.trim().to_owned()))
            .find(|url| url.starts_with("http"))
            .unwrap_or_default();
        imported.basics = BasicsForm {
            headline: get(row, &["Headline"]),
            summary: get(row, &["Summary"]),
            location: get(row, &["Geo Location", "Location"]),
            website_url: website,
            ..BasicsForm::default()
        };
    }
    for row in table("positions.csv", &["Company Name", "Title"])?.rows {
        let finished = get(&row, &["Finished On", "End Date"]);
        let started = get(&row, &["Started On", "Start Date"]);
        imported.entries.push(EntryForm {
            title: get(&row, &["Title"]),
            organisation: get(&row, &["Company Name", "Company"]),
            location: get(&row, &["Location"]),
            description: get(&row, &["Description"]),
            current: (!started.is_empty() && finished.is_empty()).then(|| "on".into()),
            starts_on: started,
            ends_on: finished,
            ..EntryForm::new(Section::Experience)
        });
    }
    for row in table("education.csv", &["School Name", "Degree Name"])?.rows {
        imported.entries.push(EntryForm {
            title: get(&row, &["School Name", "School"]),
            degree: get(&row, &["Degree Name", "Degree"]),
            field: get(&row, &["Field Of Study", "Field of Study"]),
            description: get(&row, &["Notes", "Activities"]),
            starts_on: get(&row, &["Start Date", "Started On"]),
            ends_on: get(&row, &["End Date", "Finished On"]),
            ..EntryForm::new(Section::Education)
        });
    }
    for row in table("certifications.csv", &["Name", "Authority"])?.rows {
        imported.entries.push(EntryForm {
            title: get(&row, &["Name"]),
            organisation: get(&row, &["Authority"]),
            credential_url: get(&row, &["Url", "URL"]),
            credential_id: get(&row, &["License Number"]),
            starts_on: get(&row, &["Started On", "Start Date"]),
            ends_on: get(&row, &["Finished On", "End Date"]),
            ..EntryForm::new(Section::Certification)
        });
    }
    for row in table("projects.csv", &["Title", "Description"])?.rows {
        imported.entries.push(EntryForm {
            title: get(&row, &["Title"]),
            description: get(&row, &["Description"]),
            url: get(&row, &["Url", "URL"]),
            starts_on: get(&row, &["Started On", "Start Date"]),
            ends_on: get(&row, &["Finished On", "End Date"]),
            ..EntryForm::new(Section::Project)
        });
    }
    for row in table("languages.csv", &["Name", "Proficiency"])?.rows {
        imported.entries.push(EntryForm {
            title: get(&row, &["Name"]),
            level: language_level(&get(&row, &["Proficiency"]))
                .as_str()
                .to_owned(),
            ..EntryForm::new(Section::Language)
        });
    }
    for row in table("skills.csv", &["Name"])?.rows {
        imported.skills.push(SkillForm {
            name: get(&row, &["Name"]),
            visible: Some("on".into()),
            ..SkillForm::default()
        });
    }
    Ok(imported)
}
