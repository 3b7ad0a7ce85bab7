//! Schedules in pg_cron's syntax: five fields (minute, hour, day of month, month, day of week)
//! with lists, ranges and steps (a step needs a range or `*`), month and day names, `$` alone for
//! the last day of the month, the `@daily`-style macros (lower case, as pg_cron has them),
//! `@restart` (run when the scheduler starts), and `'N seconds'` for 1 to 59 seconds (any case,
//! spaces around). Times are UTC, as in pg_cron. `tests::pg_cron_regression_cases` holds
//! pg_cron's own cases.
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

/// A checked schedule: the text as given and the six-field (with seconds) patterns that run it,
/// or none for `@restart`.
#[derive(Debug, Clone)]
pub struct Schedule {
    text: String,
    patterns: Vec<String>,
    crons: Vec<Cron>,
    at_start: bool,
}

/// pg_cron refuses longer schedules.
const MAX_LENGTH: usize = 1000;

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
        if text == "$" && self.name == DAY_OF_MONTH.name {
            return Ok(true);
        }
        for item in text.split(',') {
            if item.contains('$') {
                return Err(error(if self.name == DAY_OF_MONTH.name {
                    "day of month: '$' (the last day) stands alone".to_owned()
                } else {
                    format!("{}: '$' is only for the day of month", self.name)
                }));
            }
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            if step.is_some() && range != "*" && !range.contains('-') {
                return Err(error(format!(
                    "{}: a step needs a range or *, as in */20 or 0-30/20",
                    self.name
                )));
            }
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

/// `N second(s)` in any case with spaces around, as pg_cron reads it: `Some(N)` for 1 to 59,
/// an error for anything else that names seconds, `None` for a cron expression.
fn interval(text: &str) -> Result<Option<u32>, ScheduleError> {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("secon") {
        return Ok(None);
    }
    let digits = lower.len() - lower.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, unit) = lower.split_at(digits);
    if number.is_empty() || !matches!(unit.trim(), "second" | "seconds") {
        return Err(error(
            "write an interval as 'N seconds' with N from 1 to 59",
        ));
    }
    match number.parse::<u64>() {
        Ok(seconds @ 1..=59) => Ok(Some(seconds as u32)),
        _ => Err(error("an interval in seconds must be from 1 to 59 seconds")),
    }
}

impl Schedule {
    pub fn parse(input: &str) -> Result<Self, ScheduleError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(error("the schedule is empty"));
        }
        if input.len() >= MAX_LENGTH {
            return Err(error(format!(
                "a schedule is at most {} characters",
                MAX_LENGTH - 1
            )));
        }
        if let Some(seconds) = interval(text)? {
            return Self::from_patterns(text, vec![format!("*/{seconds} * * * * *")]);
        }
        let expanded = match text {
            "@restart" | "@reboot" => {
                return Ok(Self {
                    text: text.to_owned(),
                    patterns: Vec::new(),
                    crons: Vec::new(),
                    at_start: true,
                });
            }
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other if other.starts_with('@') => {
                return Err(error(format!(
                    "unknown macro '{text}' (use @yearly, @monthly, @weekly, @daily, @hourly or \
                     @restart, in lower case)"
                )));
            }
            other => other,
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
            at_start: false,
        })
    }

    /// `@restart`: the job runs when a scheduler starts, not on a clock.
    pub fn at_start(&self) -> bool {
        self.at_start
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
            ("@often", "unknown macro"),
            ("@DAILY", "in lower case"),
            ("1/20 * * * *", "a step needs a range or *"),
            ("0 0 1,$ * *", "stands alone"),
            ("30 SECONDZ", "'N seconds'"),
        ];
        for (text, reason) in cases {
            let err = Schedule::parse(text).expect_err(text);
            assert!(
                err.0.contains(reason),
                "{text}: {err} (expected '{reason}')"
            );
        }
    }

    /// pg_cron's own schedule cases: citusdata/pg_cron at commit
    /// 16618e69cb38f69abd6512b90e8c742010582e0e, every `cron.schedule` call of
    /// sql/pg_cron-test.sql with its outcome in expected/pg_cron-test.out; then what its parser
    /// (src/entry.c, and TryParseInterval in src/job_metadata.c) decides beyond them.
    #[test]
    fn pg_cron_regression_cases() {
        let long = "a".repeat(1000);
        let accepted = [
            " 30 sEcOnDs ",
            "0 10 * * *",
            "0 11 * * *",
            "1 second",
            "17  seconds ",
            "59 seconds",
            "@restart",
            "0 11 $ * *",
            "* * * * *",
            // src/entry.c and TryParseInterval
            "@reboot",
            "30 SECONDS",
            "1 seconds",
            "2 second",
            "*/20 * * * *",
            "1-30/20 * * * *",
            "0 0 * * 7",
            "*/7 * * * 0-7",
        ];
        let refused = [
            long.as_str(),
            "* * * *",
            "5 secondc",
            "50 seconds c",
            "*/0 10 * * *",
            "-1 * * * *",
            "*/-1 10 * * *",
            "*/60 10 * * *",
            "* * * 13 *",
            "* * * 0 *",
            "*/5000000000 10 * * *",
            "-1 seconds",
            "0 seconds",
            "60 seconds",
            "10000000000 seconds",
            "@restar",
            "0 11 $foo * *",
            // src/entry.c: a step needs a range, macros are lower case, '$' stands alone
            "1/20 * * * *",
            "@DAILY",
            "@Hourly",
            "0 11 1,$ * *",
            "5-64/30 * * * *",
        ];
        for text in accepted {
            assert!(Schedule::parse(text).is_ok(), "pg_cron accepts '{text}'");
        }
        for text in refused {
            assert!(Schedule::parse(text).is_err(), "pg_cron refuses '{text}'");
        }
        let restart = Schedule::parse("@restart").unwrap();
        assert!(restart.at_start() && restart.patterns().is_empty());
        assert_eq!(restart.next_after(at("2026-11-22T10:00:00Z")), None);
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
