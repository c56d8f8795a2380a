//! Invitations to a care page's network in PostgreSQL. Accepting marks the invitation and adds the
//! member in one transaction (the update locks the row), so of racing accepts exactly one wins.

use crate::convert::*;
use crate::network::{begin, finish};
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::invitation::{Invitation, InvitationState};
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId, InvitationId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{InvitationStore, OutgoingMessage, StoreError, StoreResult, TokenHash};

/// An invitation query: the columns, then `$rest` (a literal, so the SQL stays `&'static str`).
macro_rules! select {
    ($rest:literal $(,)?) => {
        concat!(
            "SELECT id, care_page_id, invited_by, name, email, language, relation, permissions,
                 sees_contacts, created_at, expires_at, state FROM care_page_invitations",
            $rest
        )
    };
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: Uuid,
    care_page_id: Uuid,
    invited_by: Uuid,
    name: String,
    email: String,
    language: String,
    relation: String,
    permissions: i32,
    sees_contacts: bool,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    state: String,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> Result<Self, StoreError> {
        Ok(Invitation {
            id: InvitationId(r.id),
            care_page_id: CarePageId(r.care_page_id),
            invited_by: AccountId(r.invited_by),
            name: r.name,
            email: r.email,
            language: r.language,
            relation: Relation::parse(&r.relation)
                .ok_or_else(|| StoreError::Corrupt("invitation relation".into()))?,
            permissions: Permissions::from_bits(
                u32::try_from(r.permissions)
                    .map_err(|_| StoreError::Corrupt("invitation permissions".into()))?,
            ),
            sees_contacts: r.sees_contacts,
            created_at: from_odt(r.created_at)?,
            expires_at: from_odt(r.expires_at)?,
            state: InvitationState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt("invitation state".into()))?,
        })
    }
}

/// Ends an open invitation (with `unexpired`, only one that has not expired at `at`).
async fn decide(
    tx: &mut Transaction<'_, Postgres>,
    id: InvitationId,
    state: InvitationState,
    at: Timestamp,
    unexpired: bool,
    what: &'static str,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE care_page_invitations SET state = $2, decided_at = $3
         WHERE id = $1 AND state = 'open' AND (NOT $4 OR expires_at > $3)",
    )
    .bind(id.0)
    .bind(state.as_str())
    .bind(odt(at)?)
    .bind(unexpired)
    .execute(&mut **tx)
    .await
    .map_err(map_err(what))?;
    Ok(done.rows_affected() == 1)
}

#[async_trait]
impl InvitationStore for PostgresStore {
    async fn create_invitation(
        &self,
        i: &Invitation,
        token: &TokenHash,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = begin(self, "invitation").await?;
        sqlx::query(
            "INSERT INTO care_page_invitations (id, care_page_id, invited_by, name, email,
                 language, relation, permissions, sees_contacts, token_hash, created_at,
                 expires_at, state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(i.id.0)
        .bind(i.care_page_id.0)
        .bind(i.invited_by.0)
        .bind(&i.name)
        .bind(&i.email)
        .bind(&i.language)
        .bind(i.relation.as_str())
        .bind(
            i32::try_from(i.permissions.bits())
                .map_err(|_| StoreError::Corrupt("permissions".into()))?,
        )
        .bind(i.sees_contacts)
        .bind(&token[..])
        .bind(odt(i.created_at)?)
        .bind(odt(i.expires_at)?)
        .bind(i.state.as_str())
        .execute(&mut *tx)
        .await
        .map_err(map_err("invitation"))?;
        finish(tx, true, messages, audit, "invitation")
            .await
            .map(|_| ())
    }

    async fn get_invitation(&self, id: InvitationId) -> StoreResult<Option<Invitation>> {
        sqlx::query_as::<_, InvitationRow>(select!(" WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("invitation"))?
            .map(Invitation::try_from)
            .transpose()
    }

    async fn find_invitation_by_token(&self, token: &TokenHash) -> StoreResult<Option<Invitation>> {
        sqlx::query_as::<_, InvitationRow>(select!(" WHERE token_hash = $1"))
            .bind(&token[..])
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("invitation"))?
            .map(Invitation::try_from)
            .transpose()
    }

    async fn open_invitations_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Invitation>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, InvitationRow>(select!(
            " WHERE care_page_id = $1 AND state = 'open'
               AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
             ORDER BY created_at, id LIMIT $4",
        ))
        .bind(care_page.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("invitations"))?;
        let items = rows
            .into_iter()
            .map(Invitation::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |i| {
            Cursor::TimeId(micros(i.created_at), i.id.0).encode()
        }))
    }

    async fn accept_invitation(
        &self,
        id: InvitationId,
        m: &Member,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "accept invitation").await?;
        if !decide(&mut tx, id, InvitationState::Accepted, at, true, "accept").await? {
            return finish(tx, false, messages, Audit::NONE, "accept invitation").await;
        }
        sqlx::query(
            "INSERT INTO care_page_members (care_page_id, account_id, relation, permissions,
                 co_beheerder, sees_contacts, joined_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(m.care_page_id.0)
        .bind(m.account_id.0)
        .bind(m.relation.as_str())
        .bind(
            i32::try_from(m.permissions.bits())
                .map_err(|_| StoreError::Corrupt("permissions".into()))?,
        )
        .bind(m.co_beheerder)
        .bind(m.sees_contacts)
        .bind(odt(m.joined_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("member"))?;
        finish(tx, true, messages, audit, "accept invitation").await
    }

    async fn decline_invitation(
        &self,
        id: InvitationId,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "decline invitation").await?;
        let done = decide(&mut tx, id, InvitationState::Declined, at, true, "decline").await?;
        finish(tx, done, messages, audit, "decline invitation").await
    }

    async fn withdraw_invitation(
        &self,
        id: InvitationId,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "withdraw invitation").await?;
        let done = decide(
            &mut tx,
            id,
            InvitationState::Withdrawn,
            at,
            false,
            "withdraw",
        )
        .await?;
        finish(tx, done, messages, audit, "withdraw invitation").await
    }

    async fn resend_invitation(
        &self,
        id: InvitationId,
        token: &TokenHash,
        expires_at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "resend invitation").await?;
        let done = sqlx::query(
            "UPDATE care_page_invitations SET token_hash = $2, expires_at = $3
             WHERE id = $1 AND state = 'open'",
        )
        .bind(id.0)
        .bind(&token[..])
        .bind(odt(expires_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("resend invitation"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            Audit::NONE,
            "resend invitation",
        )
        .await
    }

    async fn withdraw_invitations_by(&self, account: AccountId, at: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE care_page_invitations SET state = 'withdrawn', decided_at = $2
             WHERE invited_by = $1 AND state = 'open'",
        )
        .bind(account.0)
        .bind(odt(at)?)
        .execute(&self.pool)
        .await
        .map_err(map_err("withdraw invitations"))?;
        Ok(done.rows_affected())
    }
}
