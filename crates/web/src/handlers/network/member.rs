//! `/zorgpagina/netwerk/lid/{account}`: change a member's relation, what they may see, whether
//! they are co-beheerder and whether they see the others' contact details. The member gets an
//! e-mail; the change counts from their next request.

use super::{PageQuery, failed, mails, network_url, not_found, permission_fields, ticked, value};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::render;
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::network_members::{MemberChange, change, managed_member};
use zk_domain::AccountId;
use zk_domain::network::{Member, Relation};

fn form<'a>(
    page: &'a PageCtx,
    name: &str,
    m: &Member,
    remove: String,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "network-member-title");
    f.title = format!("{}: {name}", f.title);
    f.paras = vec![Para::text(page.t("network-member-intro"))];
    f.fields = vec![super::relation_field(page, Some(m.relation))];
    f.fields.extend(permission_fields(page, m.permissions));
    f.fields.push(Field::checkbox(
        "contacten",
        page.t("network-sees-contacts"),
        m.sees_contacts,
    ));
    f.fields.push(Field::checkbox(
        "cobeheerder",
        page.t("network-co-beheerder"),
        m.co_beheerder,
    ));
    f.submit = page.t("network-member-save");
    f.back = Some(network_url(m.care_page_id));
    f.after = vec![Para::link(
        String::new(),
        page.tr.t_with("network-remove-link", &[("name", name)]),
        &remove,
    )];
    f.error = error;
    f
}

fn remove_url(page: zk_domain::CarePageId, member: AccountId) -> String {
    format!("/zorgpagina/netwerk/lid/{member}/verwijderen?pagina={page}")
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(member): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let (Ok(id), Ok(member)) = (q.required(), member.parse::<AccountId>()) else {
        return not_found(&page);
    };
    match managed_member(&state.app, &user.account, id, member).await {
        Ok((_, m, a)) => render(
            &page,
            &form(&page, &a.full_name(), &m, remove_url(id, member), None),
        ),
        Err(e) => failed(&page, e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(member): Path<String>,
    Query(q): Query<PageQuery>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let (Ok(id), Ok(member)) = (q.required(), member.parse::<AccountId>()) else {
        return not_found(&page);
    };
    let (_, m, a) = match managed_member(&state.app, &user.account, id, member).await {
        Ok(found) => found,
        Err(e) => return failed(&page, e),
    };
    let Some(relation) = value(&posted, "relatie").and_then(Relation::parse) else {
        let error = Some(page.t("network-relation-missing"));
        let f = form(&page, &a.full_name(), &m, remove_url(id, member), error);
        return render(&page, &f);
    };
    let to = MemberChange {
        relation,
        permissions: ticked(&posted),
        co_beheerder: value(&posted, "cobeheerder") == Some("ja"),
        sees_contacts: value(&posted, "contacten") == Some("ja"),
    };
    match change(&state.app, &user.account, id, member, to, &mails(&state)).await {
        Ok(_) => Redirect::to(&network_url(id)).into_response(),
        Err(e) => failed(&page, e),
    }
}
