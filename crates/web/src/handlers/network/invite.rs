//! `/zorgpagina/netwerk/uitnodigen`: invite someone into the network. Name, e-mail address,
//! language of the e-mail, relation, and what they may see: one of three choices, or "zelf
//! kiezen" with a tick box per category (the tick boxes count only then, so a page without
//! JavaScript never has to guess which of the two was meant).

use super::{PageQuery, failed, mails, network_url, not_found, permission_fields, ticked, value};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::invitations::{InviteInput, InviteRefusal, invite, managed};
use zk_domain::network::{Permissions, Preset, Relation};

const CUSTOM: &str = "zelf";

fn radio(
    name: &'static str,
    legend: String,
    options: Vec<(String, String)>,
    current: &str,
) -> Field {
    Field::radio(
        name,
        legend,
        options
            .into_iter()
            .map(|(value, label)| Choice {
                checked: value == current,
                value,
                label,
            })
            .collect(),
    )
}

fn form<'a>(
    page: &'a PageCtx,
    client: &str,
    posted: &[(String, String)],
    error: Option<String>,
) -> FormPage<'a> {
    let v = |name| value(posted, name).unwrap_or("");
    let mut f = FormPage::new(page, "network-invite-title");
    f.paras = vec![
        Para::text(
            page.tr
                .t_with("network-invite-intro", &[("client", client)]),
        ),
        Para::text(page.t("network-invite-custom-hint")),
    ];
    let presets = Preset::ALL
        .into_iter()
        .map(|p| {
            (
                p.as_str().to_owned(),
                page.t(&format!("preset-{}", p.as_str().replace('_', "-"))),
            )
        })
        .chain([(CUSTOM.to_owned(), page.t("preset-custom"))])
        .collect();
    let language = if posted.is_empty() {
        page.lang_code()
    } else {
        v("taal")
    };
    f.fields = vec![
        Field::text(
            "naam",
            page.t("network-invite-name"),
            v("naam"),
            "text",
            "off",
        ),
        Field::text(
            "email",
            page.t("network-invite-email"),
            v("email"),
            "email",
            "off",
        ),
        radio(
            "taal",
            page.t("network-invite-language"),
            vec![
                ("nl".into(), page.t("network-language-nl")),
                ("en".into(), page.t("network-language-en")),
            ],
            language,
        ),
        super::relation_field(page, Relation::parse(v("relatie"))),
        radio(
            "voorkeur",
            page.t("network-invite-preset"),
            presets,
            v("voorkeur"),
        ),
    ];
    f.fields.extend(permission_fields(page, ticked(posted)));
    f.fields.push(Field::checkbox(
        "contacten",
        page.t("network-sees-contacts"),
        v("contacten") == "ja",
    ));
    f.submit = page.t("network-invite-send");
    f.error = error;
    f
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    let Ok(id) = q.required() else {
        return not_found(&page);
    };
    match managed(&state.app, &user.account, id).await {
        Ok((p, _)) => {
            let mut f = form(&page, &p.first_name, &[], None);
            f.back = Some(network_url(id));
            render(&page, &f)
        }
        Err(e) => failed(&page, e),
    }
}

/// The message of a refusal and the field it is about.
fn refusal_key(r: InviteRefusal) -> (&'static str, &'static str) {
    match r {
        InviteRefusal::NameMissing => ("network-invite-name-missing", "naam"),
        InviteRefusal::EmailInvalid => ("email-invalid", "email"),
        InviteRefusal::LanguageInvalid => ("network-invite-language-missing", "taal"),
        InviteRefusal::RelationMissing => ("network-relation-missing", "relatie"),
        InviteRefusal::OwnAddress => ("network-invite-own-address", "email"),
        InviteRefusal::AlreadyMember => ("network-invite-already-member", "email"),
        InviteRefusal::AlreadyInvited => ("network-invite-already-invited", "email"),
        InviteRefusal::TooMany => ("network-invite-too-many", "naam"),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<PageQuery>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = q.required() else {
        return not_found(&page);
    };
    let (care_page, _) = match managed(&state.app, &user.account, id).await {
        Ok(found) => found,
        Err(e) => return failed(&page, e),
    };
    let again = |(key, field): (&str, &'static str)| {
        let mut f = form(&page, &care_page.first_name, &posted, Some(page.t(key)));
        f.error_field = Some(field);
        f.back = Some(network_url(id));
        render(&page, &f)
    };
    let permissions: Permissions = match value(&posted, "voorkeur") {
        Some(CUSTOM) => ticked(&posted),
        Some(p) => match Preset::parse(p) {
            Some(p) => p.permissions(),
            None => return again(("network-invite-preset-missing", "voorkeur")),
        },
        None => return again(("network-invite-preset-missing", "voorkeur")),
    };
    let input = InviteInput {
        name: value(&posted, "naam").unwrap_or(""),
        email: value(&posted, "email").unwrap_or(""),
        language: value(&posted, "taal").unwrap_or(""),
        relation: value(&posted, "relatie").and_then(Relation::parse),
        permissions,
        sees_contacts: value(&posted, "contacten") == Some("ja"),
    };
    let base = state.config.public_url.clone();
    match invite(&state.app, &user.account, id, &input, &base, &mails(&state)).await {
        Ok(Ok(_)) => Redirect::to(&network_url(id)).into_response(),
        Ok(Err(r)) => again(refusal_key(r)),
        Err(zk_app::AppError::NotFound(_)) => not_found(&page),
        Err(e) => internal(&page, e),
    }
}
