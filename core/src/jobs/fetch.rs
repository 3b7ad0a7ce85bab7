//! Reading a feed over HTTP: conditional (ETag / Last-Modified), bounded in time and in size.

use std::net::SocketAddr;
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use url::{Host, Url};

use crate::config::JobFeeds;
use crate::net::{self, Network};

/// What a source answered.
pub enum Fetched {
    /// 304: nothing changed since the validators we sent.
    NotModified,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// The validators of the last answer, sent back so an unchanged feed costs a 304.
#[derive(Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What every job request has: the feeds' time limits and a user agent saying what it is for.
fn builder(feeds: &JobFeeds, purpose: &str) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(feeds.timeout)
        .connect_timeout(feeds.timeout.min(std::time::Duration::from_secs(10)))
        .user_agent(format!(
            "Careerhub/{} ({purpose})",
            env!("CARGO_PKG_VERSION")
        ))
}

pub fn client(feeds: &JobFeeds) -> Result<reqwest::Client, String> {
    builder(feeds, "job feed reader")
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .map_err(|err| format!("cannot make an HTTP client: {err}"))
}

/// A client for links people paste: it reaches public addresses only (and the blocks the
/// operator allowed), whatever a name resolves to and wherever a redirect leads; no proxy, so
/// the check is of the address actually connected to.
pub fn link_client(feeds: &JobFeeds) -> Result<reqwest::Client, String> {
    let allowed = Arc::new(feeds.link_private_networks.clone());
    let redirects = allowed.clone();
    builder(feeds, "reading a job posting a person linked")
        .no_proxy()
        .dns_resolver(Arc::new(ReachableOnly { allowed }))
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("it redirects too many times")
            } else if !may_reach(attempt.url(), &redirects) {
                attempt.error(NotReachable)
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(|err| format!("cannot make an HTTP client: {err}"))
}

/// Whether a link may be requested as written: an address in it must be reachable; a name is
/// checked when it resolves ([`ReachableOnly`]).
pub fn may_reach(url: &Url, allowed: &[Network]) -> bool {
    matches!(url.scheme(), "http" | "https")
        && match url.host() {
            Some(Host::Domain(_)) => true,
            Some(Host::Ipv4(address)) => net::reachable(address.into(), allowed),
            Some(Host::Ipv6(address)) => net::reachable(address.into(), allowed),
            None => false,
        }
}

/// The address a link names is not one Careerhub may reach.
#[derive(Debug)]
pub struct NotReachable;

impl std::fmt::Display for NotReachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("it is not on the public internet")
    }
}

impl std::error::Error for NotReachable {}

/// Name resolution that keeps only the addresses a link may reach.
struct ReachableOnly {
    allowed: Arc<Vec<Network>>,
}

impl reqwest::dns::Resolve for ReachableOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
                .await?
                .filter(|address| net::reachable(address.ip(), &allowed))
                .collect();
            if found.is_empty() {
                return Err(Box::new(NotReachable) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// GETs `url`; an error is a sentence for the source's status.
pub async fn fetch(
    client: &reqwest::Client,
    url: &Url,
    validators: &Validators,
    max_bytes: usize,
) -> Result<Fetched, String> {
    let mut request = client.get(url.clone());
    if let Some(etag) = &validators.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(modified) = &validators.last_modified {
        request = request.header(IF_MODIFIED_SINCE, modified);
    }
    let mut response = request.send().await.map_err(|err| describe(&err))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(format!("the source answered {status}"));
    }
    let too_large = || format!("the answer is larger than {} MB", max_bytes / (1024 * 1024));
    if response
        .content_length()
        .is_some_and(|length| length > max_bytes as u64)
    {
        return Err(too_large());
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|err| describe(&err))? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched::Body {
        bytes,
        etag,
        last_modified,
    })
}

fn describe(err: &reqwest::Error) -> String {
    // The guard's refusal, however deep the client wrapped it (an io::Error hides what it
    // wraps from `source`).
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let wrapped = cause
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        if cause.is::<NotReachable>() || wrapped.is_some_and(|inner| inner.is::<NotReachable>()) {
            return format!("cannot connect to the source: {NotReachable}");
        }
        source = cause.source();
    }
    if err.is_timeout() {
        "the source did not answer in time".to_owned()
    } else if err.is_connect() {
        format!("cannot connect to the source: {err}")
    } else {
        format!("reading the source failed: {err}")
    }
}
