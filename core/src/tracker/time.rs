//! Time zones: the user's zone from their account, and conversions between local wall-clock time
//! (what forms show) and UTC (what is stored).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;

use careerhub_domain::ids::UserId;

use crate::schema::users;

/// A zone name from the time-zone database ("Europe/Berlin"), or None.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The user's zone; UTC when the stored name is unknown to this build.
pub fn zone_of(conn: &mut PgConnection, owner: UserId) -> QueryResult<Tz> {
    let name: String = users::table
        .find(owner)
        .select(users::timezone)
        .first(conn)?;
    Ok(parse_zone(&name).unwrap_or(Tz::UTC))
}

pub fn local_of(moment: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    moment.with_timezone(&tz).naive_local()
}

/// Local wall-clock time to UTC. In the hour skipped by a DST change the time does not exist; it
/// is read as the same clock time an hour later, as calendar apps do.
pub fn utc_of(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|moment| moment.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

pub fn today_in(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_convert_across_daylight_saving() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        assert_eq!(utc_of(summer, berlin).format("%H:%M").to_string(), "12:00");
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        assert_eq!(utc_of(winter, berlin).format("%H:%M").to_string(), "13:00");
        // 02:30 on the spring-forward night does not exist in Berlin.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            local_of(utc_of(gap, berlin), berlin)
                .format("%H:%M")
                .to_string(),
            "03:30"
        );
        assert!(parse_zone("Mars/Olympus").is_none());
    }
}
