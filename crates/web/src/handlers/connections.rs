//! `/connecties`: the providers connected to the care page, with the date, and "Brief met code
//! activeren" to connect another one, or to make a care page for someone the user helps: whom
//! the letter is for, code and birth date, then the match to confirm.

use super::register::refusal_text;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{internal, render};
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::connections::{check, connect, list};
use zk_app::registration::{Purpose, Requester as Who};
use zk_app::sessions::Authenticated;
use zk_app::unlinking::co_managed_connections;
use zk_domain::account::Connection;
use zk_domain::network::Relation;
use zk_domain::provider::Provider;

#[derive(Deserialize)]
pub struct LetterAnswer {
    code: String,
    geboortedatum: String,
    klopt: Option<String>,
    /// Whom the letter is for: "mij" (or missing), or the user's relation to the client.
    voor: Option<String>,
}

/// The choices of "Voor wie is de brief?": form value, label key and what it redeems for.
const FOR_WHOM: [(&str, &str, Option<Relation>); 4] = [
    ("mij", "connections-for-me", None),
    ("ouder", "connections-for-child", Some(Relation::Parent)),
    (
        "vertegenwoordiger",
        "connections-for-represented",
        Some(Relation::LegalRepresentative),
    ),
    ("anders", "connections-for-other", Some(Relation::Other)),
];

fn purpose(voor: Option<&str>) -> Purpose {
    match FOR_WHOM.iter().find(|(v, _, _)| Some(*v) == voor) {
        Some((_, _, Some(relation))) => Purpose::Representative(*relation),
        _ => Purpose::SelfManagement,
    }
}

/// "{provider}, gekoppeld sinds {date}" with the link to unlink it.
fn unlink_item(page: &PageCtx, c: &Connection, provider: &Provider) -> Para {
    let since = dates::day(page.tr.lang, c.connected_at);
    Para::link(
        page.tr.t_with(
            "connections-item",
            &[("provider", &provider.name), ("since", &since)],
        ),
        page.tr
            .t_with("connections-unlink", &[("provider", &provider.name)]),
        &super::leaving::unlink::path(c.id),
    )
}

/// What the user typed in the letter form, shown again with a refusal.
#[derive(Clone, Copy, Default)]
struct Typed<'t> {
    code: &'t str,
    birth: &'t str,
    voor: Option<&'t str>,
}

async fn page_with_form<'a>(
    state: &AppState,
    page: &'a PageCtx,
    user: &Authenticated,
    typed: Typed<'_>,
    error: Option<String>,
    unlinked: bool,
) -> Result<FormPage<'a>, Response> {
    let Typed { code, birth, voor } = typed;
    let connections = list(&state.app, &user.account)
        .await
        .map_err(|e| internal(page, e))?;
    let mut f = FormPage::new(page, "connections-title");
    if unlinked {
        f.paras.push(Para::text(page.t("connections-unlinked")));
    }
    if connections.is_empty() {
        f.paras.push(Para::text(page.t("connections-none")));
    } else {
        f.paras.push(Para::text(page.t("connections-intro")));
        for (c, provider) in connections {
            f.paras.push(unlink_item(page, &c, &provider));
        }
    }
    for (co_page, connections) in co_managed_connections(&state.app, &user.account)
        .await
        .map_err(|e| internal(page, e))?
    {
        let name = format!("{} {}", co_page.first_name, co_page.last_name);
        f.paras.push(Para::text(
            page.tr.t_with("connections-co-managed", &[("name", &name)]),
        ));
        if connections.is_empty() {
            f.paras
                .push(Para::text(page.t("connections-co-managed-none")));
        }
        for (c, provider) in connections {
            f.paras.push(unlink_item(page, &c, &provider));
        }
    }
    f.paras.push(Para::text(page.t("connections-add-title")));
    f.paras.push(Para::text(page.t("code-intro")));
    f.paras.push(Para::text(page.t("connections-for-hint")));
    let chosen = voor.unwrap_or("mij");
    f.fields = vec![
        Field::radio(
            "voor",
            page.t("connections-for"),
            FOR_WHOM
                .iter()
                .map(|(value, key, _)| Choice {
                    value: (*value).into(),
                    label: page.t(key),
                    checked: *value == chosen,
                })
                .collect(),
        ),
        Field::text("code", page.t("code-label"), code, "text", "off")
            .with_hint(page.t("code-hint")),
        Field::text(
            "geboortedatum",
            page.t("birth-date-label"),
            birth,
            "text",
            "bday",
        )
        .with_hint(page.t("birth-date-hint")),
    ];
    f.submit = page.t("connections-activate");
    f.after = vec![Para::text(page.t("code-not-working"))];
    f.back = Some("/zorgpagina".into());
    f.error = error;
    Ok(f)
}

/// `?ontkoppeld=ja` after unlinking a provider.
#[derive(Deserialize)]
pub struct ShowQuery {
    ontkoppeld: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<ShowQuery>,
) -> Response {
    let unlinked = q.ontkoppeld.as_deref() == Some("ja");
    match page_with_form(&state, &page, &user, Typed::default(), None, unlinked).await {
        Ok(f) => render(&page, &f),
        Err(r) => r,
    }
}

fn who(state: &AppState, user: &Authenticated, requester: &Requester) -> Who {
    Who::new(&state.app, &user.session.id.to_string(), &requester.ip)
}

/// Code and birth date: on a match, the page to confirm it ("Ik heb een koppeling gevonden").
pub async fn check_letter(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    requester: Requester,
    Form(a): Form<LetterAnswer>,
) -> Response {
    match check(
        &state.app,
        &user.account,
        &who(&state, &user, &requester),
        &a.code,
        &a.geboortedatum,
        purpose(a.voor.as_deref()),
    )
    .await
    {
        Ok(Ok(matched)) => {
            let mut f = FormPage::new(&page, "match-title");
            f.paras = vec![
                Para::text(page.t("match-intro")),
                Para::text(format!("{}: {}", page.t("match-name"), matched.client_name)),
                Para::text(format!(
                    "{}: {}",
                    page.t("match-provider"),
                    matched.provider_name
                )),
            ];
            f.fields = vec![Field::radio(
                "klopt",
                page.t("match-title"),
                vec![Choice {
                    value: "ja".into(),
                    label: page.t("match-confirm"),
                    checked: false,
                }],
            )];
            f.hidden = vec![
                ("code", a.code.clone()),
                ("geboortedatum", a.geboortedatum.clone()),
                ("voor", a.voor.clone().unwrap_or_else(|| "mij".into())),
            ];
            f.action = Some("/connecties/bevestigen".into());
            f.back = Some("/connecties".into());
            render(&page, &f)
        }
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            let voor = a.voor.as_deref();
            let typed = Typed {
                code: &a.code,
                birth: &a.geboortedatum,
                voor,
            };
            match page_with_form(&state, &page, &user, typed, Some(text), false).await {
                Ok(f) => render(&page, &f),
                Err(resp) => resp,
            }
        }
        Err(e) => internal(&page, e),
    }
}

/// "Ja, dit klopt": connect the provider, using the letter.
pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    requester: Requester,
    Form(a): Form<LetterAnswer>,
) -> Response {
    if a.klopt.as_deref() != Some("ja") {
        return Redirect::to("/connecties").into_response();
    }
    let purpose = purpose(a.voor.as_deref());
    let hand_over_mail = crate::mail::hand_over_for(&page);
    match connect(
        &state.app,
        &user.account,
        &who(&state, &user, &requester),
        &a.code,
        &a.geboortedatum,
        purpose,
        &hand_over_mail,
    )
    .await
    {
        // A page for someone the user helps opens at once; the switcher lists it from now on.
        Ok(Ok((_, page_id))) if purpose != Purpose::SelfManagement => {
            Redirect::to(&format!("/zorgpagina?pagina={page_id}")).into_response()
        }
        Ok(Ok(_)) => Redirect::to("/connecties").into_response(),
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            let voor = a.voor.as_deref();
            match page_with_form(
                &state,
                &page,
                &user,
                Typed {
                    voor,
                    ..Typed::default()
                },
                Some(text),
                false,
            )
            .await
            {
                Ok(f) => render(&page, &f),
                Err(resp) => resp,
            }
        }
        Err(e) => internal(&page, e),
    }
}
