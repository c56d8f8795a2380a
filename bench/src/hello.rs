//! `zk-hello ADDRESS`: a bare axum handler answering "hello", the ceiling that the HTTP
//! benchmark (`bench/http.sh`) compares Zorgkring's own routes against in the same run.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18182".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
