//! Typed identifiers. Every key is a uuid v7, so new rows land at the end of their index.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! define_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

define_id!(
    ProviderId,
    PractitionerId,
    ClientRecordId,
    LetterId,
    AppointmentId,
    CarePlanId,
    GoalId,
    ReportId,
    DocumentId,
    MeasurementId,
    CareTeamMemberId,
    OutboxMessageId,
    ImportJobId,
    AccountId,
    CarePageId,
    ConnectionId,
    SessionId,
    RegistrationId,
    SmsChallengeId,
    PasskeyId,
    CeremonyId,
    ApiTokenId,
    WebhookEndpointId,
    DiaryEntryId,
    AgendaItemId,
    InvitationId,
    MessageThreadId,
    MessageId,
    ExportJobId,
);
