//! What a logged-in user sees on a care page they manage: per connected provider, the care
//! team, the appointments, care plans with goals, reports, documents and measurements, labelled
//! with the provider's name. Provider data stays hidden until the account has a second factor
//! (SPEC S2.14). Every list reads one small page; "more" links page on with a cursor.

mod access;
mod records;

pub use access::{ReportView, document, report};
pub use records::{
    DOCUMENTS_SHOWN, MEASUREMENTS_SHOWN, MeasurementSeries, PLANS_SHOWN, PlanView, REPORTS_SHOWN,
    Records, ReportSummary,
};

use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::care::AppointmentWindow;
use zk_domain::network::{Access, Permission};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{CarePageId, ConnectionId, PractitionerId};

/// Appointments shown per list before "more".
pub const APPOINTMENTS_SHOWN: u32 = 10;
pub use crate::network::PAGES_LISTED;

/// The lists of a provider's section that page on with "more".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CareList {
    Past,
    Plans,
    Reports,
    Documents,
    Measurements,
}

/// The next page of one list of one connection.
#[derive(Clone, Debug)]
pub struct More {
    pub connection: ConnectionId,
    pub list: CareList,
    pub cursor: String,
}

#[derive(Clone, Debug)]
pub struct TeamMember {
    pub name: String,
    pub role: String,
    pub discipline: String,
}

#[derive(Clone, Debug)]
pub struct AppointmentView {
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub title: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub with: Option<String>,
    pub cancelled: bool,
    pub state: zk_domain::care::AppointmentState,
}

#[derive(Clone, Debug)]
pub struct ProviderSection {
    pub connection: ConnectionId,
    pub provider_name: String,
    pub secretariat_email: String,
    pub secretariat_phone: String,
    pub team: Vec<TeamMember>,
    pub upcoming: Vec<AppointmentView>,
    pub past: Page<AppointmentView>,
    pub records: Records,
}

#[derive(Clone, Debug)]
pub enum CarePageView {
    /// The account has no care page (cannot happen after registration, but is shown plainly).
    None,
    /// The second factor is missing: the page and its providers' names, nothing more.
    Hidden {
        page: CarePage,
        /// What the account is on this page and may see.
        access: Access,
        /// Every care page the account sees: managed ones oldest first, then those it is a
        /// member of (the switcher).
        pages: Vec<CarePage>,
        providers: Vec<String>,
    },
    Visible {
        page: CarePage,
        /// What the account is on this page; sections hold only the categories it allows.
        access: Access,
        pages: Vec<CarePage>,
        sections: Vec<ProviderSection>,
    },
}

/// Builds a care page: `selected`, or else the account's first one. A selected page the
/// account has no access to is `NotFound`, the same as one that does not exist. Only the
/// categories the account's access allows are read. `more`
/// pages on through one list of one connection.
pub async fn view(
    app: &App,
    account: &Account,
    selected: Option<CarePageId>,
    more: Option<More>,
) -> AppResult<CarePageView> {
    let seen = crate::network::pages_of(app, account).await?;
    let chosen = match selected {
        None => seen.first().cloned(),
        Some(id) => match seen.iter().find(|(p, _)| p.id == id) {
            Some(found) => Some(found.clone()),
            // Beyond the listed ones: still a page the account sees, or not found.
            None => match app.store.get_care_page(id).await? {
                Some(page) => crate::network::access(app, account, &page)
                    .await?
                    .map(|access| (page, access)),
                None => None,
            },
        },
    };
    let pages: Vec<CarePage> = seen.into_iter().map(|(p, _)| p).collect();
    let Some((page, access)) = chosen else {
        return match selected {
            Some(_) => Err(AppError::NotFound("care page")),
            None => Ok(CarePageView::None),
        };
    };
    let connections = app
        .store
        .connections_of(page.id, &PageRequest::first(20))
        .await?
        .items;
    let mut providers = Vec::with_capacity(connections.len());
    for c in &connections {
        let p = app
            .store
            .get_provider(c.provider_id)
            .await?
            .ok_or(AppError::NotFound("provider"))?;
        providers.push(p);
    }
    if !account.has_second_factor() {
        return Ok(CarePageView::Hidden {
            page,
            access,
            pages,
            providers: providers.into_iter().map(|p| p.name).collect(),
        });
    }
    let now = app.now();
    let mut sections = Vec::with_capacity(connections.len());
    for (c, provider) in connections.iter().zip(providers) {
        let client = c.client_record_id;
        let mut names = std::collections::HashMap::<PractitionerId, String>::new();
        let mut team = Vec::new();
        let team_members =
            if access.allows(Permission::CareTeam) || access.allows(Permission::Appointments) {
                app.store
                    .list_care_team(client, &PageRequest::first(50))
                    .await?
                    .items
            } else {
                Vec::new()
            };
        for m in team_members {
            if let Some(p) = app.store.get_practitioner(m.practitioner_id).await? {
                names.insert(p.id, p.name.clone());
                team.push(TeamMember {
                    name: p.name,
                    role: m.role,
                    discipline: p.discipline,
                });
            }
        }
        let to_view = |a: zk_domain::care::Appointment| AppointmentView {
            with: a.practitioner_id.and_then(|p| names.get(&p).cloned()),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            title: a.title,
            location: a.location,
            video_url: a.video_url,
            cancelled: a.cancelled,
            state: a.state,
        };
        if !access.allows(Permission::CareTeam) {
            // Read for the names of "with whom" in appointments only.
            team.clear();
        }
        let upcoming_page = PageRequest::first(APPOINTMENTS_SHOWN);
        let shows_appointments = access.allows(Permission::Appointments);
        let upcoming = if shows_appointments {
            app.store
                .list_appointments(client, AppointmentWindow::Upcoming { now }, &upcoming_page)
                .await?
        } else {
            Page::empty()
        };
        let past_page = match &more {
            Some(m) if m.connection == c.id && m.list == CareList::Past => {
                PageRequest::after(m.cursor.clone(), APPOINTMENTS_SHOWN)
            }
            _ => PageRequest::first(APPOINTMENTS_SHOWN),
        };
        let past = if shows_appointments {
            app.store
                .list_appointments(client, AppointmentWindow::Past { now }, &past_page)
                .await?
        } else {
            Page::empty()
        };
        let upcoming = upcoming.items.into_iter().map(&to_view).collect();
        let past = Page {
            items: past.items.into_iter().map(&to_view).collect(),
            next: past.next,
        };
        let records = records::read(app, c.id, client, &mut names, more.as_ref(), access).await?;
        sections.push(ProviderSection {
            connection: c.id,
            provider_name: provider.name,
            secretariat_email: provider.secretariat.email,
            secretariat_phone: provider.secretariat.phone,
            team,
            upcoming,
            past,
            records,
        });
    }
    Ok(CarePageView::Visible {
        page,
        access,
        pages,
        sections,
    })
}
