//! Searching the postings a person can see (every open feed posting and their own): PostgreSQL
//! full text over the stored weighted `search` vector (GIN), any input read by
//! `websearch_to_tsquery`; filters; relevance or newest first with keyset pages; a total counted
//! only up to a cap; snippets made for the shown rows only; "did you mean" by trigram similarity.

use careerhub_domain::ids::{JobPostingId, UserId};
use careerhub_domain::jobs::{
    EmploymentType, JobResults, JobSearch, JobSort, PostingCard, PostingDetail, Salary,
    SalaryInterval, SavedNote, SnippetPart, Total, Workplace,
};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Bool, Float, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use serde::{Deserialize, Serialize};

use careerhub_domain::jobs::matching::{self, HeldSkill, Offered};
use careerhub_domain::tracker::WorkArrangement;

use super::personal;
use crate::schema::job_postings as postings;
use crate::service::Error;

/// Marks around a matched word in `ts_headline` output: private-use characters, split out in
/// Rust, so a snippet reaches the page as text runs and never as markup.
const MATCH_START: char = '\u{e000}';
const MATCH_END: char = '\u{e001}';

type Filtered<'a> = postings::BoxedQuery<'a, Pg>;

/// `text` as a case-insensitive substring pattern, its own `%`, `_` and `\` taken literally.
fn contains(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// The postings `viewer` may see: every feed posting and their own.
pub(super) fn visible_to(
    viewer: UserId,
) -> diesel::dsl::Or<
    diesel::dsl::IsNull<postings::owner_id>,
    diesel::dsl::Eq<postings::owner_id, UserId>,
> {
    postings::owner_id
        .is_null()
        .or(postings::owner_id.eq(viewer))
}

/// Whose postings a search looks through.
#[derive(Debug, Clone, Copy)]
pub(super) enum Among {
    /// Every feed posting and the viewer's own: what a person searches.
    VisibleTo(UserId),
    /// Only feed postings: what every viewer shares (alerts, the cached part of a first page).
    Feeds,
    /// Only the viewer's own postings.
    OwnedBy(UserId),
}

/// How well a posting matches the words `q`: the relevance order's key.
fn rank(q: &str) -> Box<dyn BoxableExpression<postings::table, Pg, SqlType = Float>> {
    Box::new(
        sql::<Float>("ts_rank_cd(search, websearch_to_tsquery('english', ")
            .bind::<Text, _>(q.to_owned())
            .sql("))"),
    )
}

/// The top of a posting's salary range over a year of work (`matching::per_year`).
const YEARLY_TOP: &str = "coalesce(salary_max, salary_min)::bigint * CASE salary_interval \
     WHEN 'hour' THEN 2080 WHEN 'day' THEN 260 WHEN 'week' THEN 52 WHEN 'month' THEN 12 ELSE 1 END";

/// A posting's fit for the person `offered` describes, 0–100: [`matching::fit`]'s formula in
/// SQL, so every match of a search can be sorted and filtered by it (the posting's page gives
/// the same score with its reasons; a test holds the two together).
pub(super) fn fit_score(
    offered: &Offered,
) -> Box<dyn BoxableExpression<postings::table, Pg, SqlType = Integer>> {
    let beginner = |skill: &&HeldSkill| skill.level.is_some_and(|level| level <= 2);
    let keys = |skills: Vec<&HeldSkill>| -> Vec<String> {
        skills.into_iter().map(|skill| skill.key.clone()).collect()
    };
    let (weak, strong): (Vec<&HeldSkill>, Vec<&HeldSkill>) =
        offered.skills.iter().partition(beginner);
    let (strong, weak) = (keys(strong), keys(weak));
    let with_years: Vec<&HeldSkill> = offered
        .skills
        .iter()
        .filter(|skill| skill.years.is_some())
        .collect();
    let years: Vec<i16> = with_years.iter().filter_map(|skill| skill.years).collect();
    let years_keys = keys(with_years);
    let home = offered
        .location
        .as_deref()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let preferred = offered.work_arrangement.map(|arrangement| {
        match arrangement {
            WorkArrangement::Remote => Workplace::Remote,
            WorkArrangement::Hybrid => Workplace::Hybrid,
            WorkArrangement::Onsite => Workplace::OnSite,
        }
        .as_str()
        .to_owned()
    });
    let currency = offered
        .salary_currency
        .as_deref()
        .map(str::to_ascii_uppercase);
    Box::new(
        sql::<Integer>(
            "(SELECT least(100, greatest(0, \
               CASE WHEN fit.possible = 0 THEN 35 \
                    ELSE round(70 * fit.earned / fit.possible)::int END \
             + CASE WHEN workplace = 'remote' THEN 15 \
                    WHEN EXISTS (SELECT 1 FROM unnest(locations) AS place, \
                                   regexp_split_to_table(place, '[,/()-]') AS part \
                                  WHERE octet_length(btrim(lower(part), E' \\t\\n\\r')) >= 3 \
                                    AND strpos(",
        )
        .bind::<Text, _>(home.clone())
        .sql(
            ", btrim(lower(part), E' \\t\\n\\r')) > 0) THEN 15 \
                    WHEN workplace <> 'on_site' AND workplace = ",
        )
        .bind::<Nullable<Text>, _>(preferred)
        .sql(
            " THEN 15 \
                    WHEN cardinality(locations) = 0 AND workplace IS NULL THEN 8 \
                    WHEN ",
        )
        .bind::<Bool, _>(offered.willing_to_relocate)
        .sql(" THEN 10 WHEN ")
        .bind::<Text, _>(home)
        .sql(
            " = '' THEN 8 ELSE 0 END \
             + CASE WHEN salary_currency IS NULL OR coalesce(salary_max, salary_min) IS NULL \
                      OR upper(salary_currency) IS DISTINCT FROM ",
        )
        .bind::<Nullable<Text>, _>(currency)
        .sql(" THEN 8 WHEN ")
        .sql(YEARLY_TOP)
        .sql(" >= ")
        .bind::<Nullable<Integer>, _>(offered.salary_min)
        .sql(
            " THEN 15 WHEN ",
        )
        .bind::<Nullable<Integer>, _>(offered.salary_min)
        .sql(
            " IS NULL THEN 8 ELSE 0 END \
             - fit.penalty))::int \
             FROM (SELECT 2 * cardinality(required_skills) + cardinality(preferred_skills) AS possible, \
                          (SELECT coalesce(sum(CASE WHEN skill = ANY(",
        )
        .bind::<Array<Text>, _>(strong.clone())
        .sql(") THEN 2.0 WHEN skill = ANY(")
        .bind::<Array<Text>, _>(weak.clone())
        .sql(
            ") THEN 1.0 ELSE 0 END), 0) FROM unnest(required_skills) AS skill) \
                        + (SELECT coalesce(sum(CASE WHEN skill = ANY(",
        )
        .bind::<Array<Text>, _>(strong)
        .sql(") THEN 1.0 WHEN skill = ANY(")
        .bind::<Array<Text>, _>(weak)
        .sql(
            ") THEN 0.5 ELSE 0 END), 0) FROM unnest(preferred_skills) AS skill) AS earned, \
                          coalesce((SELECT CASE WHEN max(held.years) < years_asked \
                                           THEN least(10, 2 * (years_asked - max(held.years))) ELSE 0 END \
                                      FROM unnest(",
        )
        .bind::<Array<Text>, _>(years_keys)
        .sql("::text[], ")
        .bind::<Array<SmallInt>, _>(years)
        .sql(
            "::int2[]) AS held (key, years) \
                                     WHERE held.key = ANY(required_skills)), 0) AS penalty) AS fit)",
        ),
    )
}

/// The postings `among` that pass every filter of `search` except the page position; `offered`
/// is the viewer's profile, for the least fit.
pub(super) fn filtered<'a>(among: Among, offered: &Offered, search: &JobSearch) -> Filtered<'a> {
    let query = postings::table
        .into_boxed()
        .filter(postings::closed_at.is_null());
    let mut query = match among {
        Among::VisibleTo(viewer) => query.filter(visible_to(viewer)),
        Among::Feeds => query.filter(postings::owner_id.is_null()),
        Among::OwnedBy(viewer) => query.filter(postings::owner_id.eq(viewer)),
    };
    if let Some(q) = &search.q {
        query = query.filter(
            sql::<Bool>("search @@ websearch_to_tsquery('english', ")
                .bind::<Text, _>(q.clone())
                .sql(")"),
        );
    }
    if let Some(location) = &search.location {
        query = query.filter(
            sql::<Bool>("EXISTS (SELECT 1 FROM unnest(locations) AS place WHERE place ILIKE ")
                .bind::<Text, _>(contains(location))
                .sql(")"),
        );
    }
    if let Some(workplace) = search.workplace {
        query = query.filter(postings::workplace.eq(workplace));
    }
    if let Some(kind) = search.employment_type {
        query = query.filter(postings::employment_type.eq(kind));
    }
    if let Some(minimum) = search.min_salary {
        query = query.filter(
            sql::<Bool>(YEARLY_TOP)
                .sql(" >= ")
                .bind::<BigInt, _>(i64::from(minimum)),
        );
    }
    if let Some(within) = search.posted_within {
        query = query.filter(
            sql::<Bool>("listed_at >= now() - make_interval(days => ")
                .bind::<Integer, _>(within.days() as i32)
                .sql(")"),
        );
    }
    if let Some(company) = &search.company {
        query = query.filter(postings::company_name.ilike(contains(company)));
    }
    if let Some(least) = search.min_fit {
        query = query.filter(fit_score(offered).ge(least.score()));
    }
    if let Some(source) = search.source {
        query = query.filter(
            sql::<Bool>("source_id IN (SELECT id FROM job_sources WHERE kind = ")
                .bind::<Text, _>(source.as_str().to_owned())
                .sql(")"),
        );
    }
    query
}

/// Where a page starts: after this row of the previous one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cursor {
    Newest(DateTime<Utc>, JobPostingId),
    Relevance(f32, JobPostingId),
    Fit(i32, JobPostingId),
}

impl Cursor {
    fn encode(self) -> String {
        match self {
            Self::Newest(at, id) => format!("n.{}.{id}", at.timestamp_micros()),
            Self::Relevance(rank, id) => format!("r.{rank}.{id}"),
            Self::Fit(score, id) => format!("f.{score}.{id}"),
        }
    }

    /// None for anything this build did not write: the first page.
    fn decode(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once('.')?;
        let (position, id) = rest.rsplit_once('.')?;
        let id = JobPostingId(id.parse().ok()?);
        match kind {
            "n" => Some(Self::Newest(
                DateTime::from_timestamp_micros(position.parse().ok()?)?,
                id,
            )),
            "r" => Some(Self::Relevance(
                position
                    .parse()
                    .ok()
                    .filter(|rank: &f32| rank.is_finite())?,
                id,
            )),
            "f" => Some(Self::Fit(position.parse().ok()?, id)),
            _ => None,
        }
    }
}

/// The columns of a result row.
pub(super) type Columns = (
    JobPostingId,
    String,
    String,
    Vec<String>,
    Option<Workplace>,
    Option<EmploymentType>,
    Option<i32>,
    Option<i32>,
    Option<String>,
    Option<SalaryInterval>,
    DateTime<Utc>,
    bool,
);

/// A result row, its rank (0 unless sorted by relevance) and its fit for the viewer.
type Row = (Columns, f32, i32);

pub(super) type CardColumns = (
    postings::id,
    postings::title,
    postings::company_name,
    postings::locations,
    postings::workplace,
    postings::employment_type,
    postings::salary_min,
    postings::salary_max,
    postings::salary_currency,
    postings::salary_interval,
    postings::listed_at,
    diesel::dsl::IsNotNull<postings::owner_id>,
);

/// What a result card shows, for the search and a posting's page alike.
pub(super) fn card_columns() -> CardColumns {
    (
        postings::id,
        postings::title,
        postings::company_name,
        postings::locations,
        postings::workplace,
        postings::employment_type,
        postings::salary_min,
        postings::salary_max,
        postings::salary_currency,
        postings::salary_interval,
        postings::listed_at,
        postings::owner_id.is_not_null(),
    )
}

pub(super) fn card(row: Columns, snippet: Vec<SnippetPart>, fit: Option<u8>) -> PostingCard {
    PostingCard {
        id: row.0,
        title: row.1,
        company: row.2,
        locations: row.3,
        workplace: row.4,
        employment_type: row.5,
        salary: row.8.as_deref().and_then(|currency| {
            Salary::from_source(row.6.map(f64::from), row.7.map(f64::from), currency, row.9)
        }),
        listed_at: row.10,
        snippet,
        own: row.11,
        fit,
    }
}

/// One page of `search` for `viewer`.
pub fn search(
    conn: &mut PgConnection,
    viewer: UserId,
    search: &JobSearch,
) -> Result<JobResults, Error> {
    let sort = search.effective_sort();
    let cursor = search.after.as_deref().and_then(Cursor::decode);
    let offered = personal::offered(conn, viewer)?;
    let fit = || fit_score(&offered);
    let columns = card_columns();
    let limit = JobSearch::PER_PAGE + 1;
    let mut query = filtered(Among::VisibleTo(viewer), &offered, search);
    let mut rows: Vec<Row> = match (sort, &search.q) {
        (JobSort::Relevance, Some(q)) => {
            let rank = || rank(q);
            if let Some(Cursor::Relevance(after_rank, after_id)) = cursor {
                query = query.filter(
                    sql::<Bool>("(ts_rank_cd(search, websearch_to_tsquery('english', ")
                        .bind::<Text, _>(q.clone())
                        .sql(")), id) < (")
                        .bind::<Float, _>(after_rank)
                        .sql(", ")
                        .bind::<SqlUuid, _>(after_id)
                        .sql(")"),
                );
            }
            query
                .select((columns, rank(), fit()))
                .order((rank().desc(), postings::id.desc()))
                .limit(limit)
                .load::<Row>(conn)?
        }
        (JobSort::Fit, _) => {
            // Only the newest matches are ranked (`JobSearch::FIT_RANKED`); the outer query
            // scores just those, and the keyset pages through them.
            let newest = filtered(Among::VisibleTo(viewer), &offered, search)
                .select(postings::id)
                .order((postings::listed_at.desc(), postings::id.desc()))
                .limit(JobSearch::FIT_RANKED);
            query = postings::table
                .into_boxed()
                .filter(postings::id.eq_any(newest));
            if let Some(Cursor::Fit(after_score, after_id)) = cursor {
                query = query.filter(
                    fit()
                        .lt(after_score)
                        .or(fit().eq(after_score).and(postings::id.lt(after_id))),
                );
            }
            query
                .select((columns, sql::<Float>("0::real"), fit()))
                .order((fit().desc(), postings::id.desc()))
                .limit(limit)
                .load::<Row>(conn)?
        }
        _ => {
            if let Some(Cursor::Newest(after_at, after_id)) = cursor {
                query = query.filter(
                    sql::<Bool>("(listed_at, id) < (")
                        .bind::<Timestamptz, _>(after_at)
                        .sql(", ")
                        .bind::<SqlUuid, _>(after_id)
                        .sql(")"),
                );
            }
            query
                .select((columns, sql::<Float>("0::real"), fit()))
                .order((postings::listed_at.desc(), postings::id.desc()))
                .limit(limit)
                .load::<Row>(conn)?
        }
    };
    let next = (rows.len() as i64 > JobSearch::PER_PAGE).then(|| {
        rows.truncate(JobSearch::PER_PAGE as usize);
        let (last, rank, fit) = rows.last().expect("a full page has a last row");
        match sort {
            JobSort::Relevance => Cursor::Relevance(*rank, last.0),
            JobSort::Fit => Cursor::Fit(*fit, last.0),
            JobSort::Newest => Cursor::Newest(last.10, last.0),
        }
        .encode()
    });
    let counted = count(conn, Among::VisibleTo(viewer), &offered, search)?;
    let ids: Vec<JobPostingId> = rows.iter().map(|(row, ..)| row.0).collect();
    let snippets = snippets(conn, search.q.as_deref(), &ids)?;
    let suggestions = match &search.q {
        Some(q) if counted == 0 => suggestions(conn, q)?,
        _ => Vec::new(),
    };
    let rows = rows.into_iter().map(|(row, _, fit)| (row, fit)).collect();
    Ok(JobResults {
        rows: cards(rows, &snippets),
        total: total(counted),
        next,
        suggestions,
    })
}

/// The matches among `among`, counted up to one past the cap.
fn count(
    conn: &mut PgConnection,
    among: Among,
    offered: &Offered,
    search: &JobSearch,
) -> Result<i64, Error> {
    Ok(filtered(among, offered, search)
        .select(postings::id)
        .limit(JobSearch::COUNT_CAP + 1)
        .load::<JobPostingId>(conn)?
        .len() as i64)
}

fn total(counted: i64) -> Total {
    if counted > JobSearch::COUNT_CAP {
        Total::AtLeast(JobSearch::COUNT_CAP)
    } else {
        Total::Exactly(counted)
    }
}

/// Result cards from rows with their fit, each with its snippet from `snippets`.
fn cards(rows: Vec<(Columns, i32)>, snippets: &[(JobPostingId, String)]) -> Vec<PostingCard> {
    rows.into_iter()
        .map(|(row, fit)| {
            let snippet = snippets
                .iter()
                .find(|(id, _)| *id == row.0)
                .map(|(_, text)| parts(text))
                .unwrap_or_default();
            card(row, snippet, u8::try_from(fit).ok())
        })
        .collect()
}

/// How a first page is ordered when its feed postings are the same for every viewer: any first
/// page except one sorted or filtered by fit, which is per person.
#[derive(Debug, Clone, PartialEq)]
enum SharedOrder {
    Relevance(String),
    Newest,
}

impl SharedOrder {
    fn of(search: &JobSearch) -> Option<Self> {
        if search.after.is_some() || search.min_fit.is_some() {
            return None;
        }
        match (search.effective_sort(), &search.q) {
            (JobSort::Fit, _) => None,
            (JobSort::Relevance, Some(q)) => Some(Self::Relevance(q.clone())),
            _ => Some(Self::Newest),
        }
    }

    /// `a` before `b` in this order: as the SQL's `ORDER BY … DESC, id DESC`.
    fn compare(&self, a: &Place, b: &Place) -> std::cmp::Ordering {
        let by_key = match self {
            Self::Relevance(_) => b.rank().total_cmp(&a.rank()),
            Self::Newest => b.listed_at.cmp(&a.listed_at),
        };
        by_key.then_with(|| b.id.0.cmp(&a.id.0))
    }

    fn cursor(&self, last: &Place) -> Cursor {
        match self {
            Self::Relevance(_) => Cursor::Relevance(last.rank(), last.id),
            Self::Newest => Cursor::Newest(last.listed_at, last.id),
        }
    }
}

/// Whether `search`'s page can be made from a [`SharedFirstPage`].
pub fn has_shared_first_page(search: &JobSearch) -> bool {
    SharedOrder::of(search).is_some()
}

/// A row's place in a first page: its id and sort keys.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Place {
    id: JobPostingId,
    /// `ts_rank_cd`'s float4 as its bits: cached and compared exactly as PostgreSQL gave it.
    rank_bits: u32,
    listed_at: DateTime<Utc>,
}

impl Place {
    fn rank(&self) -> f32 {
        f32::from_bits(self.rank_bits)
    }
}

/// What a first page holds of the feed postings, the same for every viewer, so a cache keeps it
/// (`super::search_cache`): the best `PER_PAGE + 1` in order with the shown ones' snippets, how
/// many match (up to one past the cap), and "did you mean" when none does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedFirstPage {
    places: Vec<Place>,
    snippets: Vec<(JobPostingId, String)>,
    counted: i64,
    suggestions: Vec<String>,
}

/// The first `limit` places among `among`, in `order`.
fn places(
    conn: &mut PgConnection,
    among: Among,
    offered: &Offered,
    search: &JobSearch,
    order: &SharedOrder,
    limit: i64,
) -> Result<Vec<Place>, Error> {
    let query = filtered(among, offered, search);
    let found: Vec<(JobPostingId, f32, DateTime<Utc>)> = match order {
        SharedOrder::Relevance(q) => query
            .select((postings::id, rank(q), postings::listed_at))
            .order((rank(q).desc(), postings::id.desc()))
            .limit(limit)
            .load(conn)?,
        SharedOrder::Newest => query
            .select((postings::id, sql::<Float>("0::real"), postings::listed_at))
            .order((postings::listed_at.desc(), postings::id.desc()))
            .limit(limit)
            .load(conn)?,
    };
    Ok(found
        .into_iter()
        .map(|(id, rank, listed_at)| Place {
            id,
            rank_bits: rank.to_bits(),
            listed_at,
        })
        .collect())
}

fn shared_first_page(
    conn: &mut PgConnection,
    offered: &Offered,
    search: &JobSearch,
    order: &SharedOrder,
) -> Result<SharedFirstPage, Error> {
    let places = places(
        conn,
        Among::Feeds,
        offered,
        search,
        order,
        JobSearch::PER_PAGE + 1,
    )?;
    let counted = count(conn, Among::Feeds, offered, search)?;
    let shown: Vec<JobPostingId> = places
        .iter()
        .take(JobSearch::PER_PAGE as usize)
        .map(|place| place.id)
        .collect();
    let snippets = snippets(conn, search.q.as_deref(), &shown)?;
    let suggestions = match &search.q {
        Some(q) if counted == 0 => suggestions(conn, q)?,
        _ => Vec::new(),
    };
    Ok(SharedFirstPage {
        places,
        snippets,
        counted,
        suggestions,
    })
}

/// The page of `search` for `viewer`, the same as [`search`] gives. A first page every viewer
/// shares is made from its feed part (`cached`, or made now and returned for the cache) and the
/// viewer's own postings, merged in order.
pub fn page_with_shared(
    conn: &mut PgConnection,
    viewer: UserId,
    search: &JobSearch,
    cached: Option<SharedFirstPage>,
) -> Result<(JobResults, Option<SharedFirstPage>), Error> {
    let Some(order) = SharedOrder::of(search) else {
        return Ok((self::search(conn, viewer, search)?, None));
    };
    let offered = personal::offered(conn, viewer)?;
    let (shared, made) = match cached {
        Some(shared) => (shared, false),
        None => (shared_first_page(conn, &offered, search, &order)?, true),
    };
    let own = places(
        conn,
        Among::OwnedBy(viewer),
        &offered,
        search,
        &order,
        JobSearch::COUNT_CAP + 1,
    )?;
    let counted = shared.counted + own.len() as i64;
    let mut shown: Vec<Place> = shared
        .places
        .iter()
        .chain(own.iter().take(JobSearch::PER_PAGE as usize + 1))
        .copied()
        .collect();
    shown.sort_by(|a, b| order.compare(a, b));
    let next = (shown.len() as i64 > JobSearch::PER_PAGE).then(|| {
        shown.truncate(JobSearch::PER_PAGE as usize);
        order
            .cursor(shown.last().expect("a full page has a last row"))
            .encode()
    });
    let ids: Vec<JobPostingId> = shown.iter().map(|place| place.id).collect();
    let found: Vec<(Columns, i32)> = postings::table
        .filter(postings::id.eq_any(&ids))
        .select((card_columns(), fit_score(&offered)))
        .load(conn)?;
    // In the page's order; a posting removed since the cached part was made is left out.
    let rows: Vec<(Columns, i32)> = ids
        .iter()
        .filter_map(|id| found.iter().find(|(row, _)| row.0 == *id).cloned())
        .collect();
    // The shared part brings its snippets; the viewer's own shown postings need theirs.
    let own_shown: Vec<JobPostingId> = ids
        .iter()
        .filter(|id| own.iter().any(|place| place.id == **id))
        .copied()
        .collect();
    let mut snippets = snippets(conn, search.q.as_deref(), &own_shown)?;
    snippets.extend(shared.snippets.iter().cloned());
    let results = JobResults {
        rows: cards(rows, &snippets),
        total: total(counted),
        next,
        suggestions: if counted == 0 {
            shared.suggestions.clone()
        } else {
            Vec::new()
        },
    };
    Ok((results, made.then_some(shared)))
}

/// One posting for `viewer`: any feed posting (closed ones too), or their own.
pub fn detail(
    conn: &mut PgConnection,
    viewer: UserId,
    id: JobPostingId,
) -> Result<PostingDetail, Error> {
    use crate::schema::{applications, job_sources, saved_jobs};
    type Extra = (
        String,
        String,
        Option<String>,
        Option<DateTime<Utc>>,
        Vec<String>,
        Vec<String>,
        Option<i16>,
        Option<careerhub_domain::jobs::SourceKind>,
        bool,
    );
    type Personal = (
        Option<(Option<String>, DateTime<Utc>)>,
        Option<careerhub_domain::ids::ApplicationId>,
    );
    // The viewer's note and application come with the posting (at most one of each: the key of
    // saved_jobs, the unique index on applications).
    let (columns, extra, (saved, tracked)): (Columns, Extra, Personal) = postings::table
        .left_join(job_sources::table)
        .left_join(
            saved_jobs::table.on(saved_jobs::job_posting_id
                .eq(postings::id)
                .and(saved_jobs::user_id.eq(viewer))),
        )
        .left_join(
            applications::table.on(applications::job_posting_id
                .eq(postings::id.nullable())
                .and(applications::user_id.eq(viewer))),
        )
        .filter(postings::id.eq(id))
        .filter(visible_to(viewer))
        .select((
            card_columns(),
            (
                postings::description_html,
                postings::description_text,
                postings::url,
                postings::valid_through,
                postings::required_skills,
                postings::preferred_skills,
                postings::years_asked,
                job_sources::kind.nullable(),
                postings::closed_at.is_not_null(),
            ),
            (
                (saved_jobs::note, saved_jobs::saved_at).nullable(),
                applications::id.nullable(),
            ),
        ))
        .first(conn)?;
    let (
        description_html,
        description_text,
        url,
        valid_through,
        required,
        preferred,
        years_asked,
        source,
        closed,
    ) = extra;
    let names = |keys: Vec<String>| -> Vec<String> {
        keys.iter()
            .map(|key| {
                careerhub_domain::skills::canonical(key)
                    .map(|skill| skill.name)
                    .unwrap_or_else(|| key.clone())
            })
            .collect()
    };
    let snippet = parts(&description_text.chars().take(240).collect::<String>());
    let mut card = card(columns, snippet, None);
    let fit = matching::fit(
        &matching::Asked {
            required_skills: &required,
            preferred_skills: &preferred,
            workplace: card.workplace,
            locations: &card.locations,
            salary: card.salary.as_ref(),
            years_asked,
        },
        &personal::offered(conn, viewer)?,
    );
    card.fit = Some(fit.score);
    Ok(PostingDetail {
        fit,
        saved: saved.map(|(note, saved_at)| SavedNote { note, saved_at }),
        tracked,
        card,
        // Stored by the importer from `html::sanitise`.
        description_html: careerhub_domain::jobs::SanitisedHtml::from_sanitiser(description_html),
        url,
        valid_through,
        required_skills: names(required),
        preferred_skills: names(preferred),
        source,
        closed,
    })
}

#[derive(QueryableByName)]
struct Snippet {
    #[diesel(sql_type = SqlUuid)]
    id: JobPostingId,
    #[diesel(sql_type = Text)]
    snippet: String,
}

/// The shown rows' snippets: the description around the matched words, or its start.
fn snippets(
    conn: &mut PgConnection,
    q: Option<&str>,
    ids: &[JobPostingId],
) -> Result<Vec<(JobPostingId, String)>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    let found: Vec<Snippet> = match q {
        Some(q) => diesel::sql_query(format!(
            "SELECT id, ts_headline('english', left(description_text, 10000), \
                    websearch_to_tsquery('english', $1), \
                    'StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=30, MinWords=12, \
                     MaxFragments=2, FragmentDelimiter=\" … \"') AS snippet \
               FROM job_postings WHERE id = ANY($2)"
        ))
        .bind::<Text, _>(q)
        .bind::<Array<SqlUuid>, _>(&ids)
        .load(conn)?,
        None => diesel::sql_query(
            "SELECT id, left(description_text, 240) AS snippet FROM job_postings WHERE id = ANY($1)",
        )
        .bind::<Array<SqlUuid>, _>(&ids)
        .load(conn)?,
    };
    Ok(found
        .into_iter()
        .map(|found| (found.id, found.snippet))
        .collect())
}

/// A snippet split at the match marks into runs of plain and matched text, one line.
fn parts(snippet: &str) -> Vec<SnippetPart> {
    let flat = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts = Vec::new();
    let mut rest = flat.as_str();
    while let Some(start) = rest.find(MATCH_START) {
        if start > 0 {
            parts.push(SnippetPart {
                text: rest[..start].to_owned(),
                matched: false,
            });
        }
        let after = &rest[start + MATCH_START.len_utf8()..];
        let end = after.find(MATCH_END).unwrap_or(after.len());
        parts.push(SnippetPart {
            text: after[..end].to_owned(),
            matched: true,
        });
        rest = after.get(end + MATCH_END.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push(SnippetPart {
            text: rest.to_owned(),
            matched: false,
        });
    }
    parts
}

#[derive(QueryableByName)]
struct Suggestion {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Company names and open titles that hold something like `q` (trigram word similarity, which
/// the GIN trigram indexes serve), best first.
fn suggestions(conn: &mut PgConnection, q: &str) -> Result<Vec<String>, Error> {
    let found: Vec<Suggestion> = diesel::sql_query(
        "SELECT name FROM (
            SELECT name, word_similarity($1, name) AS score FROM companies WHERE $1 <% name
            UNION
            SELECT title, word_similarity($1, title) FROM job_postings
             WHERE closed_at IS NULL AND owner_id IS NULL AND $1 <% title
         ) close ORDER BY score DESC, name LIMIT 3",
    )
    .bind::<Text, _>(q)
    .load(conn)?;
    Ok(found
        .into_iter()
        .map(|found| found.name)
        .filter(|name| !name.eq_ignore_ascii_case(q))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_anything_else_is_the_first_page() {
        let id = JobPostingId(uuid::Uuid::now_v7());
        for cursor in [
            Cursor::Newest(
                DateTime::from_timestamp_micros(1_764_000_000_123_456).unwrap(),
                id,
            ),
            Cursor::Relevance(0.060_792_7, id),
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        }
        for junk in [
            "",
            "n",
            "n.x.y",
            "r.NaN.0193a1b2-0000-7000-8000-000000000000",
            "z.1.2",
        ] {
            assert_eq!(Cursor::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn snippets_become_text_runs_and_patterns_match_literally() {
        let parts = parts("Build \u{e000}Rust\u{e001} services <b>\n now");
        assert_eq!(
            parts,
            [
                SnippetPart {
                    text: "Build ".into(),
                    matched: false
                },
                SnippetPart {
                    text: "Rust".into(),
                    matched: true
                },
                SnippetPart {
                    text: " services <b> now".into(),
                    matched: false
                },
            ]
        );
        assert_eq!(contains("100%_off\\"), "%100\\%\\_off\\\\%");
    }
}
