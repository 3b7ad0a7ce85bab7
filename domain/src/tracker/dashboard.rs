//! What the dashboard and the analytics page show.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::ApplicationId;

use super::*;

/// Something due: an application's or a contact's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    #[serde(with = "crate::dates::wire::date")]
    pub due_on: NaiveDate,
    pub title: String,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingInterview {
    pub application_id: ApplicationId,
    pub company: String,
    pub role_title: String,
    #[serde(with = "crate::dates::wire::date_time")]
    pub scheduled_local: NaiveDateTime,
    pub kind: InterviewKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentActivity {
    pub application_id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub kind: TimelineKind,
    #[serde(with = "crate::dates::wire::utc")]
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Every status, in pipeline order, with its count (zeros included).
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub total: i64,
    pub added_this_week: i64,
    pub added_last_week: i64,
    /// Applications that were sent (reached "applied" or later, or were rejected after applying).
    pub applied: i64,
    /// Of those, how many reached screening or beyond.
    pub responded: i64,
    pub upcoming_interviews: Vec<UpcomingInterview>,
    pub follow_ups: Vec<FollowUp>,
    pub recent: Vec<RecentActivity>,
    #[serde(with = "crate::dates::wire::date")]
    pub today: NaiveDate,
}

impl Dashboard {
    /// Share of sent applications that got a response, as a whole percentage.
    pub fn response_rate(&self) -> Option<i64> {
        (self.applied > 0).then(|| (self.responded * 100 + self.applied / 2) / self.applied)
    }
}

/// One week of the analytics chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFigures {
    /// The Monday the week starts on.
    #[serde(with = "crate::dates::wire::date")]
    pub week_start: NaiveDate,
    pub added: i64,
    pub sent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyticsView {
    /// Applications that reached each pipeline stage, in order.
    pub funnel: Vec<(ApplicationStatus, i64)>,
    /// The last twelve weeks, oldest first.
    pub weeks: Vec<WeekFigures>,
    #[serde(with = "crate::dates::wire::date")]
    pub today: NaiveDate,
}
