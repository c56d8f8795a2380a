//! Providers' API tokens in PostgreSQL, found by the SHA-256 of the secret.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ApiTokenId, ProviderId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{ApiToken, ApiTokenStore, Revocation, StoreError, StoreResult, TokenHash};

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    provider_id: Uuid,
    name: String,
    can_read: bool,
    can_write: bool,
    resource_types: Option<String>,
    created_at: OffsetDateTime,
    last_used_at: Option<OffsetDateTime>,
    revoked_at: Option<OffsetDateTime>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = StoreError;
    fn try_from(r: TokenRow) -> Result<Self, StoreError> {
        Ok(ApiToken {
            id: ApiTokenId(r.id),
            provider_id: ProviderId(r.provider_id),
            name: r.name,
            can_read: r.can_read,
            can_write: r.can_write,
            resource_types: r
                .resource_types
                .map(|t| t.split_whitespace().map(str::to_owned).collect()),
            created_at: from_odt(r.created_at)?,
            last_used_at: r.last_used_at.map(from_odt).transpose()?,
            revoked_at: r.revoked_at.map(from_odt).transpose()?,
        })
    }
}

macro_rules! columns {
    () => {
        "id, provider_id, name, can_read, can_write, resource_types, created_at, last_used_at, revoked_at"
    };
}

#[async_trait]
impl ApiTokenStore for PostgresStore {
    async fn insert_api_token(
        &self,
        t: &ApiToken,
        hash: &TokenHash,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = crate::network::begin(self, "api token").await?;
        sqlx::query(concat!(
            "INSERT INTO api_tokens (",
            columns!(),
            ", token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(t.id.0)
        .bind(t.provider_id.0)
        .bind(&t.name)
        .bind(t.can_read)
        .bind(t.can_write)
        .bind(t.resource_types.as_ref().map(|types| types.join(" ")))
        .bind(odt(t.created_at)?)
        .bind(t.last_used_at.map(odt).transpose()?)
        .bind(t.revoked_at.map(odt).transpose()?)
        .bind(&hash[..])
        .execute(&mut *tx)
        .await
        .map_err(map_err("api token"))?;
        crate::network::finish(tx, true, &[], audit, "api token")
            .await
            .map(|_| ())
    }

    async fn find_api_token(&self, hash: &TokenHash) -> StoreResult<Option<ApiToken>> {
        sqlx::query_as::<_, TokenRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(&hash[..])
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("api token"))?
        .map(ApiToken::try_from)
        .transpose()
    }

    async fn touch_api_token(
        &self,
        id: ApiTokenId,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(odt(at)?)
        .bind(id.0)
        .bind(odt(since)?)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("api token use"))
    }

    async fn revoke_api_token(
        &self,
        provider: ProviderId,
        id: ApiTokenId,
        at: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<Revocation> {
        let mut tx = crate::network::begin(self, "revoke api token").await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1
             WHERE id = $2 AND provider_id = $3 AND revoked_at IS NULL",
        )
        .bind(odt(at)?)
        .bind(id.0)
        .bind(provider.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err("revoke api token"))?;
        let done = done.rows_affected() == 1;
        // Nothing changed: an earlier revocation, or a token that is not this provider's.
        let outcome = if done {
            Revocation::Revoked
        } else if sqlx::query("SELECT 1 FROM api_tokens WHERE id = $1 AND provider_id = $2")
            .bind(id.0)
            .bind(provider.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_err("revoke api token"))?
            .is_some()
        {
            Revocation::AlreadyRevoked
        } else {
            Revocation::NotFound
        };
        crate::network::finish(tx, done, &[], audit, "revoke api token").await?;
        Ok(outcome)
    }

    async fn list_api_tokens(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ApiToken>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, TokenRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM api_tokens WHERE provider_id = $1 AND ($2::uuid IS NULL OR id > $2)
              ORDER BY id LIMIT $3"
        ))
        .bind(provider.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("api tokens"))?;
        let items = rows
            .into_iter()
            .map(ApiToken::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(items, page.size(), |t: &ApiToken| {
            Cursor::Id(t.id.0).encode()
        }))
    }
}
