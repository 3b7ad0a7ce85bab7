//! How a page's data travels from the server-rendered page to the browser: as JSON, read from
//! bytes.
//!
//! Leptos's default resource codec reads the JSON from a `&str`, while server function responses
//! (the same types, when a page loads its data again) are read from bytes. serde monomorphises
//! a type's whole reader once per input kind, so the wasm carried two readers for every type a
//! page loads; one codec for both halved that (docs/scaling.md, "wasm size").

use careerhub_domain::FormError;
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON written as a string and read back from its bytes.
pub struct JsonCodec;

impl<T: Serialize> Encoder<T> for JsonCodec {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonCodec {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(json.as_bytes())
    }
}

/// What a page loads through a server function, shown by `<Load>`.
pub type PageData<T> = Resource<Result<T, FormError>, JsonCodec>;

/// A [`PageData`] resource: `fetcher` runs again whenever `source`'s value changes (on the server
/// once, its value serialised into the page for hydration).
#[track_caller]
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, FormError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
