//! The Store trait for the API tokens with which providers' record systems call the FHIR API.
//! A token is kept only as its SHA-256; the secret is shown once, when it is made.

use crate::{Audit, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ApiTokenId, ProviderId};

/// One API token of a provider, with its scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub provider_id: ProviderId,
    /// What it is for, e.g. "ECD koppeling" (shown to the provider's staff).
    pub name: String,
    pub can_read: bool,
    pub can_write: bool,
    /// The FHIR resource types it may touch, by name; `None` for all of them.
    pub resource_types: Option<Vec<String>>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// What revoking a token did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    Revoked,
    /// The provider's token was revoked before: nothing changed.
    AlreadyRevoked,
    /// The provider has no token with this id (another provider's token is not theirs).
    NotFound,
}

#[async_trait]
pub trait ApiTokenStore {
    /// Stores a new token, with `audit` appended in the same transaction. Conflict when the hash
    /// exists already (the caller draws again); nothing is recorded then.
    async fn insert_api_token(
        &self,
        token: &ApiToken,
        hash: &TokenHash,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// The token with this hash, revoked or not.
    async fn find_api_token(&self, hash: &TokenHash) -> StoreResult<Option<ApiToken>>;
    /// Notes a use at `at`, unless a use at or after `since` is noted already, so a busy token
    /// costs one write a minute rather than one per request.
    async fn touch_api_token(
        &self,
        id: ApiTokenId,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<()>;
    /// Revokes a token of `provider`, with `audit` appended in the same transaction. Nothing
    /// changes (and nothing is recorded) when it was revoked already or is not `provider`'s.
    async fn revoke_api_token(
        &self,
        provider: ProviderId,
        id: ApiTokenId,
        at: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<Revocation>;
    /// A provider's tokens, revoked ones included, ordered by id (oldest first).
    async fn list_api_tokens(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ApiToken>>;
}
