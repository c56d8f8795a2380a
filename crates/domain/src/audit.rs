//! The audit trail (SPEC S9, NEN 7513): one event per view, change or security action on care
//! data, saying who did what to whose data, as which role, on what ground, from where and with
//! what outcome. Events are sealed into a hash chain over their canonical byte encoding, so the
//! encoding below is stored forever: never reorder or drop a field, only append new ones.

use crate::network::{Permission, Relation};
use crate::{CarePageId, ClientRecordId, ProviderId};
use jiff::Timestamp;
use uuid::Uuid;

/// How long audit records are kept at least (NEN 7513 and SPEC S9): five years.
pub const RETENTION_YEARS: i16 = 5;

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    Create,
    Read,
    Update,
    Delete,
    /// Anything else that happens: a login, a second factor, an export job.
    Execute,
}

/// On what ground the data was reached (NEN 7513).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ground {
    /// The account is the client or was given access by the client's side (beheerder).
    Authorisation,
    /// Provider staff reaching their own client's record.
    CareRelationship,
    /// A member of the network with the client's permission.
    Consent,
    /// Break-the-glass access.
    Emergency,
}

/// How it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Success,
    /// Refused: no access (answered like a missing page).
    Denied,
    Failed,
}

/// As whom the actor acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorRole {
    /// The client on their own care page.
    Client,
    /// A member of the client's network, with their relation to the client.
    Member(Relation),
    /// A co-beheerder of the page, with their relation to the client.
    CoBeheerder(Relation),
    /// A beheerder who is not the client (parent, mentor, curator …).
    Representative(Relation),
    ProviderStaff,
    ApiToken,
    Operator,
    /// A logged-in account with no role on this care page (its attempt was refused).
    Outsider,
    Anonymous,
    /// An account holder on their own account: logging in, changing a password.
    AccountHolder,
}

/// What kind of data the event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataCategory {
    /// One category of a care page.
    Care(Permission),
    /// The care page as a whole (opening or being refused it).
    CarePage,
    /// An account's own security: login, second factor, password.
    Account,
    /// The audit trail itself: reading it is audited too.
    AuditTrail,
}

/// A unique, time-ordered id of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuditEventId(pub Uuid);

impl AuditEventId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for AuditEventId {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the request came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub ip: String,
    pub user_agent: String,
}

/// One audit event, as the application hands it to the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub action: AuditAction,
    pub at: Timestamp,
    pub care_page_id: Option<CarePageId>,
    pub client_record_id: Option<ClientRecordId>,
    /// The acting account, staff member or API token (by role); `None` for anonymous.
    pub actor_id: Option<Uuid>,
    /// The actor's display name when it acted: later renames or deletions keep the record true.
    pub actor_name: String,
    pub role: ActorRole,
    /// The provider on whose behalf staff or a token acted.
    pub on_behalf_of: Option<ProviderId>,
    pub ground: Ground,
    pub category: DataCategory,
    /// The id of the report, document or other record reached, when it is one.
    pub resource_id: Option<String>,
    pub source: Source,
    pub outcome: Outcome,
    /// What exactly happened, when action and category alone do not say it (a login, an
    /// invitation, a member removed). Absent on records older than this field.
    pub kind: Option<AuditKind>,
}

/// An event as stored: its place in the hash chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
    pub event: AuditEvent,
}

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The stable name used in storage and translation keys.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

names!(AuditAction { Create => "create", Read => "read", Update => "update", Delete => "delete",
    Execute => "execute" });
names!(Ground { Authorisation => "authorisation", CareRelationship => "care_relationship",
    Consent => "consent", Emergency => "emergency" });
mod kind;
pub use kind::AuditKind;

names!(Outcome { Success => "success", Denied => "denied", Failed => "failed" });

impl ActorRole {
    /// The stable name used in storage: a relation follows a colon ("member:parent").
    pub fn to_name(self) -> String {
        let with = |kind: &str, r: Relation| format!("{kind}:{}", r.as_str());
        match self {
            Self::Client => "client".into(),
            Self::Member(r) => with("member", r),
            Self::CoBeheerder(r) => with("co_beheerder", r),
            Self::Representative(r) => with("representative", r),
            Self::ProviderStaff => "provider_staff".into(),
            Self::ApiToken => "api_token".into(),
            Self::Operator => "operator".into(),
            Self::Outsider => "outsider".into(),
            Self::Anonymous => "anonymous".into(),
            Self::AccountHolder => "account_holder".into(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if let Some((kind, relation)) = s.split_once(':') {
            let r = Relation::parse(relation)?;
            return match kind {
                "member" => Some(Self::Member(r)),
                "co_beheerder" => Some(Self::CoBeheerder(r)),
                "representative" => Some(Self::Representative(r)),
                _ => None,
            };
        }
        match s {
            "client" => Some(Self::Client),
            "provider_staff" => Some(Self::ProviderStaff),
            "api_token" => Some(Self::ApiToken),
            "operator" => Some(Self::Operator),
            "outsider" => Some(Self::Outsider),
            "anonymous" => Some(Self::Anonymous),
            "account_holder" => Some(Self::AccountHolder),
            _ => None,
        }
    }

    /// The kind without the relation, for translation keys.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Member(_) => "member",
            Self::CoBeheerder(_) => "co_beheerder",
            Self::Representative(_) => "representative",
            Self::ProviderStaff => "provider_staff",
            Self::ApiToken => "api_token",
            Self::Operator => "operator",
            Self::Outsider => "outsider",
            Self::Anonymous => "anonymous",
            Self::AccountHolder => "account_holder",
        }
    }

    pub fn relation(self) -> Option<Relation> {
        match self {
            Self::Member(r) | Self::CoBeheerder(r) | Self::Representative(r) => Some(r),
            _ => None,
        }
    }
}

impl DataCategory {
    /// The stable name: a care category's own name, or one of the others.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Care(p) => p.as_str(),
            Self::CarePage => "care_page",
            Self::Account => "account",
            Self::AuditTrail => "audit_trail",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "care_page" => Some(Self::CarePage),
            "account" => Some(Self::Account),
            "audit_trail" => Some(Self::AuditTrail),
            other => Permission::parse(other).map(Self::Care),
        }
    }
}

/// The version tag that starts every encoding; a new layout gets a new tag.
const ENCODING_V1: &[u8] = b"zorgkring audit event v1";

fn field(out: &mut Vec<u8>, value: Option<&[u8]>) {
    // A presence byte keeps "absent" apart from "empty"; the length keeps fields apart.
    match value {
        None => out.push(0),
        Some(bytes) => {
            out.push(1);
            let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(bytes);
        }
    }
}

impl AuditEvent {
    /// The canonical bytes of this event: every field length-prefixed, in a fixed order. Two
    /// events encode the same only when every field is the same.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        field(&mut out, Some(ENCODING_V1));
        field(&mut out, Some(self.id.0.as_bytes()));
        field(&mut out, Some(self.action.as_str().as_bytes()));
        field(&mut out, Some(&self.at.as_microsecond().to_be_bytes()[..]));
        field(
            &mut out,
            self.care_page_id.as_ref().map(|c| &c.0.as_bytes()[..]),
        );
        field(
            &mut out,
            self.client_record_id.as_ref().map(|c| &c.0.as_bytes()[..]),
        );
        field(&mut out, self.actor_id.as_ref().map(|a| &a.as_bytes()[..]));
        field(&mut out, Some(self.actor_name.as_bytes()));
        field(&mut out, Some(self.role.to_name().as_bytes()));
        field(
            &mut out,
            self.on_behalf_of.as_ref().map(|p| &p.0.as_bytes()[..]),
        );
        field(&mut out, Some(self.ground.as_str().as_bytes()));
        field(&mut out, Some(self.category.as_str().as_bytes()));
        field(&mut out, self.resource_id.as_deref().map(str::as_bytes));
        field(&mut out, Some(self.source.ip.as_bytes()));
        field(&mut out, Some(self.source.user_agent.as_bytes()));
        field(&mut out, Some(self.outcome.as_str().as_bytes()));
        // Appended only when present, so records written before this field keep their hashes.
        if let Some(kind) = self.kind {
            field(&mut out, Some(kind.as_str().as_bytes()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent {
        AuditEvent {
            id: AuditEventId::new(),
            action: AuditAction::Read,
            at: "2026-12-01T10:00:00Z".parse().unwrap_or_default(),
            care_page_id: Some(CarePageId::new()),
            client_record_id: Some(ClientRecordId::new()),
            actor_id: Some(Uuid::now_v7()),
            actor_name: "Sanne de Vries".into(),
            role: ActorRole::Client,
            on_behalf_of: None,
            ground: Ground::Authorisation,
            category: DataCategory::Care(Permission::Reports),
            resource_id: Some("r1".into()),
            source: Source {
                ip: "192.0.2.1".into(),
                user_agent: "Firefox op Linux".into(),
            },
            outcome: Outcome::Success,
            kind: None,
        }
    }

    #[test]
    fn any_field_change_changes_the_encoding() {
        let base = event();
        let changes: Vec<fn(&mut AuditEvent)> = vec![
            |e| e.id = AuditEventId::new(),
            |e| e.action = AuditAction::Update,
            |e| e.at += jiff::SignedDuration::from_micros(1),
            |e| e.care_page_id = None,
            |e| e.care_page_id = Some(CarePageId::new()),
            |e| e.client_record_id = None,
            |e| e.actor_id = None,
            |e| e.actor_name.push('x'),
            |e| e.role = ActorRole::Member(Relation::Parent),
            |e| e.on_behalf_of = Some(ProviderId::new()),
            |e| e.ground = Ground::Emergency,
            |e| e.category = DataCategory::Care(Permission::Documents),
            |e| e.resource_id = None,
            |e| e.resource_id = Some(String::new()),
            |e| e.source.ip = "192.0.2.2".into(),
            |e| e.source.user_agent.clear(),
            |e| e.outcome = Outcome::Denied,
            |e| e.kind = Some(AuditKind::Login),
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut changed = base.clone();
            change(&mut changed);
            assert_ne!(
                changed.canonical_bytes(),
                base.canonical_bytes(),
                "change {i}"
            );
        }
        assert_eq!(base.canonical_bytes(), base.clone().canonical_bytes());
    }

    #[test]
    fn moving_bytes_between_fields_changes_the_encoding() {
        let mut a = event();
        a.source.ip = "ab".into();
        a.source.user_agent = "c".into();
        let mut b = a.clone();
        b.source.ip = "a".into();
        b.source.user_agent = "bc".into();
        assert_ne!(a.canonical_bytes(), b.canonical_bytes());
    }

    #[test]
    fn names_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
        }
        for g in Ground::ALL {
            assert_eq!(Ground::parse(g.as_str()), Some(*g));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(*o));
        }
        let roles = [
            ActorRole::Client,
            ActorRole::Member(Relation::Friend),
            ActorRole::CoBeheerder(Relation::Partner),
            ActorRole::Representative(Relation::LegalRepresentative),
            ActorRole::ProviderStaff,
            ActorRole::ApiToken,
            ActorRole::Operator,
            ActorRole::Outsider,
            ActorRole::Anonymous,
        ];
        for r in roles {
            assert_eq!(ActorRole::parse(&r.to_name()), Some(r));
        }
        assert_eq!(ActorRole::parse("member:boss"), None);
        for c in [
            DataCategory::CarePage,
            DataCategory::Account,
            DataCategory::AuditTrail,
            DataCategory::Care(Permission::Diary),
        ] {
            assert_eq!(DataCategory::parse(c.as_str()), Some(c));
        }
    }
}
