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

pub mod extra_pages;
pub mod forms;
pub mod helping;
pub mod network;
pub mod own_content;
pub mod receiver;
pub mod refuse_audit;
pub mod staff;
pub mod world;

pub struct TestApp {
    pub router: Router,
    pub app: App,
    /// The clock every rule reads: tests move it instead of sleeping.
    pub clock: FixedClock,
    pub dir: tempfile::TempDir,
    /// The fresh PostgreSQL database, when the test runs on PostgreSQL.
    pub postgres: Option<(
        zk_store_postgres::PostgresStore,
        zk_store_postgres::test_db::TestDatabase,
    )>,
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
        trust_forwarded_for: false,
        fhir_max_body_bytes: zk_web::DEFAULT_FHIR_MAX_BODY_BYTES,
        fhir_max_import_bytes: zk_web::DEFAULT_FHIR_MAX_IMPORT_BYTES,
    }
}

pub fn app_on(store: Arc<dyn Store>, clock: &FixedClock) -> App {
    App::new(store, Arc::new(clock.clone()), SecretKey::generate())
}

impl TestApp {
    pub async fn new(demo: bool) -> Self {
        Self::with_config(demo, |c| c).await
    }

    pub async fn with_config(demo: bool, adjust: impl FnOnce(WebConfig) -> WebConfig) -> Self {
        Self::build(demo, adjust, zk_app::Policy::default()).await
    }

    /// The same router on a fresh PostgreSQL database; call `finish` at the end to drop it.
    pub async fn postgres() -> Self {
        Self::postgres_with_policy(zk_app::Policy::default()).await
    }

    /// [`TestApp::postgres`] with `policy`.
    pub async fn postgres_with_policy(policy: zk_app::Policy) -> Self {
        let db = zk_store_postgres::test_db::TestDatabase::create()
            .await
            .unwrap();
        let store = zk_store_postgres::PostgresStore::connect(&db.url)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
        let mut app = app_on(Arc::new(store.clone()), &clock);
        app.policy = policy;
        let state = AppState::new(app.clone(), config(None)).unwrap();
        Self {
            router: zk_web::router(state),
            app,
            clock,
            dir: tempfile::tempdir().unwrap(),
            postgres: Some((store, db)),
        }
    }

    /// A second instance on the same PostgreSQL database: its own connection pool and router,
    /// the same secret key and clock, as two servers behind one load balancer.
    pub async fn second_instance(&self) -> Self {
        let (_, db) = self.postgres.as_ref().expect("a PostgreSQL test app");
        let store = zk_store_postgres::PostgresStore::connect(&db.url)
            .await
            .unwrap();
        let app = App {
            store: Arc::new(store),
            ..self.app.clone()
        };
        let state = AppState::new(app.clone(), config(None)).unwrap();
        Self {
            router: zk_web::router(state),
            app,
            clock: self.clock.clone(),
            dir: tempfile::tempdir().unwrap(),
            postgres: None,
        }
    }

    /// Drops the PostgreSQL test database, if there is one.
    pub async fn finish(self) {
        if let Some((store, db)) = self.postgres {
            store.close().await;
            db.drop().await.unwrap();
        }
    }

    /// The router on an app whose password hashes go through `gate` (to cross its bound).
    pub async fn with_hashing(gate: zk_app::hashing::HashGate) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
        let mut app = app_on(Arc::new(store), &clock);
        app.hashing = Arc::new(gate);
        let state = AppState::new(app.clone(), config(None)).unwrap();
        Self {
            router: zk_web::router(state),
            app,
            clock,
            dir,
            postgres: None,
        }
    }

    pub async fn with_policy(policy: zk_app::Policy) -> Self {
        Self::build(false, |c| c, policy).await
    }

    async fn build(
        demo: bool,
        adjust: impl FnOnce(WebConfig) -> WebConfig,
        policy: zk_app::Policy,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
        let mut app = app_on(Arc::new(store), &clock);
        app.policy = policy;
        let outbox = demo.then(|| dir.path().join("outbox"));
        let state = AppState::new(app.clone(), adjust(config(outbox))).unwrap();
        Self {
            router: zk_web::router(state),
            app,
            clock,
            dir,
            postgres: None,
        }
    }

    /// Sends a request as if from 127.0.0.1 (an operator on the machine, or any client: the
    /// attempt limits see one address).
    pub async fn send(&self, request: Request<Body>) -> Reply {
        self.send_from([127, 0, 0, 1], request).await
    }

    /// Sends a request as if from the IPv4 address `ip`.
    pub async fn send_from(&self, ip: [u8; 4], mut request: Request<Body>) -> Reply {
        let peer = std::net::SocketAddr::from((ip, 40000));
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
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

/// A browser: keeps cookies between requests and sends forms like a browser does.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: std::collections::BTreeMap<String, String>,
    /// The IPv4 address its requests come from (127.0.0.1 unless moved with [`Browser::at`]).
    pub ip: [u8; 4],
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: Default::default(),
            ip: [127, 0, 0, 1],
        }
    }

    /// The same browser, sending from `ip` from now on (another network, another place).
    pub fn at(mut self, ip: [u8; 4]) -> Self {
        self.ip = ip;
        self
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, reply: &Reply) {
        for value in reply.headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            let pair = value.split(';').next().unwrap();
            let (name, v) = pair.split_once('=').unwrap();
            if v.is_empty() || value.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), v.to_owned());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let request = Request::get(path)
            .header("cookie", self.cookie_header())
            .body(Body::empty())
            .unwrap();
        let reply = self.app.send_from(self.ip, request).await;
        self.keep_cookies(&reply);
        reply
    }

    /// Posts a form as a same-origin browser would.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::post(path)
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
            )
            .body(Body::from(body))
            .unwrap();
        let reply = self.app.send_from(self.ip, request).await;
        self.keep_cookies(&reply);
        reply
    }

    /// Posts and follows the redirect, asserting there is one to `expected`.
    pub async fn post_to(&mut self, path: &str, form: &[(&str, &str)], expected: &str) -> Reply {
        let reply = self.post(path, form).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "POST {path}: {}",
            reply.body
        );
        assert_eq!(reply.header("location"), expected, "POST {path}");
        self.get(expected).await
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
