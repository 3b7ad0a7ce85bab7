//! Works out once per request where it came from (`core::net::client_address`: the connection's
//! peer, or the `X-Forwarded-For` client when the peer is one of `TRUSTED_PROXIES`) and leaves it
//! in the request's extensions for the audit log and per-IP limits.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_core::net::{ClientAddress, Network, client_address};

#[derive(Clone)]
pub struct TrustedProxies(pub Arc<[Network]>);

pub async fn record(
    axum::extract::State(trusted): axum::extract::State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let forwarded_for = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok());
        let client = client_address(peer.ip(), forwarded_for, &trusted.0);
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}
