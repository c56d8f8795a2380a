//! `/zorgpagina`: a care page the logged-in user manages or is a member of, with only the
//! categories their access allows: per provider the care team ("Jouw
//! behandelaar"), the appointments, care plans with goals, reports, documents and measurements;
//! or, until a second factor is set, the request to add a phone number. With several care
//! pages, a list at the top switches between them (`?pagina=`); a page id that is not the
//! user's own is "not found", exactly like one that does not exist.

pub mod audit;
pub mod document;
pub mod report;
mod sections;

use crate::AppState;
use crate::auth::LoggedIn;
use crate::cookies::{self, Kind};
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::requester::Requester;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use sections::{Section, section};
use serde::Deserialize;
use zk_app::care_page::{CareList, CarePageView, More};
use zk_domain::CarePageId;
use zk_domain::account::CarePage;
use zk_domain::network::{Access, Permission};

#[derive(Deserialize)]
pub struct CareQuery {
    pagina: Option<String>,
    koppeling: Option<String>,
    eerder_na: Option<String>,
    plannen_na: Option<String>,
    verslagen_na: Option<String>,
    documenten_na: Option<String>,
    metingen_na: Option<String>,
}

impl CareQuery {
    /// The one list to page on, if the link names a connection and a cursor.
    fn more(self) -> Option<More> {
        let connection = self.koppeling?.parse().ok()?;
        let lists = [
            (CareList::Past, self.eerder_na),
            (CareList::Plans, self.plannen_na),
            (CareList::Reports, self.verslagen_na),
            (CareList::Documents, self.documenten_na),
            (CareList::Measurements, self.metingen_na),
        ];
        let (list, cursor) = lists
            .into_iter()
            .find_map(|(list, cursor)| cursor.map(|c| (list, c)))?;
        Some(More {
            connection,
            list,
            cursor,
        })
    }
}

/// A care page in the switcher.
struct PageLink {
    href: String,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "care_page.html")]
struct CarePageTemplate<'a> {
    page: &'a PageCtx,
    user_name: String,
    page_name: String,
    hidden: bool,
    /// The account has a second factor but no recovery codes yet: offer to make them.
    needs_codes: bool,
    /// The switcher; empty with one care page.
    pages: Vec<PageLink>,
    /// The network page of the care page shown; empty without one.
    network_href: String,
    providers: Vec<String>,
    sections: Vec<Section>,
    /// Which parts of a provider's section the account may see.
    shows: Shows,
    /// The network's own appointments and the diary, for whoever may see them.
    own: Option<super::own_content::care_block::OwnBlock>,
    /// To a parent managing a child's page: from when the child may manage it (SPEC S3).
    own_page_notice: Option<String>,
    /// "Wie heeft mijn gegevens bekeken?", for the beheerder and co-beheerders only.
    audit_link: Option<String>,
    /// What the page says when no provider is connected (SPEC S1 "extra zorgpagina").
    no_provider: String,
    /// "Mijn gegevens downloaden" for this care page.
    export_href: String,
}

/// The categories of a provider's section shown to this account (SPEC S6).
#[derive(Default)]
struct Shows {
    team: bool,
    appointments: bool,
    plans: bool,
    reports: bool,
    documents: bool,
    measurements: bool,
}

impl Shows {
    fn of(access: Access) -> Self {
        Self {
            team: access.allows(Permission::CareTeam),
            appointments: access.allows(Permission::Appointments),
            plans: access.allows(Permission::CarePlan),
            reports: access.allows(Permission::Reports),
            documents: access.allows(Permission::Documents),
            measurements: access.allows(Permission::Measurements),
        }
    }
}

fn name(p: &CarePage) -> String {
    format!("{} {}", p.first_name, p.last_name)
}

/// "Vanaf {date} mag {name} de eigen zorgpagina beheren …", for the page's beheerder only.
fn own_page_notice(
    ctx: &PageCtx,
    p: &CarePage,
    account: &zk_domain::account::Account,
    today: jiff::civil::Date,
) -> Option<String> {
    if p.beheerder != account.id || p.vacant_since.is_some() {
        return None;
    }
    let from = zk_domain::redeem_rule::own_page_notice(p.birth_date, p.beheerder_relation, today)?;
    let date = zk_domain::BirthDate::new(from).dutch();
    Some(ctx.tr.t_with(
        "care-own-page-notice",
        &[("date", &date), ("name", &p.first_name)],
    ))
}

/// Without a provider: how to connect one with a letter. A page made for someone explains it
/// to whoever manages it, in the person's name; members only learn who can do it.
fn no_provider(ctx: &PageCtx, p: &CarePage, access: Access) -> String {
    match (p.beheerder_relation, access.manages()) {
        (None, _) => ctx.t("care-no-providers"),
        (Some(_), true) => ctx
            .tr
            .t_with("xpage-no-provider-manager", &[("name", &p.first_name)]),
        (Some(_), false) => ctx.t("xpage-no-provider-member"),
    }
}

fn audit_link(p: &CarePage, access: Access) -> Option<String> {
    access
        .manages()
        .then(|| format!("/zorgpagina/inzage?pagina={}", p.id))
}

fn switcher(pages: &[CarePage], current: &CarePage) -> Vec<PageLink> {
    if pages.len() < 2 {
        return Vec::new();
    }
    pages
        .iter()
        .map(|p| PageLink {
            href: format!("/zorgpagina?pagina={}", p.id),
            name: name(p),
            current: p.id == current.id,
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<CareQuery>,
) -> Response {
    // Every login and sign-up ends here: an invitation opened before it is taken up again.
    let tls = state.config.served_over_tls();
    if let Some(token) = cookies::read(&jar, Kind::Invitation, tls) {
        let jar = cookies::remove(jar, Kind::Invitation, tls);
        if let Some(token) = crate::links::LinkToken::parse(&token) {
            let to = crate::links::fill(crate::links::INVITATION, &[&token]);
            return (jar, Redirect::to(&to)).into_response();
        }
    }
    let selected = match q.pagina.as_deref().map(str::parse::<CarePageId>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return error_page(&page, StatusCode::NOT_FOUND),
    };
    // Recorded in the audit trail before anything is shown (SPEC S9).
    let source = from.audit_source();
    let built = match zk_app::audit::reads::care_page(
        &state.app,
        &user.account,
        selected,
        q.more(),
        &source,
    )
    .await
    {
        Ok(v) => v,
        Err(zk_app::AppError::NotFound(_)) => return error_page(&page, StatusCode::NOT_FOUND),
        // A cursor from an old or edited link: start at the first page.
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            let back = match selected {
                Some(id) => format!("/zorgpagina?pagina={id}"),
                None => "/zorgpagina".to_owned(),
            };
            return Redirect::to(&back).into_response();
        }
        Err(e) => return internal(&page, e),
    };
    let needs_codes = user.account.has_second_factor()
        && match zk_app::recovery_codes::count(&state.app, &user.account).await {
            Ok(n) => n == 0,
            Err(e) => return internal(&page, e),
        };
    let mut t = CarePageTemplate {
        page: &page,
        user_name: user.account.full_name(),
        page_name: String::new(),
        hidden: false,
        needs_codes,
        pages: Vec::new(),
        network_href: String::new(),
        providers: Vec::new(),
        sections: Vec::new(),
        shows: Shows::default(),
        own: None,
        own_page_notice: None,
        audit_link: None,
        no_provider: String::new(),
        export_href: String::new(),
    };
    match built {
        CarePageView::None => {}
        CarePageView::Hidden {
            page: p,
            access,
            pages,
            providers,
        } => {
            t.audit_link = audit_link(&p, access);
            t.page_name = name(&p);
            t.own_page_notice = own_page_notice(&page, &p, &user.account, state.app.today());
            t.network_href = format!("/zorgpagina/netwerk?pagina={}", p.id);
            t.export_href = format!("/zorgpagina/gegevens?pagina={}", p.id);
            t.pages = switcher(&pages, &p);
            t.hidden = true;
            t.providers = providers;
        }
        CarePageView::Visible {
            page: p,
            access,
            pages,
            sections,
        } => {
            t.page_name = name(&p);
            t.own_page_notice = own_page_notice(&page, &p, &user.account, state.app.today());
            t.network_href = format!("/zorgpagina/netwerk?pagina={}", p.id);
            t.export_href = format!("/zorgpagina/gegevens?pagina={}", p.id);
            t.audit_link = audit_link(&p, access);
            t.no_provider = no_provider(&page, &p, access);
            t.shows = Shows::of(access);
            t.own = match super::own_content::care_block::build(
                &state,
                &page,
                &user.account,
                &p,
                access,
            )
            .await
            {
                Ok(block) => block,
                Err(e) => return internal(&page, e),
            };
            t.pages = switcher(&pages, &p);
            // With several pages, every "more" link stays on the page being read.
            let pagina = (pages.len() > 1).then_some(p.id);
            t.sections = sections
                .into_iter()
                .map(|s| section(&page, pagina, s))
                .collect();
        }
    }
    render(&page, &t)
}
