//! How a page's data travels to the browser: in postcard, a compact binary form of serde, both
//! inside the server-rendered page (base64, for hydration) and in a loader's answer when the page
//! loads its data again.
//!
//! One encoding for both, because serde monomorphises a type's whole reader once per format (and
//! per input kind): two readers per type a page loads were twice the code. Postcard and not JSON,
//! because a JSON reader matches every field by name and also reads a struct written as an array,
//! while postcard reads the fields in order: an application's readers went from 53 KiB of code to
//! 13 (docs/scaling.md, "Page data in postcard, dates by hand"). Errors stay JSON (`FormError`),
//! as do form answers.

use careerhub_domain::FormError;
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The answer encoding of every loader, the server function a [`page_data`] fetcher calls:
/// `#[server(prefix = "/api", endpoint = "…", output = PageDataEncoding)]`. Its arguments come
/// as a form, as every server function's do.
pub type PageDataEncoding = server_fn::codec::Postcard;

/// Page data written into the server-rendered page and read back by hydration, in the encoding
/// loaders answer with.
pub struct PageDataCodec;

impl<T: Serialize> Encoder<T> for PageDataCodec {
    type Error = postcard::Error;
    type Encoded = Vec<u8>;

    fn encode(value: &T) -> Result<Vec<u8>, Self::Error> {
        postcard::to_allocvec(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for PageDataCodec {
    type Error = postcard::Error;
    type Encoded = [u8];

    fn decode(bytes: &[u8]) -> Result<T, Self::Error> {
        postcard::from_bytes(bytes)
    }
}

/// What a page loads through a server function, shown by `<Load>`.
pub type PageData<T> = Resource<Result<T, FormError>, PageDataCodec>;

/// A [`PageData`] resource: `fetcher` runs again whenever `source`'s value changes (on the server
/// once, its value serialised into the page for hydration). The server function it calls answers
/// in [`PageDataEncoding`].
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
