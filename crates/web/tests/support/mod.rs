//! Test support: the router on a fresh SQLite database with a fixed clock, and a small client
//! that sends requests the way a browser would.

#![allow(dead_code, reason = "each test binary uses part of this module")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test support")]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;
use zk_app::{App, SecretKey};
use zk_domain::FixedClock;
use zk_store::Store;
use zk_store_sqlite::SqliteStore;
use zk_web::{AppState, WebConfig};

pub struct TestApp {
    pub router: Router,
    pub app: App,
    pub dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

pub fn config(demo_outbox: Option<std::path::PathBuf>) -> WebConfig {
    WebConfig {
        brand: "Zorgkring".into(),
        public_url: "http://127.0.0.1:8080".into(),
        support_email: "support@zorgkring.example".into(),
        demo_outbox,
    }
}

pub fn app_on(store: Arc<dyn Store>) -> App {
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    App::new(store, Arc::new(clock), SecretKey::generate())
}

impl TestApp {
    pub async fn new(demo: bool) -> Self {
        Self::with_config(demo, |c| c).await
    }

    pub async fn with_config(demo: bool, adjust: impl FnOnce(WebConfig) -> WebConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let app = app_on(Arc::new(store));
        let outbox = demo.then(|| dir.path().join("outbox"));
        let state = AppState::new(app.clone(), adjust(config(outbox))).unwrap();
        Self {
            router: zk_web::router(state),
            app,
            dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}
