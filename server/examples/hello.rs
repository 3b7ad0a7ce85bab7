//! A bare axum "hello" (`bench/compare.sh`'s floor): the same axum, tokio, listener options and
//! release profile as Careerhub, and nothing else. `BIND_ADDR` (default 127.0.0.1:3401).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3401".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(careerhub_server::without_nagle(listener), app).await
}
