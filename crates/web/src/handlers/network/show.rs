//! `GET /zorgpagina/netwerk`: who is in the network of a care page. Names and relations for
//! everyone; e-mail and phone only for those allowed to see contact details; what each member
//! may see, and the open invitations, only for the beheerder and co-beheerders.

use super::{PageQuery, failed, not_found, permission_label, relation_label};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates::day;
use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use zk_app::network_members::view;
use zk_domain::network::PageRole;

struct PersonRow {
    name: String,
    relation: String,
    email: Option<String>,
    phone: Option<String>,
    /// What the member may see, for managers; empty otherwise.
    sees: String,
    role: String,
    /// The edit link, for managers, on members other than oneself.
    edit: Option<String>,
    is_viewer: bool,
}

struct InvitationRow {
    id: String,
    name: String,
    email: String,
    relation: String,
    until: String,
    expired: bool,
}

struct PageLink {
    href: String,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkTemplate<'a> {
    page: &'a PageCtx,
    page_id: String,
    page_name: String,
    pages: Vec<PageLink>,
    manages: bool,
    /// A member (not the beheerder) may leave.
    may_leave: bool,
    people: Vec<PersonRow>,
    invitations: Vec<InvitationRow>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    let Ok(selected) = q.selected() else {
        return not_found(&page);
    };
    let v = match view(&state.app, &user.account, selected).await {
        Ok(v) => v,
        Err(e) => return failed(&page, e),
    };
    let manages = v.access.manages();
    let now = state.app.now();
    let lang = page.tr.lang;
    let people = v
        .people
        .iter()
        .map(|p| {
            let role = if p.account_id == v.page.beheerder {
                page.t("network-role-beheerder")
            } else if p.member.as_ref().is_some_and(|m| m.co_beheerder) {
                page.t("network-role-co-beheerder")
            } else {
                String::new()
            };
            let sees = match &p.member {
                Some(m) if m.co_beheerder => page.t("network-sees-everything"),
                Some(m) if m.permissions.is_empty() => page.t("network-sees-nothing"),
                Some(m) => m
                    .permissions
                    .list()
                    .into_iter()
                    .map(|c| permission_label(&page, c))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => String::new(),
            };
            PersonRow {
                name: p.name.clone(),
                relation: p
                    .relation
                    .map(|r| relation_label(&page, r))
                    .unwrap_or_else(|| page.t("network-relation-self")),
                email: p.email.clone(),
                phone: p.phone.clone(),
                sees,
                role,
                edit: (manages && p.member.is_some() && !p.is_viewer).then(|| {
                    format!(
                        "/zorgpagina/netwerk/lid/{}?pagina={}",
                        p.account_id, v.page.id
                    )
                }),
                is_viewer: p.is_viewer,
            }
        })
        .collect();
    let invitations = v
        .invitations
        .iter()
        .map(|i| InvitationRow {
            id: i.id.to_string(),
            name: i.name.clone(),
            email: i.email.clone(),
            relation: relation_label(&page, i.relation),
            until: day(lang, i.expires_at),
            expired: !i.usable(now),
        })
        .collect();
    let pages = if v.pages.len() > 1 {
        v.pages
            .iter()
            .map(|p| PageLink {
                href: super::network_url(p.id),
                name: format!("{} {}", p.first_name, p.last_name),
                current: p.id == v.page.id,
            })
            .collect()
    } else {
        Vec::new()
    };
    let t = NetworkTemplate {
        page: &page,
        page_id: v.page.id.to_string(),
        page_name: format!("{} {}", v.page.first_name, v.page.last_name),
        pages,
        manages,
        may_leave: v.access.role != PageRole::Beheerder,
        people,
        invitations,
    };
    render(&page, &t)
}
