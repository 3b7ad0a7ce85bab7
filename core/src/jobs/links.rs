//! "Paste a link": the page a person links is read for its schema.org `JobPosting` data and
//! becomes a posting of their own. The page is fetched by the server, so only through the client
//! that reaches public addresses ([`fetch::link_client`]), bounded in time and size like a feed.

use careerhub_domain::FormError;
use careerhub_domain::ids::UserId;
use careerhub_domain::jobs::{FeedPosting, SourceKind};
use url::Url;

use super::fetch::{self, Fetched, Validators};
use super::readers::{self, Context};
use crate::config::JobFeeds;
use crate::ratelimit::{Limit, RateLimiter};
use crate::service::Error;

/// Links read per person and hour: each costs a request to another site on their behalf.
pub const POSTING_LINKS_PER_USER: Limit = Limit::per_minutes("posting_link", 30, 60);

#[derive(Clone)]
pub struct Links {
    feeds: JobFeeds,
    limiter: RateLimiter,
}

impl Links {
    pub fn new(feeds: JobFeeds, limiter: RateLimiter) -> Self {
        Self { feeds, limiter }
    }

    /// The posting on the page at `address`; what went wrong is said on the link's field.
    pub async fn read(&self, owner: UserId, address: &Url) -> Result<FeedPosting, Error> {
        let refused = |reason: String| Error::Form(FormError::field("url", reason));
        if !fetch::may_reach(address, &self.feeds.link_private_networks) {
            return Err(refused(format!(
                "Careerhub cannot read that address: {}.",
                fetch::NotReachable
            )));
        }
        self.limiter
            .hit(POSTING_LINKS_PER_USER, &owner.to_string())
            .await?;
        let client = fetch::link_client(&self.feeds)
            .map_err(|reason| Error::internal("reading a linked posting", reason))?;
        let validators = Validators::default();
        let body = match fetch::fetch(&client, address, &validators, self.feeds.max_bytes).await {
            Ok(Fetched::Body { bytes, .. }) => bytes,
            // Never sent validators, so never "not modified": nothing to read.
            Ok(Fetched::NotModified) => Vec::new(),
            Err(reason) => return Err(refused(format!("Could not read that page: {reason}."))),
        };
        let context = Context {
            company: None,
            locator: address.as_str(),
        };
        let posting = readers::read(SourceKind::JsonLd, &body, &context)
            .ok()
            .and_then(|postings| postings.into_iter().next())
            .ok_or_else(|| {
                refused(
                    "That page has no job posting Careerhub can read (schema.org JobPosting \
                     data). Type it in below instead."
                        .to_owned(),
                )
            })?;
        Ok(FeedPosting {
            url: posting.url.or_else(|| Some(address.to_string())),
            ..posting
        })
    }
}
