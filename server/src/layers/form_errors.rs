//! The error a plain (no-JavaScript) form gets back travels in the redirect URL: server_fn appends
//! `__path` (which server function) and `__err` (the error with the values typed, base64 JSON) to
//! the form's page, and Leptos shows it there on the server and again while hydrating. Anyone can
//! write such a URL, so on its own it lets a link put words and values of an attacker's choosing
//! into our forms.
//!
//! This layer makes the payload ours alone: on the way out it signs `__path` + `__err` with an
//! HMAC keyed by a random per-browser cookie (HttpOnly, so no page script or other site can read
//! it), and on the way in a page whose URL carries a payload without a valid signature for this
//! browser is redirected to the same address without it. It also keeps form redirects on our own
//! site: the Referer a redirect goes back to is used only when it points at this origin.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use http::{HeaderValue, Method, header};
use sha2::Sha256;

const ERROR: &str = "__err";
const PATH: &str = "__path";
const SIGNATURE: &str = "__sig";

#[derive(Clone)]
pub struct FormErrorPolicy {
    pub origin: Arc<str>,
    pub cookie_name: &'static str,
    pub secure: bool,
}

impl FormErrorPolicy {
    pub fn new(origin: String, https: bool) -> Self {
        Self {
            origin: origin.into(),
            // `__Host-` pins the cookie to this host (no Domain, Path=/, Secure): a sibling
            // subdomain cannot plant one.
            cookie_name: if https {
                "__Host-careerhub-form"
            } else {
                "careerhub-form"
            },
            secure: https,
        }
    }
}

pub async fn sign_and_check(
    State(policy): State<FormErrorPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let binding = cookie(&request, policy.cookie_name);
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && let Some(query) = request.uri().query()
        && carries_payload(query)
        && !signed_for(query, binding.as_deref())
    {
        tracing::warn!(path = %request.uri().path(), "dropped a form error this browser was not sent");
        let clean = with_query(request.uri().path(), &strip(query));
        return Redirect::to(&clean).into_response();
    }
    let mut response = next.run(request).await;
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    let Some((path, query)) = local_target(&location, &policy.origin) else {
        return response;
    };
    let mut new_cookie = None;
    let target = match query {
        Some(query) if value_of(&query, ERROR).is_some() => {
            let binding = binding.unwrap_or_else(|| {
                let fresh = careerhub_core::tokens::generate().0;
                new_cookie = Some(fresh.clone());
                fresh
            });
            with_query(&path, &sign(&strip(&query), &query, &binding))
        }
        // A success leaves the signature of an earlier failure behind: drop it.
        Some(query) if carries_payload(&query) => with_query(&path, &strip(&query)),
        // Our own relative redirects are left exactly as written.
        _ if location.starts_with('/') && !location.starts_with("//") => return response,
        Some(query) => with_query(&path, &query),
        None => path,
    };
    if let Ok(value) = HeaderValue::from_str(&target) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    if let Some(binding) = new_cookie {
        let secure = if policy.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={binding}; Path=/; HttpOnly; SameSite=Lax{secure}",
            policy.cookie_name
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The path and query of a redirect target when it is on this site; a foreign absolute URL (a
/// forged Referer) becomes the home page. Relative targets are ours by construction.
fn local_target(location: &str, origin: &str) -> Option<(String, Option<String>)> {
    let relative = if let Some(rest) = location.strip_prefix(origin) {
        if !rest.is_empty() && !rest.starts_with('/') && !rest.starts_with('?') {
            "/"
        } else {
            rest
        }
    } else if location.starts_with('/') && !location.starts_with("//") {
        location
    } else if location.contains("://") || location.starts_with("//") {
        "/"
    } else {
        return None;
    };
    let relative = relative.split('#').next().unwrap_or_default();
    let (path, query) = match relative.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (relative, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    Some((path.to_owned(), query))
}

fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(query.as_bytes()).into_owned()
}

fn carries_payload(query: &str) -> bool {
    pairs(query).any(|(key, _)| key == ERROR || key == PATH || key == SIGNATURE)
}

fn value_of(query: &str, name: &str) -> Option<String> {
    pairs(query).find(|(key, _)| key == name).map(|(_, v)| v)
}

/// The query without the payload's three parameters.
fn strip(query: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs(query) {
        if key != ERROR && key != PATH && key != SIGNATURE {
            out.append_pair(&key, &value);
        }
    }
    out.finish()
}

/// `rest` (the query without the payload) followed by the payload of `query` and its signature.
fn sign(rest: &str, query: &str, binding: &str) -> String {
    let path = value_of(query, PATH).unwrap_or_default();
    let error = value_of(query, ERROR).unwrap_or_default();
    let mut out = url::form_urlencoded::Serializer::new(rest.to_owned());
    out.append_pair(PATH, &path)
        .append_pair(ERROR, &error)
        .append_pair(
            SIGNATURE,
            &URL_SAFE_NO_PAD.encode(mac(binding, &path, &error).finalize().into_bytes()),
        );
    out.finish()
}

fn signed_for(query: &str, binding: Option<&str>) -> bool {
    let (Some(binding), Some(path), Some(error), Some(signature)) = (
        binding,
        value_of(query, PATH),
        value_of(query, ERROR),
        value_of(query, SIGNATURE),
    ) else {
        return false;
    };
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature.as_bytes()) else {
        return false;
    };
    mac(binding, &path, &error).verify_slice(&signature).is_ok()
}

fn mac(binding: &str, path: &str, error: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(binding.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(path.as_bytes());
    mac.update(b"\0");
    mac.update(error.as_bytes());
    mac
}

fn cookie(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && value.len() == 64)
        .map(|(_, value)| value.to_owned())
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_site() {
        let origin = "http://127.0.0.1:3000";
        let local = |location| local_target(location, origin);
        assert_eq!(
            local("http://127.0.0.1:3000/applications?a=1"),
            Some(("/applications".into(), Some("a=1".into())))
        );
        assert_eq!(local("/x"), Some(("/x".into(), None)));
        assert_eq!(local("https://evil.example/x?y"), Some(("/".into(), None)));
        assert_eq!(local("//evil.example/x"), Some(("/".into(), None)));
        assert_eq!(
            local("http://127.0.0.1:3000.evil.example/"),
            Some(("/".into(), None))
        );
    }

    #[test]
    fn a_signature_holds_only_for_its_browser_and_payload() {
        let binding = "a".repeat(64);
        let signed = sign("q=1", "__path=%2Fapi%2Fx&__err=abc", &binding);
        assert!(signed.starts_with("q=1&__path=%2Fapi%2Fx&__err=abc&__sig="));
        assert!(signed_for(&signed, Some(&binding)));
        assert!(!signed_for(&signed, Some(&"b".repeat(64))));
        assert!(!signed_for(&signed, None));
        assert!(!signed_for(&signed.replace("abc", "abd"), Some(&binding)));
        assert!(!signed_for("__path=%2Fapi%2Fx&__err=abc", Some(&binding)));
        assert_eq!(strip(&signed), "q=1");
    }
}
