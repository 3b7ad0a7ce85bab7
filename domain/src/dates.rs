//! Dates and times as pages show them, and as page data carries them, written by hand.
//!
//! Both halves keep chrono's general machinery out of the pages' wasm: its strftime formatter
//! (which parses a pattern such as "%-d %b" at run time) and its parser (which reads a date by
//! trying RFC 3339 and RFC 2822 field by field) were 34 KiB of code before wasm-opt in an
//! application's page and 3 KiB after (docs/scaling.md, "Page data in postcard, dates by hand").

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// Month names as pages write them ("Mar 2021" in a CV too, `profile::Month`).
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

pub(crate) fn month_name(date: impl Datelike) -> &'static str {
    MONTHS[date.month0() as usize]
}

fn weekday_name(date: impl Datelike) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

/// "5 Dec"
pub fn day_month(date: NaiveDate) -> String {
    format!("{} {}", date.day(), month_name(date))
}

/// "5 Dec 2026"
pub fn day_month_year(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date), date.year())
}

/// "Sat 5 Dec"
pub fn weekday_day_month(date: NaiveDate) -> String {
    format!("{} {}", weekday_name(date), day_month(date))
}

/// "Sat 5 Dec, 14:30"
pub fn weekday_day_month_time(at: NaiveDateTime) -> String {
    format!(
        "{}, {}",
        weekday_day_month(at.date()),
        hour_minute(at.time())
    )
}

/// "Sat 5 Dec 2026, 14:30"
pub fn weekday_day_month_year_time(at: NaiveDateTime) -> String {
    format!(
        "{} {}, {}",
        weekday_name(at),
        day_month_year(at.date()),
        hour_minute(at.time())
    )
}

/// "2026-12-05 14:30 UTC"
pub fn utc_minute(at: DateTime<Utc>) -> String {
    format!("{} {} UTC", at.date_naive(), hour_minute(at.time()))
}

/// "5 Dec 2026, 14:30 UTC"
pub fn day_month_year_utc_minute(at: DateTime<Utc>) -> String {
    format!(
        "{}, {} UTC",
        day_month_year(at.date_naive()),
        hour_minute(at.time())
    )
}

/// "14:30"
fn hour_minute(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Reads what chrono's `Serialize` writes, without chrono's parser: "2026-12-05",
/// "2026-12-05T14:30:00" with an optional fraction, and the same with "Z" or "+00:00" for UTC.
/// None for anything else.
mod text {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    fn number(text: &str) -> Option<u32> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    }

    pub fn date(text: &str) -> Option<NaiveDate> {
        let (year, rest) = text.split_at_checked(text.len().checked_sub(6)?)?;
        let rest = rest.strip_prefix('-')?;
        let (month, day) = rest.split_once('-')?;
        // chrono writes at least four digits, and a "+" before a fifth.
        let year = year.strip_prefix('+').unwrap_or(year);
        if year.len() < 4 {
            return None;
        }
        let year = i32::try_from(number(year)?).ok()?;
        NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
    }

    pub fn date_time(text: &str) -> Option<NaiveDateTime> {
        let (date, time) = text.split_once('T')?;
        let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
        let mut parts = clock.split(':');
        let (hour, minute, second) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || fraction.len() > 9 {
            return None;
        }
        let nanos = if fraction.is_empty() {
            0
        } else {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        };
        let time =
            NaiveTime::from_hms_nano_opt(number(hour)?, number(minute)?, number(second)?, nanos)?;
        Some(self::date(date)?.and_time(time))
    }

    pub fn utc(text: &str) -> Option<DateTime<Utc>> {
        let local = text
            .strip_suffix('Z')
            .or_else(|| text.strip_suffix("+00:00"))?;
        Some(date_time(local)?.and_utc())
    }
}

/// `#[serde(with = "…")]` modules for chrono's types in page data: written as chrono writes them
/// (so JSON elsewhere reads the same), read by [`text`].
macro_rules! wire_modules {
    ($($module:ident, $optional:ident: $type:ty => $read:path, $what:literal;)*) => {
        $(
            pub mod $module {
                use serde::{Deserialize, Deserializer, Serialize, Serializer};

                pub fn serialize<S: Serializer>(value: &$type, serializer: S) -> Result<S::Ok, S::Error> {
                    value.serialize(serializer)
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    $read(&text).ok_or_else(|| serde::de::Error::custom(concat!("not ", $what)))
                }
            }

            pub mod $optional {
                use serde::{Deserialize, Deserializer, Serialize, Serializer};

                pub fn serialize<S: Serializer>(value: &Option<$type>, serializer: S) -> Result<S::Ok, S::Error> {
                    value.serialize(serializer)
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<$type>, D::Error> {
                    <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?
                        .map(|text| $read(&text).ok_or_else(|| serde::de::Error::custom(concat!("not ", $what))))
                        .transpose()
                }
            }
        )*
    };
}

pub mod wire {
    wire_modules! {
        date, optional_date: chrono::NaiveDate => crate::dates::text::date, "a date";
        date_time, optional_date_time: chrono::NaiveDateTime => crate::dates::text::date_time, "a date and time";
        utc, optional_utc: chrono::DateTime<chrono::Utc> => crate::dates::text::utc, "a UTC time";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_pages_show_them() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let at = date.and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(day_month(date), "5 Dec");
        assert_eq!(day_month_year(date), "5 Dec 2026");
        assert_eq!(weekday_day_month(date), "Sat 5 Dec");
        assert_eq!(weekday_day_month_time(at), "Sat 5 Dec, 09:05");
        assert_eq!(weekday_day_month_year_time(at), "Sat 5 Dec 2026, 09:05");
        assert_eq!(utc_minute(at.and_utc()), "2026-12-05 09:05 UTC");
        assert_eq!(
            day_month_year_utc_minute(at.and_utc()),
            "5 Dec 2026, 09:05 UTC"
        );
        // The same as chrono's patterns, for every day of a leap year.
        let mut day = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
        while day.year() == 2028 {
            let at = day.and_hms_opt(23, 59, 0).unwrap();
            assert_eq!(day_month(day), day.format("%-d %b").to_string());
            assert_eq!(
                weekday_day_month_year_time(at),
                at.format("%a %-d %b %Y, %H:%M").to_string()
            );
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn what_chrono_writes_is_read_back() {
        let times = [
            Utc.with_ymd_and_hms(2026, 12, 5, 9, 5, 7).unwrap(),
            Utc.timestamp_opt(1_764_925_507, 123_000_000).unwrap(),
            Utc.timestamp_opt(1_764_925_507, 123_456_789).unwrap(),
            Utc.timestamp_opt(0, 1_000).unwrap(),
        ];
        for at in times {
            let written = serde_json::to_string(&at).unwrap();
            let text: String = serde_json::from_str(&written).unwrap();
            assert_eq!(text::utc(&text), Some(at), "{text}");
            assert_eq!(
                text::date_time(&at.naive_utc().to_string().replace(' ', "T")),
                Some(at.naive_utc())
            );
            assert_eq!(
                text::date(&at.date_naive().to_string()),
                Some(at.date_naive())
            );
        }
        assert_eq!(text::utc("2026-12-05T09:05:07+00:00"), Some(times[0]));
        for wrong in [
            "",
            "2026-13-01",
            "2026-02-30",
            "26-12-05",
            "2026-12-5",
            "2026-12-05T25:00:00",
            "2026-12-05T09:05:07+01:00",
            "2026-12-05T09:05:07.1234567890Z",
            "-2026-12-05",
        ] {
            assert_eq!(
                text::date(wrong).or_else(|| text::utc(wrong).map(|at| at.date_naive())),
                None,
                "{wrong}"
            );
        }
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Carried {
        #[serde(with = "wire::utc")]
        at: DateTime<Utc>,
        #[serde(with = "wire::optional_date")]
        on: Option<NaiveDate>,
        #[serde(with = "wire::date_time")]
        local: NaiveDateTime,
    }

    #[test]
    fn page_data_carries_chrono_types_in_postcard_and_json() {
        let carried = Carried {
            at: Utc.timestamp_opt(1_764_925_507, 5_000).unwrap(),
            on: NaiveDate::from_ymd_opt(2026, 12, 5),
            local: NaiveDate::from_ymd_opt(2026, 12, 5)
                .unwrap()
                .and_hms_opt(9, 5, 0)
                .unwrap(),
        };
        let json = serde_json::to_string(&carried).unwrap();
        assert_eq!(
            json,
            r#"{"at":"2025-12-05T09:05:07.000005Z","on":"2026-12-05","local":"2026-12-05T09:05:00"}"#
        );
        assert_eq!(serde_json::from_str::<Carried>(&json).unwrap(), carried);
        let bytes = postcard::to_allocvec(&carried).unwrap();
        assert_eq!(postcard::from_bytes::<Carried>(&bytes).unwrap(), carried);
    }
}
