//! The provider's webhook page (`/zorgaanbieder/{provider}/webhooks`), for the provider's
//! admins only: add an endpoint (its signing secret is shown once), see each endpoint's recent
//! deliveries, send a test message, switch an endpoint off or on, remove it. A secretariat
//! member gets a 403 page that says who can do this; another provider's staff get 404.

use crate::AppState;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use zk_app::webhooks::{
    AddRefusal, MAX_ENDPOINTS, PingOutcome, UrlProblem, add_endpoint, endpoints_with_deliveries,
    remove, send_ping, set_enabled,
};
use zk_domain::{ProviderId, WebhookEndpointId};
use zk_notify::WEBHOOK_UNREACHABLE;
use zk_store::WebhookDelivery;

/// The webhook routes, merged into the router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zorgaanbieder/{provider}/webhooks", get(show).post(add))
        .route(
            "/zorgaanbieder/{provider}/webhooks/{endpoint}/{action}",
            post(act),
        )
}

fn base(provider: ProviderId) -> String {
    format!("{STAFF_ROOT}/{provider}/webhooks")
}

/// One delivery in an endpoint's list.
struct DeliveryRow {
    time: String,
    event: String,
    status: String,
    attempts: u32,
    error: String,
}

/// One endpoint with its actions and deliveries.
struct EndpointRow {
    url: String,
    enabled: bool,
    test: String,
    toggle: String,
    remove: String,
    deliveries: Vec<DeliveryRow>,
}

#[derive(Template)]
#[template(path = "staff_webhooks.html")]
struct WebhooksPage<'a> {
    page: &'a PageCtx,
    provider: String,
    back: String,
    action: String,
    endpoints: Vec<EndpointRow>,
    full: bool,
    max: u32,
    url: String,
    /// The URL field's hint: whether plain http to this machine is allowed.
    hint: String,
    error: Option<String>,
    /// The secret of the endpoint just added: shown this once.
    new_secret: Option<String>,
    notice: Option<String>,
}

fn moment(page: &PageCtx, t: jiff::Timestamp) -> String {
    format!("{} {}", dates::day(page.tr.lang, t), dates::time(t))
}

fn delivery_row(page: &PageCtx, d: &WebhookDelivery) -> DeliveryRow {
    let status = if let Some(at) = d.delivered_at {
        page.tr
            .t_with("webhooks-status-delivered", &[("time", &moment(page, at))])
    } else if d.failed_at.is_some() {
        page.t("webhooks-status-failed")
    } else if d.attempts > 0 {
        page.t("webhooks-status-retrying")
    } else {
        page.t("webhooks-status-waiting")
    };
    // No answer at all is shown in the admin's words; what else follows (given up after …)
    // stays as recorded.
    let error = d.last_error.as_deref().unwrap_or_default();
    let error = match error.strip_prefix(WEBHOOK_UNREACHABLE) {
        Some(rest) => format!("{}{rest}", page.t("webhooks-unreachable")),
        None => error.to_owned(),
    };
    DeliveryRow {
        time: moment(page, d.created_at),
        event: d.event_type.clone(),
        status,
        attempts: d.attempts,
        error,
    }
}

/// What the page shows besides the endpoints.
#[derive(Default)]
struct Shown {
    /// The form's URL field.
    url: String,
    /// The message key of a refused form.
    error: Option<&'static str>,
    new_secret: Option<String>,
    /// The message key of what was just done.
    notice: Option<&'static str>,
}

/// Renders the page; `status` is 200 unless a form was refused.
async fn page_with(
    page: &PageCtx,
    state: &AppState,
    staff: &StaffMember,
    status: StatusCode,
    shown: Shown,
) -> Response {
    let list = match endpoints_with_deliveries(&state.app, staff.provider.id).await {
        Ok(list) => list,
        Err(e) => return internal(page, e),
    };
    let base = base(staff.provider.id);
    let endpoints: Vec<EndpointRow> = list
        .iter()
        .map(|(e, deliveries)| EndpointRow {
            url: e.url.clone(),
            enabled: e.enabled,
            test: format!("{base}/{}/test", e.id),
            toggle: format!("{base}/{}/{}", e.id, if e.enabled { "uit" } else { "aan" }),
            remove: format!("{base}/{}/verwijderen", e.id),
            deliveries: deliveries.iter().map(|d| delivery_row(page, d)).collect(),
        })
        .collect();
    let body = render(
        page,
        &WebhooksPage {
            page,
            provider: staff.provider.name.clone(),
            back: format!("{STAFF_ROOT}/{}", staff.provider.id),
            action: base,
            full: endpoints.len() >= MAX_ENDPOINTS as usize,
            endpoints,
            max: MAX_ENDPOINTS,
            url: shown.url,
            hint: page.t(if state.app.policy.webhooks_allow_loopback {
                "webhooks-url-hint-local"
            } else {
                "webhooks-url-hint"
            }),
            error: shown.error.map(|k| page.t(k)),
            new_secret: shown.new_secret,
            notice: shown.notice.map(|k| page.t(k)),
        },
    );
    (status, body).into_response()
}

#[derive(Deserialize)]
pub struct Notice {
    melding: Option<String>,
}

/// `GET …/webhooks`.
pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    crate::staff_admin::StaffAdmin(staff): crate::staff_admin::StaffAdmin,
    Query(q): Query<Notice>,
) -> Response {
    let notice = match q.melding.as_deref() {
        Some("test") => Some("webhooks-notice-test"),
        Some("uit") => Some("webhooks-notice-disabled"),
        Some("verwijderd") => Some("webhooks-notice-removed"),
        _ => None,
    };
    page_with(
        &page,
        &state,
        &staff,
        StatusCode::OK,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    url: String,
}

fn refusal_key(refusal: AddRefusal) -> &'static str {
    match refusal {
        AddRefusal::TooMany => "webhooks-error-too-many",
        AddRefusal::Url(UrlProblem::Empty) => "webhooks-error-empty",
        AddRefusal::Url(UrlProblem::TooLong) => "webhooks-error-too-long",
        AddRefusal::Url(UrlProblem::NotAUrl) => "webhooks-error-not-a-url",
        AddRefusal::Url(UrlProblem::Scheme) => "webhooks-error-scheme",
        AddRefusal::Url(UrlProblem::PlainHttp) => "webhooks-error-plain-http",
        AddRefusal::Url(UrlProblem::Credentials) => "webhooks-error-credentials",
        AddRefusal::Url(UrlProblem::Internal) => "webhooks-error-internal",
    }
}

/// `POST …/webhooks`: adds an endpoint and shows its secret once (on this answer only, so it
/// never sits in a URL or a later page).
pub async fn add(
    page: PageCtx,
    State(state): State<AppState>,
    crate::staff_admin::StaffAdmin(staff): crate::staff_admin::StaffAdmin,
    Form(form): Form<AddForm>,
) -> Response {
    match add_endpoint(&state.app, staff.provider.id, &form.url).await {
        Ok(Ok(added)) => {
            page_with(
                &page,
                &state,
                &staff,
                StatusCode::OK,
                Shown {
                    new_secret: Some(added.secret),
                    ..Shown::default()
                },
            )
            .await
        }
        Ok(Err(refusal)) => {
            // A URL too long to be one is not echoed back into the form.
            let url = if form.url.chars().count() > zk_app::webhooks::MAX_URL_LENGTH {
                String::new()
            } else {
                form.url
            };
            page_with(
                &page,
                &state,
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                Shown {
                    url,
                    error: Some(refusal_key(refusal)),
                    ..Shown::default()
                },
            )
            .await
        }
        Err(e) => internal(&page, e),
    }
}

/// `POST …/webhooks/{endpoint}/{test|aan|uit|verwijderen}`.
pub async fn act(
    page: PageCtx,
    State(state): State<AppState>,
    crate::staff_admin::StaffAdmin(staff): crate::staff_admin::StaffAdmin,
    Path((_, endpoint, action)): Path<(String, String, String)>,
) -> Response {
    let Ok(id) = endpoint.parse::<WebhookEndpointId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let provider = staff.provider.id;
    let done = match action.as_str() {
        "test" => send_ping(&state.app, provider, id).await.map(|o| match o {
            PingOutcome::Queued => Some("test"),
            PingOutcome::Disabled => Some("uit"),
            PingOutcome::NotFound => None,
        }),
        "aan" => set_enabled(&state.app, provider, id, true)
            .await
            .map(|found| found.then_some("")),
        "uit" => set_enabled(&state.app, provider, id, false)
            .await
            .map(|found| found.then_some("")),
        "verwijderen" => remove(&state.app, provider, id)
            .await
            .map(|found| found.then_some("verwijderd")),
        _ => Ok(None),
    };
    match done {
        Ok(Some("")) => Redirect::to(&base(provider)).into_response(),
        Ok(Some(notice)) => {
            Redirect::to(&format!("{}?melding={notice}", base(provider))).into_response()
        }
        Ok(None) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}
