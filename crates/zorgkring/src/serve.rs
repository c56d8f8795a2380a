//! `zorgkring serve`: check the settings and take the port, open and migrate the database, load
//! the key (sealing what waits in the outbox with it), seed the demo world when
//! asked, start the outbox, import and data export workers, the removal of expired letter PDFs,
//! the e-mails about unread messages, the sweep of expired sessions, links and counters, and
//! the web server, and stop them cleanly on SIGTERM (an import stops between chunks and is
//! continued after a restart).

use crate::cli::ServeArgs;
use crate::{demo, secret_file, storage, transports};
use anyhow::anyhow;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use zk_app::App;
use zk_app::webhooks::SealedTargets;
use zk_domain::SystemClock;
use zk_notify::{GuardedClient, HttpWebhook, OutboxWorker};
use zk_web::{AppState, WebConfig};

/// How often the outbox worker looks for due messages.
const OUTBOX_POLL: Duration = Duration::from_secs(2);
/// How often sealed letter PDFs past their 24 hours are removed.
const PDF_CLEANUP_EVERY: Duration = Duration::from_secs(10 * 60);
/// How often the import worker looks for waiting bulk imports.
const IMPORT_POLL: Duration = Duration::from_secs(2);
/// How often unread messages are looked for, to announce them by e-mail.
const MESSAGE_NOTICES_EVERY: Duration = Duration::from_secs(60);
/// How often the export worker looks for requested data exports and removes expired ones.
const EXPORT_POLL: Duration = Duration::from_secs(5);
/// How often expired registrations, sessions, links, counters and SMS codes are removed.
const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let data_dir = args.storage.data_dir.clone();
    // Everything that can be refused is checked before anything is written, so a mistake (a
    // port in use, an unreadable file) leaves no data folder, key or schema behind. The flags
    // themselves, such as --public-url, were checked while they were read.
    let transports = transports::choose(&args, &data_dir)?;
    let known_key = secret_file::read(args.secret_key_file.as_deref(), &data_dir)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            anyhow!(
                "cannot listen on {}: {e}. Choose another address with --listen (or ZK_LISTEN).",
                args.listen
            )
        })?;
    let backend = storage::open(&args.storage).await?;
    backend.migrate().await?;
    let store = backend.store();
    let key = secret_file::settle(known_key, &data_dir, store.as_ref()).await?;
    // Messages queued by a version from before the outbox was sealed.
    let sealed = store.seal_plain_messages().await?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "sealed messages that waited in the outbox in plain text"
        );
    }

    let mut app = App::new(store.clone(), Arc::new(SystemClock), key);
    app.policy.sessions = zk_app::registration::SessionPolicy {
        idle: jiff::SignedDuration::from_mins(i64::from(args.session_idle_minutes)),
        absolute: jiff::SignedDuration::from_hours(i64::from(args.session_max_hours)),
    };
    app.policy.webhooks_allow_loopback = args.webhooks_allow_loopback;
    if args.webhooks_allow_loopback {
        tracing::warn!(
            "webhooks may go to this machine (--webhooks-allow-loopback): for development only"
        );
    }
    app.policy.sms_countries = args.sms_allowed_countries;
    app.policy.sms_per_hour = args.sms_per_hour;
    app.policy.sms_per_ip_per_hour = args.sms_per_ip_per_hour;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.listen));
    let world = if args.demo {
        Some(demo::ensure_seeded(&app, &data_dir).await?)
    } else {
        None
    };

    let config = WebConfig {
        brand: args.brand_name.clone(),
        public_url: public_url.clone(),
        support_email: args.support_email.clone(),
        demo_outbox: args.demo.then(|| data_dir.join("outbox")),
        trust_forwarded_for: args.trust_forwarded_for,
        fhir_max_body_bytes: usize::try_from(args.fhir_max_body_bytes).unwrap_or(usize::MAX),
        fhir_max_import_bytes: usize::try_from(args.fhir_max_import_bytes).unwrap_or(usize::MAX),
    };
    let state = AppState::new(app.clone(), config).map_err(|e| anyhow!(e))?;

    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = OutboxWorker::new(
        store.clone(),
        app.clock.clone(),
        transports.mail,
        transports.sms,
    )
    .with_webhooks(Arc::new(HttpWebhook::new(
        Arc::new(SealedTargets::new(app.clone())),
        app.clock.clone(),
        GuardedClient::new(zk_app::webhooks::reach(&app)).map_err(|e| anyhow!(e))?,
    )));
    let pdf_cleanup = tokio::spawn(zk_app::letter_print::run_pdf_cleanup(
        app.clone(),
        PDF_CLEANUP_EVERY,
        stop_rx.clone(),
    ));
    let importer = zk_app::fhir_api::import::ImportWorker::new(
        app.clone(),
        zk_app::fhir_api::import::line_limits(state.config.fhir_max_body_bytes),
    );
    let importer = tokio::spawn(importer.run(IMPORT_POLL, stop_rx.clone()));
    let notices = tokio::spawn(zk_web::message_notices::run(
        state.clone(),
        MESSAGE_NOTICES_EVERY,
        stop_rx.clone(),
    ));
    let exporter = tokio::spawn(zk_app::export::run(
        app.clone(),
        zk_web::export_summaries(&state),
        EXPORT_POLL,
        stop_rx.clone(),
    ));
    let sweeper = tokio::spawn(zk_app::sweep::run(
        app.clone(),
        SWEEP_EVERY,
        stop_rx.clone(),
    ));
    let worker = tokio::spawn(worker.run(OUTBOX_POLL, stop_rx));

    tracing::info!(listen = %args.listen, backend = store.backend(), demo = args.demo, "zorgkring is running");
    if let Some(world) = &world {
        println!("{}", demo::summary(world.as_ref(), &public_url, &data_dir));
    }

    axum::serve(
        listener,
        zk_web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| anyhow!("the web server stopped: {e}"))?;

    tracing::info!("stopping: finishing the outbox round");
    let _ = stop_tx.send(true);
    let _ = worker.await;
    let _ = pdf_cleanup.await;
    let _ = importer.await;
    let _ = notices.await;
    let _ = exporter.await;
    let _ = sweeper.await;
    backend.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM (service managers, containers) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
