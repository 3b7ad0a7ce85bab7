//! A posting a person types in themselves (one a job board does not publish as a feed): private
//! to them, stored and searched like an imported one.

use serde::{Deserialize, Serialize};

use super::{CompanyInfo, EmploymentType, FeedPosting, Salary, SalaryInterval, Workplace};

/// "Add a posting": what the form sends, every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnPostingForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub employment_type: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub salary_min: String,
    #[serde(default)]
    pub salary_max: String,
    #[serde(default)]
    pub salary_currency: String,
    #[serde(default)]
    pub salary_interval: String,
    #[serde(default)]
    pub description: String,
}

/// "Paste a link": the address of a posting's page, which Careerhub reads (its schema.org
/// `JobPosting` data) into a posting of the person's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingLinkForm {
    #[serde(default)]
    pub url: String,
}

impl PostingLinkForm {
    pub fn parse(&self) -> Result<url::Url, crate::FormError> {
        let mut form = crate::fields::FormReader::new();
        let text = form.required(
            "url",
            &self.url,
            2000,
            "Paste the address of the posting's page.",
        );
        let address = crate::fields::web_address(&text).and_then(|text| url::Url::parse(text).ok());
        if address.is_none() && !text.is_empty() {
            form.fail("url", "Enter a web address starting with https://");
        }
        form.finish(address)?.ok_or_else(|| {
            crate::FormError::field("url", "Paste the address of the posting's page.")
        })
    }
}

impl OwnPostingForm {
    pub const DESCRIPTION_MAX: usize = 50_000;

    /// The posting (it has no source, so no external id).
    pub fn parse(&self) -> Result<FeedPosting, crate::FormError> {
        let mut form = crate::fields::FormReader::new();
        let title = form.required("title", &self.title, 300, "What is the job called?");
        let company = form.required(
            "company",
            &self.company,
            200,
            "Which company is hiring? (Write “Unknown” if the posting does not say.)",
        );
        let locations = form.list("location", &self.location, 10, 200);
        let workplace = form.optional_choice("workplace", &self.workplace, Workplace::parse);
        let employment_type = form.optional_choice(
            "employment_type",
            &self.employment_type,
            EmploymentType::parse,
        );
        let url = form.url("url", &self.url);
        let (min, max, currency) =
            form.salary_range(&self.salary_min, &self.salary_max, &self.salary_currency);
        let interval = form
            .optional_choice(
                "salary_interval",
                &self.salary_interval,
                SalaryInterval::parse,
            )
            .unwrap_or(SalaryInterval::Year);
        let description = form
            .optional("description", &self.description, Self::DESCRIPTION_MAX)
            .unwrap_or_default();
        form.finish(())?;
        Ok(FeedPosting {
            external_id: String::new(),
            title,
            company: CompanyInfo {
                name: company,
                website: None,
            },
            locations,
            workplace,
            employment_type,
            salary: currency.map(|currency| Salary {
                min,
                max,
                currency,
                interval,
            }),
            description_html: paragraphs(&description),
            url,
            posted_at: None,
            valid_through: None,
            listed_skills: Vec::new(),
        })
    }
}

/// Typed text as HTML: every character escaped, blank lines between paragraphs, single line
/// breaks kept.
fn paragraphs(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace("\r\n", "\n");
    escaped
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| format!("<p>{}</p>", paragraph.replace('\n', "<br>")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_posting_becomes_a_posting_with_its_text_escaped() {
        let form = OwnPostingForm {
            title: " Backend engineer ".into(),
            company: "Initech".into(),
            location: "Berlin, Remote".into(),
            workplace: "hybrid".into(),
            url: "https://initech.example/jobs/7".into(),
            salary_min: "70 000".into(),
            salary_max: "85,000".into(),
            salary_currency: "eur".into(),
            description: "Rust & <b>SQL</b>\nevery day.\n\nOn-call: none.".into(),
            ..OwnPostingForm::default()
        };
        let posting = form.parse().unwrap();
        assert_eq!(posting.title, "Backend engineer");
        assert_eq!(posting.locations, ["Berlin", "Remote"]);
        assert_eq!(posting.workplace, Some(Workplace::Hybrid));
        let salary = posting.salary.unwrap();
        assert_eq!((salary.min, salary.max), (Some(70_000), Some(85_000)));
        assert_eq!(
            (salary.currency.as_str(), salary.interval),
            ("EUR", SalaryInterval::Year)
        );
        assert_eq!(
            posting.description_html,
            "<p>Rust &amp; &lt;b&gt;SQL&lt;/b&gt;<br>every day.</p><p>On-call: none.</p>"
        );
    }

    #[test]
    fn a_typed_posting_needs_a_title_a_company_and_sound_figures() {
        let error = OwnPostingForm {
            url: "javascript:alert(1)".into(),
            salary_min: "90000".into(),
            salary_max: "80000".into(),
            ..OwnPostingForm::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(error.fields["title"], "What is the job called?");
        assert!(error.fields.contains_key("company"));
        assert_eq!(
            error.fields["url"],
            "Enter a web address starting with https://"
        );
        assert_eq!(
            error.fields["salary_max"],
            "The maximum must not be below the minimum."
        );
        assert_eq!(
            error.fields["salary_currency"],
            "Which currency is the salary in?"
        );
    }
}
