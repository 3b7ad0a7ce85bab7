//! A month, the unit of a career's dates: a CV says "Mar 2021 – Jan 2024", rarely a day.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dates::{MONTHS, month_name};

/// A calendar month; stored as its first day, written "2021-03" on the wire and in month inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !(1900..=2200).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(Self)
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self(date.with_day(1).unwrap_or(date))
    }

    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// Reads what people and exports write: "2021-03" (a month input), "2021-03-15", "Mar 2021",
    /// "March 2021", "03/2021", or a bare year "2021" (taken as its January).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Self::new(date.year(), date.month());
        }
        if text.starts_with(|c: char| c.is_ascii_digit())
            && let Some((first, second)) = text.split_once(['-', '/', '.'])
        {
            let (first, second) = (first.trim(), second.trim());
            let number = |part: &str| part.parse::<u32>().ok();
            return match (number(first), number(second)) {
                (Some(year), Some(month)) if first.len() == 4 => Self::new(year as i32, month),
                (Some(month), Some(year)) if second.len() == 4 => Self::new(year as i32, month),
                _ => None,
            };
        }
        let mut words = text.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(year), None, None) if year.len() == 4 => Self::new(year.parse().ok()?, 1),
            (Some(name), Some(year), None) => {
                let name = name.trim_end_matches([',', '.']).to_ascii_lowercase();
                let month = MONTHS.iter().position(|known| {
                    name.len() >= 3 && known.to_ascii_lowercase().starts_with(&name[..3])
                })?;
                Self::new(year.parse().ok()?, month as u32 + 1)
            }
            _ => None,
        }
    }

    /// "2021-03": the value of an `<input type="month">`.
    pub fn input_value(self) -> String {
        format!("{:04}-{:02}", self.0.year(), self.0.month())
    }

    /// "Mar 2021".
    pub fn label(self) -> String {
        format!("{} {}", month_name(self.0), self.0.year())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.input_value())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.input_value())
    }
}

/// Reads only what [`Serialize`] writes ("2021-03"): the lenient [`Month::parse`] is for what
/// people type and files hold, and its date parsing would bring chrono's parser into every page
/// that loads a month (docs/scaling.md, "Page data in postcard, dates by hand").
impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.split_once('-')
            .filter(|(year, month)| {
                year.len() == 4
                    && month.len() == 2
                    && year
                        .bytes()
                        .chain(month.bytes())
                        .all(|b| b.is_ascii_digit())
            })
            .and_then(|(year, month)| Month::new(year.parse().ok()?, month.parse().ok()?))
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a month")))
    }
}

/// "Mar 2021 – Jan 2024", "Mar 2021 – present", "2019" … as a CV shows a span.
pub fn span_label(start: Option<Month>, end: Option<Month>, current: bool) -> String {
    match (start, end) {
        (Some(start), _) if current => format!("{} – present", start.label()),
        (Some(start), Some(end)) if start == end => start.label(),
        (Some(start), Some(end)) => format!("{} – {}", start.label(), end.label()),
        (Some(start), None) => start.label(),
        (None, Some(end)) => end.label(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_months_are_written() {
        let march = Month::new(2021, 3).unwrap();
        for text in [
            "2021-03",
            "2021-03-15",
            "Mar 2021",
            "March 2021",
            "03/2021",
            " mar. 2021 ",
        ] {
            assert_eq!(Month::parse(text), Some(march), "{text}");
        }
        assert_eq!(Month::parse("2021"), Month::new(2021, 1));
        for text in ["", "2021-13", "Foo 2021", "21", "1800-01", "next year"] {
            assert_eq!(Month::parse(text), None, "{text}");
        }
        assert_eq!(march.label(), "Mar 2021");
        assert_eq!(march.input_value(), "2021-03");
    }

    #[test]
    fn page_data_reads_back_only_what_it_wrote() {
        let march = Month::new(2021, 3).unwrap();
        let json = serde_json::to_string(&march).unwrap();
        assert_eq!(json, r#""2021-03""#);
        assert_eq!(serde_json::from_str::<Month>(&json).unwrap(), march);
        let bytes = postcard::to_allocvec(&march).unwrap();
        assert_eq!(postcard::from_bytes::<Month>(&bytes).unwrap(), march);
        for loose in [
            r#""Mar 2021""#,
            r#""2021-3""#,
            r#""2021-+3""#,
            r#""2021-13""#,
            r#""1800-01""#,
        ] {
            assert!(serde_json::from_str::<Month>(loose).is_err(), "{loose}");
        }
    }

    #[test]
    fn spans_read_like_a_cv() {
        let start = Month::new(2021, 3);
        let end = Month::new(2024, 1);
        assert_eq!(span_label(start, end, false), "Mar 2021 – Jan 2024");
        assert_eq!(span_label(start, None, true), "Mar 2021 – present");
        assert_eq!(span_label(None, None, false), "");
    }
}
