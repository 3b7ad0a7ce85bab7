//! Reading a submitted form: every field arrives as the text the user typed; `FormReader` turns it
//! into typed values, collecting one message per bad field and remembering what was typed so the
//! form comes back as it was.

use chrono::{NaiveDate, NaiveDateTime};

use crate::FormError;

/// The largest salary a form accepts.
pub const SALARY_MAX: i32 = 100_000_000;

#[derive(Debug, Default)]
pub struct FormReader {
    error: FormError,
}

impl FormReader {
    pub fn new() -> Self {
        Self::default()
    }

    fn keep(&mut self, name: &str, value: &str) {
        self.error.values.insert(name.to_owned(), value.to_owned());
    }

    pub fn fail(&mut self, name: &str, message: impl Into<String>) {
        self.error.fields.insert(name.to_owned(), message.into());
    }

    /// Trimmed text that must be present, at most `max` characters.
    pub fn required(&mut self, name: &str, value: &str, max: usize, missing: &str) -> String {
        self.keep(name, value);
        let text = value.trim();
        if text.is_empty() {
            self.fail(name, missing);
        } else {
            self.check_text(name, text, max);
        }
        text.to_owned()
    }

    /// Trimmed text or None when left empty.
    pub fn optional(&mut self, name: &str, value: &str, max: usize) -> Option<String> {
        self.keep(name, value);
        let text = value.trim();
        if text.is_empty() {
            return None;
        }
        self.check_text(name, text, max);
        Some(text.to_owned())
    }

    fn check_text(&mut self, name: &str, text: &str, max: usize) {
        if text.chars().count() > max {
            self.fail(name, format!("Use at most {max} characters."));
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.fail(name, "Remove the control characters.");
        }
    }

    /// An http(s) address, or None when left empty.
    pub fn url(&mut self, name: &str, value: &str) -> Option<String> {
        let text = self.optional(name, value, 2000)?;
        if web_address(&text).is_none() {
            self.fail(name, "Enter a web address starting with https://");
            return None;
        }
        Some(text)
    }

    /// A phone number as people write it (digits, spaces, + - ( ) . /), or None when left empty.
    pub fn phone(&mut self, name: &str, value: &str) -> Option<String> {
        let text = self.optional(name, value, 40)?;
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        {
            self.fail(name, "Use digits, spaces and + - ( ) only.");
        }
        Some(text)
    }

    /// A date from a date input (YYYY-MM-DD), or None when left empty.
    pub fn date(&mut self, name: &str, value: &str) -> Option<NaiveDate> {
        let text = self.optional(name, value, 10)?;
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) if (1900..=2200).contains(&chrono::Datelike::year(&date)) => Some(date),
            _ => {
                self.fail(name, "Enter a date like 2026-03-31.");
                None
            }
        }
    }

    /// A local date and time from a datetime-local input.
    pub fn date_time(&mut self, name: &str, value: &str) -> Option<NaiveDateTime> {
        self.keep(name, value);
        let text = value.trim();
        let parsed = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"));
        match parsed {
            Ok(moment) if (1900..=2200).contains(&chrono::Datelike::year(&moment)) => Some(moment),
            _ if text.is_empty() => {
                self.fail(name, "Enter the date and time.");
                None
            }
            _ => {
                self.fail(name, "Enter a date and time like 2026-03-31 14:30.");
                None
            }
        }
    }

    /// A whole number in `range`, or None when left empty. Spaces and thousands separators are
    /// allowed ("85 000", "85,000").
    pub fn number(
        &mut self,
        name: &str,
        value: &str,
        range: std::ops::RangeInclusive<i32>,
    ) -> Option<i32> {
        let text = self.optional(name, value, 20)?;
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | ',' | '_' | '\u{a0}' | '\''))
            .collect();
        match digits.parse::<i32>() {
            Ok(number) if range.contains(&number) => Some(number),
            _ => {
                self.fail(
                    name,
                    format!(
                        "Enter a whole number from {} to {}.",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
        }
    }

    /// A salary range: `salary_min`, `salary_max` (0 to 100 million, the maximum not below the
    /// minimum) and `salary_currency`, a three-letter code that must be there with an amount.
    pub fn salary_range(
        &mut self,
        min: &str,
        max: &str,
        currency: &str,
    ) -> (Option<i32>, Option<i32>, Option<String>) {
        let salary_min = self.number("salary_min", min, 0..=SALARY_MAX);
        let salary_max = self.number("salary_max", max, 0..=SALARY_MAX);
        if let (Some(min), Some(max)) = (salary_min, salary_max)
            && min > max
        {
            self.fail("salary_max", "The maximum must not be below the minimum.");
        }
        let currency = currency.trim().to_uppercase();
        let salary_currency = self.optional("salary_currency", &currency, 3);
        match &salary_currency {
            Some(code) if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) => self
                .fail(
                    "salary_currency",
                    "Use a three-letter code such as EUR or USD.",
                ),
            None if salary_min.is_some() || salary_max.is_some() => {
                self.fail("salary_currency", "Which currency is the salary in?")
            }
            _ => {}
        }
        (salary_min, salary_max, salary_currency)
    }

    /// A comma-separated list ("Rust, SQL"): trimmed, duplicates (ignoring case) dropped, at
    /// most `count` items of at most `length` characters each.
    pub fn list(&mut self, name: &str, value: &str, count: usize, length: usize) -> Vec<String> {
        self.split_list(name, value, ',', count, length)
    }

    /// One item per line (a job's highlights).
    pub fn lines(&mut self, name: &str, value: &str, count: usize, length: usize) -> Vec<String> {
        self.split_list(name, value, '\n', count, length)
    }

    fn split_list(
        &mut self,
        name: &str,
        value: &str,
        separator: char,
        count: usize,
        length: usize,
    ) -> Vec<String> {
        let text = self
            .optional(name, value, count * (length + 2))
            .unwrap_or_default();
        let mut items: Vec<String> = Vec::new();
        for item in text
            .split(separator)
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if item.chars().count() > length {
                self.fail(name, format!("Keep each item under {length} characters."));
            } else if !items.iter().any(|known| known.eq_ignore_ascii_case(item)) {
                items.push(item.to_owned());
            }
        }
        if items.len() > count {
            self.fail(name, format!("List at most {count}."));
        }
        items
    }

    /// One of an enum's values (`parse` returns None for anything else).
    pub fn choice<T>(
        &mut self,
        name: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        self.keep(name, value);
        let parsed = parse(value.trim());
        if parsed.is_none() {
            self.fail(name, "Choose one of the options.");
        }
        parsed
    }

    /// Like [`choice`](Self::choice) but empty means None.
    pub fn optional_choice<T>(
        &mut self,
        name: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        if value.trim().is_empty() {
            self.keep(name, value);
            return None;
        }
        self.choice(name, value, parse)
    }

    /// A checkbox: present ("on") or absent.
    pub fn checkbox(&mut self, name: &str, value: Option<&str>) -> bool {
        let checked = value.is_some_and(|value| !value.is_empty() && value != "false");
        self.keep(name, if checked { "on" } else { "" });
        checked
    }

    pub fn has_error(&self, name: &str) -> bool {
        self.error.fields.contains_key(name)
    }

    /// The parsed value if every field was fine, else the error with all messages and values.
    pub fn finish<T>(self, value: T) -> Result<T, FormError> {
        if self.error.fields.is_empty() {
            Ok(value)
        } else {
            Err(self.error)
        }
    }
}

/// `text` as a web address a page may link to: http(s) with a host, at most 2,000 characters and
/// no control characters (a feed's or a form's "URL" may be `javascript:` or carry a NUL).
pub fn web_address(text: &str) -> Option<&str> {
    let text = text.trim();
    let parsed = url::Url::parse(text).ok()?;
    (text.chars().count() <= 2000
        && !text.chars().any(char::is_control)
        && matches!(parsed.scheme(), "http" | "https")
        && parsed.host().is_some())
    .then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_address_is_http_with_a_host_and_nothing_hidden() {
        assert_eq!(
            web_address(" https://acme.com/jobs/1 "),
            Some("https://acme.com/jobs/1")
        );
        assert_eq!(web_address("http://acme.com"), Some("http://acme.com"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "acme.com",
            "https://acme.com/\0nul",
            "https://acme.com/a\r\nX-Injected: 1",
            "",
        ] {
            assert_eq!(web_address(bad), None, "{bad:?}");
        }
        assert_eq!(
            web_address(&format!("https://acme.com/{}", "a".repeat(2000))),
            None
        );
    }

    #[test]
    fn collects_every_bad_field_and_keeps_what_was_typed() {
        let mut form = FormReader::new();
        let name = form.required("company", "  ", 200, "Enter the company.");
        let url = form.url("job_url", "javascript:alert(1)");
        let min = form.number("salary_min", "85 000", 0..=100_000_000);
        let date = form.date("follow_up_on", "31/03/2026");
        assert_eq!(name, "");
        assert_eq!(url, None);
        assert_eq!(min, Some(85_000));
        assert_eq!(date, None);
        let error = form.finish(()).unwrap_err();
        assert_eq!(error.field_error("company"), Some("Enter the company."));
        assert!(error.field_error("job_url").is_some());
        assert!(error.field_error("follow_up_on").is_some());
        assert_eq!(error.value("follow_up_on"), Some("31/03/2026"));
        assert_eq!(error.field_error("salary_min"), None);
    }

    #[test]
    fn dates_and_times_parse_from_html_inputs() {
        let mut form = FormReader::new();
        assert!(form.date("d", "2026-03-31").is_some());
        assert!(form.date_time("t", "2026-03-31T14:30").is_some());
        assert!(form.date("e", "").is_none());
        assert!(form.finish(()).is_ok());
        let mut form = FormReader::new();
        assert!(form.number("n", "-5", 0..=10).is_none());
        assert!(form.date_time("t", "").is_none());
        assert!(form.finish(()).is_err());
    }
}
