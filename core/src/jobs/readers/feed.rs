//! RSS and Atom job feeds, read by feed-rs. A feed names no company per item: the source's
//! company, else "Title at Company" in the item's title, else the feed's own title.

use careerhub_domain::jobs::{CompanyInfo, FeedPosting};

use super::{Context, derived_id};

pub fn read(body: &[u8], context: &Context<'_>) -> Result<Vec<FeedPosting>, String> {
    let feed =
        feed_rs::parser::parse(body).map_err(|err| format!("the feed cannot be read: {err}"))?;
    let feed_title = feed.title.map(|title| title.content);
    Ok(feed
        .entries
        .into_iter()
        .map(|entry| {
            let heading = entry.title.map(|title| title.content).unwrap_or_default();
            let (title, company) = match (context.company, heading.rsplit_once(" at ")) {
                (Some(company), _) => (heading.clone(), company.to_owned()),
                (None, Some((title, company))) => (title.to_owned(), company.to_owned()),
                (None, None) => (heading.clone(), feed_title.clone().unwrap_or_default()),
            };
            let url = entry.links.first().map(|link| link.href.clone());
            let description = entry
                .content
                .and_then(|content| content.body)
                .or(entry.summary.map(|summary| summary.content))
                .unwrap_or_default();
            FeedPosting {
                external_id: if entry.id.is_empty() {
                    derived_id(&[&heading, url.as_deref().unwrap_or_default()])
                } else {
                    entry.id
                },
                title: title.trim().to_owned(),
                company: CompanyInfo {
                    name: company.trim().to_owned(),
                    website: None,
                },
                locations: Vec::new(),
                workplace: None,
                employment_type: None,
                salary: None,
                description_html: description,
                url,
                posted_at: entry.published.or(entry.updated),
                valid_through: None,
                // Feed categories are departments as often as skills.
                listed_skills: Vec::new(),
            }
        })
        .collect())
}
