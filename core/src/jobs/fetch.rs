//! Reading a feed over HTTP: conditional (ETag / Last-Modified), bounded in time and in size.

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use url::Url;

use crate::config::JobFeeds;

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

pub fn client(feeds: &JobFeeds) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(feeds.timeout)
        .connect_timeout(feeds.timeout.min(std::time::Duration::from_secs(10)))
        .user_agent(concat!(
            "Careerhub/",
            env!("CARGO_PKG_VERSION"),
            " (job feed reader)"
        ))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .map_err(|err| format!("cannot make an HTTP client: {err}"))
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
    if err.is_timeout() {
        "the source did not answer in time".to_owned()
    } else if err.is_connect() {
        format!("cannot connect to the source: {err}")
    } else {
        format!("reading the source failed: {err}")
    }
}
