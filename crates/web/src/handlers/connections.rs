//! `/connecties`: the providers connected to the care page, with the date, and "Brief met code
//! activeren" to connect another one, or to make a care page for someone the user helps, or to
//! connect a provider to a care page the user manages for someone ("pagina-{id}"): whom the
//! letter is for, code and birth date, then the match to confirm.

use super::register::refusal_text;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::connections::{check, connect, list};
use zk_app::extra_pages::letter_targets;
use zk_app::page_letters;
use zk_app::registration::{MatchedLetter, Purpose, Refusal, Requester as Who};
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

/// The value of "Voor wie is de brief?" that names a care page the user manages for someone.
const FOR_PAGE: &str = "pagina-";

/// The care page chosen as the letter's target, if one was.
fn target(voor: Option<&str>) -> Option<Result<zk_domain::CarePageId, ()>> {
    voor?
        .strip_prefix(FOR_PAGE)
        .map(|id| id.parse().map_err(|_| ()))
}

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
    f.paras.push(Para::link(
        page.t("xpage-connections-hint"),
        page.t("xpage-title"),
        super::extra_page::PATH,
    ));
    let targets = letter_targets(&state.app, &user.account)
        .await
        .map_err(|e| internal(page, e))?;
    f.paras.push(Para::text(page.t("connections-add-title")));
    f.paras.push(Para::text(page.t("code-intro")));
    f.paras.push(Para::text(page.t("connections-for-hint")));
    let chosen = voor.unwrap_or("mij");
    let mut choices: Vec<Choice> = FOR_WHOM
        .iter()
        .map(|(value, key, _)| Choice {
            value: (*value).into(),
            label: page.t(key),
            checked: *value == chosen,
        })
        .collect();
    // A letter for someone whose care page the user made or manages goes to that page.
    for p in targets {
        let value = format!("{FOR_PAGE}{}", p.id);
        let name = format!("{} {}", p.first_name, p.last_name);
        choices.push(Choice {
            checked: value == chosen,
            value,
            label: page.tr.t_with("xpage-letter-for", &[("name", &name)]),
        });
    }
    f.fields = vec![
        Field::radio("voor", page.t("connections-for"), choices),
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

/// "Ik heb een koppeling gevonden": the client's and provider's names, to confirm.
fn match_page(page: &PageCtx, matched: &MatchedLetter, a: &LetterAnswer) -> Response {
    let mut f = FormPage::new(page, "match-title");
    let intro = match a.voor.as_deref() {
        None | Some("mij") => "match-intro",
        Some(_) => "match-intro-helper",
    };
    f.paras = vec![
        Para::text(page.t(intro)),
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
    render(page, &f)
}

/// The letter form again with the refusal; `keep` keeps the code and birth date typed.
async fn refused(
    state: &AppState,
    page: &PageCtx,
    user: &Authenticated,
    a: &LetterAnswer,
    r: &Refusal,
    keep: bool,
) -> Response {
    let text = refusal_text(page, r, state.app.now());
    let typed = Typed {
        code: if keep { &a.code } else { "" },
        birth: if keep { &a.geboortedatum } else { "" },
        voor: a.voor.as_deref(),
    };
    match page_with_form(state, page, user, typed, Some(text), false).await {
        Ok(f) => render(page, &f),
        Err(resp) => resp,
    }
}

/// Code and birth date: on a match, the page to confirm it ("Ik heb een koppeling gevonden").
pub async fn check_letter(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    requester: Requester,
    Form(a): Form<LetterAnswer>,
) -> Response {
    let who = who(&state, &user, &requester);
    let checked = match target(a.voor.as_deref()) {
        Some(Err(())) => return error_page(&page, StatusCode::NOT_FOUND),
        Some(Ok(id)) => page_letters::check(
            &state.app,
            &user.account,
            &who,
            &a.code,
            &a.geboortedatum,
            id,
        )
        .await
        .map(|r| r.map(|(matched, _)| matched)),
        None => {
            check(
                &state.app,
                &user.account,
                &who,
                &a.code,
                &a.geboortedatum,
                purpose(a.voor.as_deref()),
            )
            .await
        }
    };
    match checked {
        Ok(Ok(matched)) => match_page(&page, &matched, &a),
        Ok(Err(r)) => refused(&state, &page, &user, &a, &r, true).await,
        Err(zk_app::AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
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
    let who = who(&state, &user, &requester);
    let connected = match target(a.voor.as_deref()) {
        Some(Err(())) => return error_page(&page, StatusCode::NOT_FOUND),
        Some(Ok(id)) => page_letters::connect(
            &state.app,
            &user.account,
            &who,
            &a.code,
            &a.geboortedatum,
            id,
            &requester.audit_source(),
        )
        .await
        .map(|r| r.map(Some)),
        None => {
            let purpose = purpose(a.voor.as_deref());
            let hand_over_mail = crate::mail::hand_over_for(&page);
            connect(
                &state.app,
                &user.account,
                &who,
                &a.code,
                &a.geboortedatum,
                purpose,
                &hand_over_mail,
            )
            .await
            // A page for someone the user helps opens at once; the switcher lists it from now on.
            .map(|r| r.map(|(_, id)| (purpose != Purpose::SelfManagement).then_some(id)))
        }
    };
    match connected {
        Ok(Ok(Some(id))) => Redirect::to(&format!("/zorgpagina?pagina={id}")).into_response(),
        Ok(Ok(None)) => Redirect::to("/connecties").into_response(),
        Ok(Err(r)) => refused(&state, &page, &user, &a, &r, false).await,
        Err(zk_app::AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}
