//! The router: every route, and the layers every response passes through (request id,
//! tracing without personal data, time-out, body limit, compression, panic catching, CSRF,
//! security headers).

use crate::handlers::*;
use crate::{AppState, csrf, error, security};
use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, StatusCode};
use axum::middleware;
use axum::routing::{get, post};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body a page form may send; the FHIR API has its own (`WebConfig`).
const BODY_LIMIT: usize = 256 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/", get(home::show))
        .route(
            register::START,
            get(register::terms::show).post(register::terms::submit),
        )
        .route("/voorwaarden", get(register::terms::terms_page))
        .route(
            "/account-aanmaken/naam",
            get(register::name::show).post(register::name::submit),
        )
        .route(
            "/account-aanmaken/rol",
            get(register::role::show).post(register::role::submit),
        )
        .route(
            "/account-aanmaken/beheer",
            get(register::management::show).post(register::management::submit),
        )
        .route(
            "/account-aanmaken/iemand-anders",
            get(register::explain::someone_else),
        )
        .route(
            "/account-aanmaken/e-mailadres",
            get(register::email::show).post(register::email::submit),
        )
        .route(
            "/account-aanmaken/voor-wie",
            get(register::client::show).post(register::client::submit),
        )
        .route(
            "/account-aanmaken/relatie",
            get(register::relation::show).post(register::relation::submit),
        )
        .route(
            "/account-aanmaken/brief",
            get(register::letter::show).post(register::letter::submit),
        )
        .route(
            "/account-aanmaken/geen-brief",
            get(register::explain::no_letter).post(register::explain::continue_without_letter),
        )
        .route(
            "/account-aanmaken/code",
            get(register::code::show).post(register::code::submit),
        )
        .route(
            "/account-aanmaken/koppeling",
            get(register::matched::show).post(register::matched::submit),
        )
        .route(
            "/account-aanmaken/controle",
            get(register::check::show).post(register::check::send),
        )
        .route(
            "/account-aanmaken/e-mail-verstuurd",
            get(register::sent::show).post(register::check::send),
        )
        .route(
            crate::links::ACTIVATE,
            get(register::activate::show).post(register::activate::submit),
        )
        .route(
            "/account-aanmaken/wachtwoord",
            get(register::password::show).post(register::password::submit),
        )
        .route("/account-aanmaken/klaar", get(register::done::show))
        .route("/inloggen", get(login::show).post(login::submit))
        .route("/uitloggen", post(login::sign_out))
        .route(
            "/wachtwoord-vergeten",
            get(recovery::show).post(recovery::submit),
        )
        .route(
            crate::links::PASSWORD_RESET,
            get(recovery::show_reset).post(recovery::submit_reset),
        )
        .route("/sessies", get(sessions::show))
        .route("/sessies/andere-beeindigen", post(sessions::end_others))
        .route("/sessies/{id}/beeindigen", post(sessions::end_one))
        .route("/zorgpagina", get(care_page::show))
        .route(
            "/zorgpagina/dagboek",
            get(own_content::diary::show).post(own_content::diary::add_entry),
        )
        .route(
            "/zorgpagina/dagboek/wijzigen",
            get(own_content::diary_edit::show).post(own_content::diary_edit::save),
        )
        .route(
            "/zorgpagina/dagboek/verwijderen",
            get(own_content::diary_delete::confirm).post(own_content::diary_delete::delete_entry),
        )
        .route("/zorgpagina/agenda", get(own_content::agenda::show))
        .route(
            "/zorgpagina/agenda/nieuw",
            get(own_content::agenda_new::show).post(own_content::agenda_new::save),
        )
        .route(
            "/zorgpagina/agenda/wijzigen",
            get(own_content::agenda_edit::show).post(own_content::agenda_edit::save),
        )
        .route(
            "/zorgpagina/agenda/verwijderen",
            get(own_content::agenda_delete::confirm).post(own_content::agenda_delete::delete_item),
        )
        .route(
            extra_page::PATH,
            get(extra_page::show).post(extra_page::submit),
        )
        .route("/zorgpagina/berichten", get(messages::list::show))
        .route(
            "/zorgpagina/berichten/nieuw",
            get(messages::new::show).post(messages::new::save),
        )
        .route(
            "/zorgpagina/berichten/gesprek",
            get(messages::thread::show).post(messages::thread::save),
        )
        .route("/zorgpagina/inzage", get(care_page::audit::show))
        .route(
            "/zorgpagina/gegevens",
            get(export::show).post(export::request),
        )
        .route("/gegevens-downloaden/{id}", get(export::job))
        .route("/gegevens-downloaden/{id}/{file}", get(export::file))
        .route("/zorgpagina/verslagen/{id}", get(care_page::report::show))
        .route(
            "/zorgpagina/documenten/{id}",
            get(care_page::document::download),
        )
        .route("/zorgpagina/netwerk", get(network::show::show))
        .route(
            "/zorgpagina/netwerk/uitnodigen",
            get(network::invite::show).post(network::invite::submit),
        )
        .route(
            "/zorgpagina/netwerk/lid/{account}",
            get(network::member::show).post(network::member::submit),
        )
        .route(
            "/zorgpagina/netwerk/lid/{account}/verwijderen",
            get(network::remove::show).post(network::remove::submit),
        )
        .route(
            "/zorgpagina/netwerk/uitnodiging/{id}/intrekken",
            post(network::invitations::withdraw),
        )
        .route(
            "/zorgpagina/netwerk/uitnodiging/{id}/opnieuw",
            post(network::invitations::resend),
        )
        .route(
            "/zorgpagina/netwerk/verlaten",
            get(network::leave::show).post(network::leave::submit),
        )
        .route(crate::links::INVITATION, get(invitation::show::show))
        .route(
            crate::links::INVITATION_ACCEPT,
            post(invitation::answer::accept),
        )
        .route(
            crate::links::INVITATION_DECLINE,
            post(invitation::answer::decline),
        )
        .route(
            "/connecties",
            get(connections::show).post(connections::check_letter),
        )
        .route("/connecties/bevestigen", post(connections::confirm))
        .route("/healthz/detail", get(health::detail))
        .route(
            "/inloggen/sms",
            get(sms_login::show).post(sms_login::confirm),
        )
        .route(
            authenticator::LOGIN_STEP,
            get(authenticator::show_login).post(authenticator::submit_login),
        )
        .route(
            "/inloggen/sms-sturen",
            post(authenticator::send_sms_instead),
        )
        .route(
            authenticator::SETUP,
            get(authenticator::show_setup).post(authenticator::submit_setup),
        )
        .route(
            recovery_codes::PAGE,
            get(recovery_codes::show).post(recovery_codes::make),
        )
        .route(
            recovery_codes::LOGIN_STEP,
            get(recovery_codes::show_login).post(recovery_codes::submit_login),
        )
        .route("/profiel", get(profile::show).post(profile::send_code))
        .route(
            profile::CODE_PAGE,
            get(profile::code_page).post(profile::confirm_code),
        )
        .route(
            crate::auth::REAUTH_PAGE,
            get(reauth::show).post(reauth::submit),
        )
        .route(
            password_change::PAGE,
            get(password_change::show).post(password_change::submit),
        )
        .route(
            email_change::PAGE,
            get(email_change::show).post(email_change::submit),
        )
        .route(
            crate::links::EMAIL_CONFIRM,
            get(email_change::show_confirm).post(email_change::confirm_change),
        )
        .route(factors::PAGE, get(factors::show).post(factors::remove))
        .route(
            passkeys::ADD,
            get(passkeys::show_add).post(passkeys::submit_add),
        )
        .route(
            passkeys::LOGIN,
            get(passkeys::show_login).post(passkeys::start_login),
        )
        .route(passkeys::LOGIN_FINISH, post(passkeys::finish_login))
        .route(
            passkeys::SECOND_STEP,
            get(passkeys::show_second_step).post(passkeys::submit_second_step),
        )
        .route(
            passkeys::REAUTH,
            get(passkeys::show_reauth).post(passkeys::submit_reauth),
        )
        .route("/hulp", get(help::show))
        .route("/hulp/instructie/{slug}", get(help_guide::show))
        .route("/taal/{code}", get(language::switch))
        .route("/zorgaanbieder", get(staff::choose))
        .route("/zorgaanbieder/{provider}", get(staff::home))
        .route(
            "/zorgaanbieder/{provider}/clienten",
            get(staff_clients::list),
        )
        .route(
            "/zorgaanbieder/{provider}/clienten/nieuw",
            get(staff_clients::new_form).post(staff_clients::create),
        )
        .route(
            "/zorgaanbieder/{provider}/clienten/{client}",
            get(staff_clients::show),
        )
        .route(
            "/zorgaanbieder/{provider}/clienten/{client}/brief",
            post(staff_clients::issue),
        )
        .route(
            "/zorgaanbieder/{provider}/brieven/{letter}",
            get(staff_clients::download),
        )
        .route(
            "/zorgaanbieder/{provider}/brieven/{letter}/intrekken",
            post(staff_clients::revoke),
        )
        .route(
            "/zorgaanbieder/{provider}/berichten",
            get(staff_messages::list),
        )
        .route(
            crate::links::STAFF_THREAD,
            get(staff_messages::show).post(staff_messages::save),
        )
        .merge(staff_admin::routes())
        .merge(staff_letters::routes())
        .route("/healthz", get(health::check))
        .route("/static/{name}", get(assets::serve))
        .route("/static/hulp/{name}", get(assets::help_image))
        .merge(staff_webhooks::routes())
        .merge(staff_audit::routes())
        .merge(leaving::routes());
    if state.config.demo_outbox.is_some() {
        routes = routes
            .route("/dev/outbox", get(dev_outbox::list))
            .route("/dev/outbox/mail/{name}", get(dev_outbox::mail));
    }
    let request_id = HeaderName::from_static("x-request-id");
    routes
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .fallback(error::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        // The FHIR API takes bearer tokens, never cookies: no CSRF check, and its own body limit.
        .merge(fhir::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::requester::audit_source,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request| {
                            // The route pattern only: paths and query strings may carry tokens, codes or
                            // e-mail addresses, which must never reach a log.
                            let route = request
                                .extensions()
                                .get::<MatchedPath>()
                                .map_or("(no route)", |m| m.as_str());
                            let id = request
                                .headers()
                                .get("x-request-id")
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!("request", id, method = %request.method(), route)
                        })
                        // Server errors are logged by status, busy answers not (see the type).
                        .on_response(error::LogServerErrors)
                        .on_failure(()),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    security::security_headers,
                ))
                .layer(CatchPanicLayer::new())
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                )),
        )
        .with_state(state)
}
