//! Schedules in pg_cron's syntax: five fields (minute, hour, day of month, month, day of week)
//! with lists, ranges and steps, month and day names, `$` for the last day of the month, the
//! `@daily`-style macros, and `'N seconds'` for 1 to 59 seconds. Times are UTC, as in pg_cron.
//!
//! We check the syntax ourselves (to say what is wrong) and hand the timing to croner, the library
//! tokio-cron-scheduler runs on. Standard cron runs a job when the day of month *or* the day of
//! week matches if both are restricted; croner (as tokio-cron-scheduler configures it) requires
//! both, so such a schedule becomes two patterns, one per day field.

use std::fmt;

use chrono::{DateTime, Timelike, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(pub String);

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

fn error(reason: impl Into<String>) -> ScheduleError {
    ScheduleError(reason.into())
}

/// A checked schedule: the text as given and the six-field (with seconds) patterns that run it.
#[derive(Debug, Clone)]
pub struct Schedule {
    text: String,
    patterns: Vec<String>,
    crons: Vec<Cron>,
}

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTE: Field = Field {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: Field = Field {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DAY_OF_MONTH: Field = Field {
    name: "day of month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ],
};
const DAY_OF_WEEK: Field = Field {
    name: "day of week",
    min: 0,
    max: 7,
    names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
};

impl Field {
    fn value(&self, text: &str) -> Result<u32, ScheduleError> {
        let lower = text.to_ascii_lowercase();
        if let Some(index) = self.names.iter().position(|name| *name == lower) {
            // Month names count from 1 (jan), day names from 0 (sun).
            let first = if self.name == MONTH.name { 1 } else { 0 };
            return Ok(index as u32 + first);
        }
        let number: u32 = text
            .parse()
            .map_err(|_| error(format!("{}: '{text}' is not a number", self.name)))?;
        if number < self.min || number > self.max {
            return Err(error(format!(
                "{}: {number} is outside {}-{}",
                self.name, self.min, self.max
            )));
        }
        Ok(number)
    }

    /// Checks one comma-separated field; returns whether it restricts anything (is not `*`).
    fn check(&self, text: &str) -> Result<bool, ScheduleError> {
        if text.is_empty() {
            return Err(error(format!("{}: empty", self.name)));
        }
        for item in text.split(',') {
            if item == "$" {
                if self.name != DAY_OF_MONTH.name {
                    return Err(error(format!(
                        "{}: '$' is only for the day of month",
                        self.name
                    )));
                }
                continue;
            }
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            if let Some(step) = step {
                let step: u32 = step
                    .parse()
                    .map_err(|_| error(format!("{}: step '{step}' is not a number", self.name)))?;
                if step == 0 || step > self.max {
                    return Err(error(format!("{}: step {step} is out of range", self.name)));
                }
            }
            if range == "*" {
                continue;
            }
            match range.split_once('-') {
                Some((low, high)) => {
                    let (low, high) = (self.value(low)?, self.value(high)?);
                    if low > high {
                        return Err(error(format!(
                            "{}: range {low}-{high} runs backwards",
                            self.name
                        )));
                    }
                }
                None => {
                    self.value(range)?;
                }
            }
        }
        Ok(text != "*")
    }
}

impl Schedule {
    pub fn parse(input: &str) -> Result<Self, ScheduleError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(error("the schedule is empty"));
        }
        if let Some(seconds) = text
            .strip_suffix("seconds")
            .or_else(|| text.strip_suffix("second"))
        {
            let seconds: u32 = seconds
                .trim()
                .parse()
                .map_err(|_| error("write an interval as 'N seconds' with N from 1 to 59"))?;
            if !(1..=59).contains(&seconds) {
                return Err(error("an interval in seconds must be from 1 to 59 seconds"));
            }
            return Self::from_patterns(text, vec![format!("*/{seconds} * * * * *")]);
        }
        let expanded = match text.to_ascii_lowercase().as_str() {
            "@yearly" | "@annually" => "0 0 1 1 *".to_owned(),
            "@monthly" => "0 0 1 * *".to_owned(),
            "@weekly" => "0 0 * * 0".to_owned(),
            "@daily" | "@midnight" => "0 0 * * *".to_owned(),
            "@hourly" => "0 * * * *".to_owned(),
            other if other.starts_with('@') => {
                return Err(error(format!(
                    "unknown macro '{text}' (use @yearly, @monthly, @weekly, @daily or @hourly)"
                )));
            }
            _ => text.to_owned(),
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(error(format!(
                "expected 5 fields (minute hour day-of-month month day-of-week), found {}",
                fields.len()
            )));
        }
        MINUTE.check(fields[0])?;
        HOUR.check(fields[1])?;
        let by_day_of_month = DAY_OF_MONTH.check(fields[2])?;
        MONTH.check(fields[3])?;
        let by_day_of_week = DAY_OF_WEEK.check(fields[4])?;
        let day_of_month = fields[2].replace('$', "L");
        let pattern = |dom: &str, dow: &str| {
            format!("0 {} {} {dom} {} {dow}", fields[0], fields[1], fields[3])
        };
        let patterns = if by_day_of_month && by_day_of_week {
            vec![pattern(&day_of_month, "*"), pattern("*", fields[4])]
        } else {
            vec![pattern(&day_of_month, fields[4])]
        };
        Self::from_patterns(text, patterns)
    }

    fn from_patterns(text: &str, patterns: Vec<String>) -> Result<Self, ScheduleError> {
        let parser = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build();
        let crons = patterns
            .iter()
            .map(|pattern| {
                parser
                    .parse(pattern)
                    .map_err(|err| error(format!("not a valid schedule: {err}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            text: text.to_owned(),
            patterns,
            crons,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Six-field patterns (seconds first) for tokio-cron-scheduler; the job runs when any matches.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The first run strictly after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.crons
            .iter()
            .filter_map(|cron| cron.find_next_occurrence(&after, false).ok())
            .min()
    }

    /// The tick a run at `now` belongs to: the latest scheduled time at or before it. Every
    /// instance computes the same tick for the same firing, which is what makes a tick unique.
    pub fn tick_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        // Whole seconds: a firing a few milliseconds late still belongs to its tick.
        let now = now.with_nanosecond(0).unwrap_or(now);
        self.crons
            .iter()
            .filter_map(|cron| cron.find_previous_occurrence(&now, true).ok())
            .max()
            .unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn valid_schedules_and_their_next_runs() {
        // 2026-11-22 is a Sunday.
        let cases = [
            ("* * * * *", "2026-11-22T10:02:30Z", "2026-11-22T10:03:00Z"),
            (
                "*/5 * * * *",
                "2026-11-22T10:02:30Z",
                "2026-11-22T10:05:00Z",
            ),
            ("0 3 * * *", "2026-11-22T10:00:00Z", "2026-11-23T03:00:00Z"),
            ("30 3 $ * *", "2026-02-10T00:00:00Z", "2026-02-28T03:30:00Z"),
            ("30 3 $ * *", "2028-02-10T00:00:00Z", "2028-02-29T03:30:00Z"),
            (
                "0 9 * * 1-5",
                "2026-11-21T12:00:00Z",
                "2026-11-23T09:00:00Z",
            ),
            (
                "0 9 * * mon-fri",
                "2026-11-27T10:00:00Z",
                "2026-11-30T09:00:00Z",
            ),
            ("0 0 1 * 1", "2026-11-22T10:00:00Z", "2026-11-23T00:00:00Z"),
            ("0 0 1 * 1", "2026-11-30T10:00:00Z", "2026-12-01T00:00:00Z"),
            (
                "0 12 * jan,jul sun",
                "2026-11-22T10:00:00Z",
                "2027-01-03T12:00:00Z",
            ),
            (
                "0,30 8-18/2 * * *",
                "2026-11-22T09:10:00Z",
                "2026-11-22T10:00:00Z",
            ),
            (
                "0,30 8-18/2 * * *",
                "2026-11-22T10:10:00Z",
                "2026-11-22T10:30:00Z",
            ),
            (
                "15 10 * * 7",
                "2026-11-22T10:00:00Z",
                "2026-11-22T10:15:00Z",
            ),
            ("@daily", "2026-11-22T10:00:00Z", "2026-11-23T00:00:00Z"),
            ("@midnight", "2026-11-22T10:00:00Z", "2026-11-23T00:00:00Z"),
            ("@hourly", "2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z"),
            ("@weekly", "2026-11-22T10:00:00Z", "2026-11-29T00:00:00Z"),
            ("@monthly", "2026-11-22T10:00:00Z", "2026-12-01T00:00:00Z"),
            ("@yearly", "2026-11-22T10:00:00Z", "2027-01-01T00:00:00Z"),
            ("@annually", "2026-11-22T10:00:00Z", "2027-01-01T00:00:00Z"),
            ("10 seconds", "2026-11-22T10:00:03Z", "2026-11-22T10:00:10Z"),
            ("30 seconds", "2026-11-22T10:00:45Z", "2026-11-22T10:01:00Z"),
            ("1 second", "2026-11-22T10:00:45Z", "2026-11-22T10:00:46Z"),
        ];
        for (text, after, expected) in cases {
            let schedule = Schedule::parse(text).unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(
                schedule.next_after(at(after)),
                Some(at(expected)),
                "{text} after {after}"
            );
        }
    }

    #[test]
    fn invalid_schedules_say_why() {
        let cases = [
            ("", "empty"),
            ("* * * *", "expected 5 fields"),
            ("* * * * * *", "expected 5 fields"),
            ("60 * * * *", "minute: 60 is outside 0-59"),
            ("* 24 * * *", "hour: 24 is outside 0-23"),
            ("* * 0 * *", "day of month: 0 is outside 1-31"),
            ("* * * 13 *", "month: 13 is outside 1-12"),
            ("* * * * 8", "day of week: 8 is outside 0-7"),
            ("5-2 * * * *", "runs backwards"),
            ("*/0 * * * *", "step 0"),
            ("1.5 * * * *", "not a number"),
            ("$ * * * *", "only for the day of month"),
            ("* * * foo *", "not a number"),
            ("0 seconds", "from 1 to 59"),
            ("60 seconds", "from 1 to 59"),
            ("ten seconds", "'N seconds'"),
            ("@reboot", "unknown macro"),
            ("@often", "unknown macro"),
        ];
        for (text, reason) in cases {
            let err = Schedule::parse(text).expect_err(text);
            assert!(
                err.0.contains(reason),
                "{text}: {err} (expected '{reason}')"
            );
        }
    }

    #[test]
    fn a_tick_is_the_latest_scheduled_time() {
        let schedule = Schedule::parse("*/5 * * * *").unwrap();
        assert_eq!(
            schedule.tick_at(at("2026-11-22T10:05:00.300Z")),
            at("2026-11-22T10:05:00Z")
        );
        let schedule = Schedule::parse("2 seconds").unwrap();
        assert_eq!(
            schedule.tick_at(at("2026-11-22T10:00:05.9Z")),
            at("2026-11-22T10:00:04Z")
        );
        // Day of month or day of week, as in cron.
        let schedule = Schedule::parse("0 0 1 * 1").unwrap();
        assert_eq!(schedule.patterns().len(), 2);
    }
}
