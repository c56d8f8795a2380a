//! Reads everything an export holds for one account and care page, section by section, and
//! only the sections its access allows. Lists are read page by page, up to a bound per list.

use super::Section;
use crate::{App, AppResult};
use jiff::Timestamp;
use std::collections::HashMap;
use std::future::Future;
use zk_domain::account::{Account, CarePage, Session};
use zk_domain::agenda::AgendaItem;
use zk_domain::audit::AuditRecord;
use zk_domain::care::*;
use zk_domain::diary::DiaryEntry;
use zk_domain::invitation::Invitation;
use zk_domain::network::{Access, Member};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ClientRecordId, PractitionerId};
use zk_store::{AuditFilter, StoreResult};

/// The span that holds every dated item (both databases store it).
fn earliest() -> Timestamp {
    Timestamp::from_second(-2_208_988_800).unwrap_or(Timestamp::UNIX_EPOCH) // 1900-01-01
}
fn latest() -> Timestamp {
    Timestamp::from_second(7_258_118_400).unwrap_or(Timestamp::UNIX_EPOCH) // 2200-01-01
}

/// Items read per round trip.
const ROUND: u32 = 100;
/// The most items of one list in one export; a list that is longer is cut off there.
pub const MAX_ITEMS: usize = 20_000;

/// One second factor of the account: its kind and when it was added (never its secret).
#[derive(Clone, Debug)]
pub struct Factor {
    /// `sms`, `app` or `passkey`.
    pub kind: &'static str,
    pub name: Option<String>,
    pub since: Option<Timestamp>,
}

/// A care page the account is a member of.
#[derive(Clone, Debug)]
pub struct Membership {
    pub page_name: String,
    pub member: Member,
}

/// The requester's own account.
#[derive(Clone, Debug)]
pub struct AccountData {
    pub account: Account,
    pub factors: Vec<Factor>,
    pub sessions: Vec<Session>,
    pub memberships: Vec<Membership>,
    /// Invitations to this care page that the account sent and are still open.
    pub invitations: Vec<Invitation>,
}

/// What one connected provider holds about the client.
#[derive(Clone, Debug)]
pub struct ProviderData {
    pub client_record_id: ClientRecordId,
    pub provider_name: String,
    pub practitioners: HashMap<PractitionerId, zk_domain::provider::Practitioner>,
    pub team: Vec<CareTeamMember>,
    pub appointments: Vec<Appointment>,
    pub plans: Vec<(CarePlan, Vec<Goal>)>,
    pub reports: Vec<Report>,
    pub documents: Vec<(Document, Vec<u8>)>,
    pub measurements: Vec<Measurement>,
}

impl ProviderData {
    pub fn practitioner_name(&self, id: Option<PractitionerId>) -> Option<String> {
        id.and_then(|id| self.practitioners.get(&id))
            .map(|p| p.name.clone())
    }
}

/// A member of the network, with their name.
#[derive(Clone, Debug)]
pub struct MemberData {
    pub name: String,
    pub email: String,
    pub member: Member,
}

/// Everything in one export.
#[derive(Clone, Debug)]
pub struct ExportData {
    pub made_at: Timestamp,
    pub page: CarePage,
    /// The client's birth date, from the care page or else a provider's record.
    pub birth_date: Option<jiff::civil::Date>,
    pub sections: Vec<Section>,
    pub account: AccountData,
    pub providers: Vec<ProviderData>,
    pub agenda: Vec<AgendaItem>,
    pub diary: Vec<DiaryEntry>,
    /// The requester's threads, each with its messages oldest first.
    pub messages: Vec<(
        zk_domain::message::MessageThread,
        Vec<zk_domain::message::Message>,
    )>,
    pub members: Vec<MemberData>,
    pub audit: Vec<AuditRecord>,
}

impl ExportData {
    pub fn has(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }
}

/// Reads every page of a list, up to [`MAX_ITEMS`].
pub(crate) async fn all<T, F, Fut>(mut fetch: F) -> StoreResult<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = StoreResult<Page<T>>>,
{
    let mut items = Vec::new();
    let mut request = PageRequest::first(ROUND);
    loop {
        let page = fetch(request).await?;
        items.extend(page.items);
        match page.next {
            Some(next) if items.len() < MAX_ITEMS => request = PageRequest::after(next, ROUND),
            _ => break,
        }
    }
    items.truncate(MAX_ITEMS);
    Ok(items)
}

async fn account_data(app: &App, account: &Account, page: &CarePage) -> AppResult<AccountData> {
    let store = &app.store;
    let mut factors = Vec::new();
    if account.has_verified_phone() {
        factors.push(Factor {
            kind: "sms",
            name: None,
            since: account.phone_verified_at,
        });
    }
    if account.has_authenticator {
        factors.push(Factor {
            kind: "app",
            name: None,
            since: None,
        });
    }
    for p in store.passkeys_of(account.id).await? {
        factors.push(Factor {
            kind: "passkey",
            name: Some(p.name),
            since: Some(p.created_at),
        });
    }
    let now = app.now();
    let sessions = all(|r| async move { store.sessions_of(account.id, now, &r).await }).await?;
    let mut memberships = Vec::new();
    for member in all(|r| async move { store.memberships_of(account.id, &r).await }).await? {
        if let Some(p) = store.get_care_page(member.care_page_id).await? {
            memberships.push(Membership {
                page_name: format!("{} {}", p.first_name, p.last_name),
                member,
            });
        }
    }
    let invitations = all(|r| async move { store.open_invitations_of(page.id, &r).await })
        .await?
        .into_iter()
        .filter(|i| i.invited_by == account.id)
        .collect();
    Ok(AccountData {
        account: account.clone(),
        factors,
        sessions,
        memberships,
        invitations,
    })
}

async fn provider_data(
    app: &App,
    client: ClientRecordId,
    provider_name: String,
    sections: &[Section],
) -> AppResult<ProviderData> {
    let store = &app.store;
    let has = |s: Section| sections.contains(&s);
    let mut data = ProviderData {
        client_record_id: client,
        provider_name,
        practitioners: HashMap::new(),
        team: Vec::new(),
        appointments: Vec::new(),
        plans: Vec::new(),
        reports: Vec::new(),
        documents: Vec::new(),
        measurements: Vec::new(),
    };
    if has(Section::CareTeam) {
        data.team = all(|r| async move { store.list_care_team(client, &r).await }).await?;
    }
    if has(Section::Appointments) {
        // Every appointment: those before the far future are all of them, past and future.
        let window = AppointmentWindow::Past { now: latest() };
        data.appointments =
            all(|r| async move { store.list_appointments(client, window, &r).await }).await?;
    }
    if has(Section::CarePlan) {
        for plan in all(|r| async move { store.list_care_plans(client, &r).await }).await? {
            let id = plan.id;
            let goals = all(|r| async move { store.list_goals(id, &r).await }).await?;
            data.plans.push((plan, goals));
        }
    }
    if has(Section::Reports) {
        data.reports = all(|r| async move { store.list_reports(client, &r).await }).await?;
    }
    if has(Section::Documents) {
        for d in all(|r| async move { store.list_documents(client, &r).await }).await? {
            let bytes = store.read_document_content(d.id).await?.unwrap_or_default();
            data.documents.push((d, bytes));
        }
    }
    if has(Section::Measurements) {
        data.measurements =
            all(|r| async move { store.list_measurements(client, &r).await }).await?;
    }
    let mut wanted: Vec<PractitionerId> = data.team.iter().map(|m| m.practitioner_id).collect();
    wanted.extend(data.appointments.iter().filter_map(|a| a.practitioner_id));
    wanted.extend(data.reports.iter().filter_map(|r| r.author_id));
    for id in wanted {
        if !data.practitioners.contains_key(&id)
            && let Some(p) = store.get_practitioner(id).await?
        {
            data.practitioners.insert(id, p);
        }
    }
    Ok(data)
}

/// Everything `account` may take with it from `page`, given its current `access`.
pub async fn collect(
    app: &App,
    account: &Account,
    page: &CarePage,
    access: Option<Access>,
) -> AppResult<ExportData> {
    let store = &app.store;
    let sections = Section::for_access(access);
    let has = |s: Section| sections.contains(&s);
    let mut providers = Vec::new();
    let mut birth_date = page.birth_date.map(|b| b.date());
    if access.is_some() {
        let connections = all(|r| async move { store.connections_of(page.id, &r).await }).await?;
        for c in connections {
            let name = match store.get_provider(c.provider_id).await? {
                Some(p) => p.name,
                None => continue,
            };
            if birth_date.is_none()
                && let Some(record) = store.get_client_record(c.client_record_id).await?
            {
                birth_date = Some(record.birth_date.date());
            }
            if account.has_second_factor() {
                providers.push(provider_data(app, c.client_record_id, name, &sections).await?);
            }
        }
    }
    let agenda = if has(Section::Agenda) {
        all(|r| async move {
            store
                .agenda_items_between(page.id, earliest(), latest(), &r)
                .await
        })
        .await?
    } else {
        Vec::new()
    };
    let diary = if has(Section::Diary) {
        all(|r| async move { store.diary_entries(page.id, &r).await }).await?
    } else {
        Vec::new()
    };
    let messages = if has(Section::Messages) {
        let party = zk_domain::message::Party::Account(account.id);
        let threads =
            all(|r| async move { store.threads_of(party, Some(page.id), &r).await }).await?;
        let mut out = Vec::with_capacity(threads.len());
        for s in threads {
            let thread = s.thread.id;
            // Newest first from the store; the export reads a thread from its start.
            let mut messages = all(|r| async move { store.messages_of(thread, &r).await }).await?;
            messages.reverse();
            out.push((s.thread, messages));
        }
        out
    } else {
        Vec::new()
    };
    let mut members = Vec::new();
    if has(Section::Network) {
        for member in all(|r| async move { store.members_of(page.id, &r).await }).await? {
            if let Some(a) = store.get_account(member.account_id).await? {
                members.push(MemberData {
                    name: a.full_name(),
                    email: a.email,
                    member,
                });
            }
        }
    }
    let audit = if has(Section::AuditTrail) {
        let filter = AuditFilter::default();
        let filter = &filter;
        all(|r| async move { store.audit_of_care_page(page.id, filter, &r).await }).await?
    } else {
        Vec::new()
    };
    Ok(ExportData {
        made_at: crate::audit::now(app),
        page: page.clone(),
        birth_date,
        account: account_data(app, account, page).await?,
        sections,
        providers,
        agenda,
        diary,
        messages,
        members,
        audit,
    })
}
