//! Staff invitations in SQLite (see `zk_store::StaffInvitationStore`): accepting one checks, in
//! the transaction that adds the membership, that the accepting account has the invited address.

use crate::accounts::insert_account;
use crate::convert::*;
use crate::outbox::insert_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::account::Account;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, ProviderId};
use zk_store::cursor::Cursor;
use zk_store::{
    Audit, OutgoingMessage, StaffAcceptance, StaffInvitation, StaffInvitationState,
    StaffInvitationStore, StaffRole, StoreError, StoreResult, TokenHash,
};

const WHAT: &str = "staff invitation";

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: Uuid,
    provider_id: Uuid,
    email: String,
    first_name: String,
    last_name: String,
    role: String,
    invited_by: Option<Uuid>,
    created_at: i64,
    expires_at: i64,
    state: String,
}

impl TryFrom<InvitationRow> for StaffInvitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> Result<Self, StoreError> {
        Ok(StaffInvitation {
            id: r.id,
            provider_id: ProviderId(r.provider_id),
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            role: StaffRole::parse(&r.role)
                .ok_or_else(|| StoreError::Corrupt(format!("staff role {:?}", r.role)))?,
            invited_by: r.invited_by.map(AccountId),
            created_at: from_micros(r.created_at)?,
            expires_at: from_micros(r.expires_at)?,
            state: StaffInvitationState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt(format!("invitation state {:?}", r.state)))?,
        })
    }
}

macro_rules! columns {
    () => {
        "id, provider_id, email, first_name, last_name, role, invited_by, created_at, expires_at, state"
    };
}

#[async_trait]
impl StaffInvitationStore for SqliteStore {
    async fn create_staff_invitation(
        &self,
        i: &StaffInvitation,
        token: &TokenHash,
        mail: &OutgoingMessage,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err(WHAT))?;
        sqlx::query(
            "UPDATE staff_invitations SET state = 'replaced', decided_at = $1
             WHERE provider_id = $2 AND email = $3 AND state = 'open'",
        )
        .bind(micros(i.created_at))
        .bind(i.provider_id.0)
        .bind(&i.email)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        sqlx::query(concat!(
            "INSERT INTO staff_invitations (",
            columns!(),
            ", token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(i.id)
        .bind(i.provider_id.0)
        .bind(&i.email)
        .bind(&i.first_name)
        .bind(&i.last_name)
        .bind(i.role.as_str())
        .bind(i.invited_by.map(|a| a.0))
        .bind(micros(i.created_at))
        .bind(micros(i.expires_at))
        .bind(i.state.as_str())
        .bind(&token[..])
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        insert_message(&mut *tx, mail).await?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err(WHAT))
    }

    async fn find_staff_invitation(
        &self,
        token: &TokenHash,
    ) -> StoreResult<Option<StaffInvitation>> {
        sqlx::query_as::<_, InvitationRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM staff_invitations WHERE token_hash = $1"
        ))
        .bind(&token[..])
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err(WHAT))?
        .map(StaffInvitation::try_from)
        .transpose()
    }

    async fn accept_staff_invitation(
        &self,
        token: &TokenHash,
        account: AccountId,
        new_account: Option<&Account>,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<StaffAcceptance> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err(WHAT))?;
        if let Some(new) = new_account
            && !insert_account(&mut *tx, new).await?
        {
            tx.rollback().await.map_err(map_err(WHAT))?;
            return Ok(StaffAcceptance::EmailTaken);
        }
        // Used once, while open and unexpired, and only by the account with the invited address.
        let taken: Option<(Uuid, String)> = sqlx::query_as(
            "UPDATE staff_invitations SET state = 'accepted', decided_at = $1, account_id = $2
             WHERE token_hash = $3 AND state = 'open' AND expires_at > $1
               AND email = (SELECT email FROM accounts WHERE id = $2 AND deleted_at IS NULL)
             RETURNING provider_id, role",
        )
        .bind(micros(now))
        .bind(account.0)
        .bind(&token[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        let Some((provider, role)) = taken else {
            let usable: Option<Uuid> = sqlx::query_scalar(
                "SELECT id FROM staff_invitations
                 WHERE token_hash = $1 AND state = 'open' AND expires_at > $2",
            )
            .bind(&token[..])
            .bind(micros(now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_err(WHAT))?;
            tx.rollback().await.map_err(map_err(WHAT))?;
            return Ok(match usable {
                Some(_) => StaffAcceptance::OtherAddress,
                None => StaffAcceptance::NotUsable,
            });
        };
        let added = sqlx::query(
            "INSERT INTO staff_memberships (account_id, provider_id, role, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, provider_id) DO NOTHING",
        )
        .bind(account.0)
        .bind(provider)
        .bind(role)
        .bind(micros(now))
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        if added.rows_affected() != 1 {
            tx.rollback().await.map_err(map_err(WHAT))?;
            return Ok(StaffAcceptance::AlreadyMember);
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err(WHAT))?;
        Ok(StaffAcceptance::Accepted)
    }

    async fn list_staff_invitations(
        &self,
        provider: ProviderId,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffInvitation>> {
        let after = page.after.as_deref().map(Cursor::decode_id).transpose()?;
        let rows = sqlx::query_as::<_, InvitationRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM staff_invitations
             WHERE provider_id = $1 AND state = 'open' AND expires_at > $2
               AND ($3 IS NULL OR id > $3)
             ORDER BY id LIMIT $4"
        ))
        .bind(provider.0)
        .bind(micros(now))
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err(WHAT))?;
        let items = rows
            .into_iter()
            .map(StaffInvitation::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(
            items,
            page.size(),
            |i: &StaffInvitation| Cursor::Id(i.id).encode(),
        ))
    }

    async fn withdraw_staff_invitation(
        &self,
        provider: ProviderId,
        id: Uuid,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = crate::network::begin(self, WHAT).await?;
        let done = sqlx::query(
            "UPDATE staff_invitations SET state = 'withdrawn', decided_at = $1
             WHERE id = $2 AND provider_id = $3 AND state = 'open'",
        )
        .bind(micros(now))
        .bind(id)
        .bind(provider.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        // Nothing withdrawn (gone already, or not this provider's): nothing recorded either.
        crate::network::finish(tx, done.rows_affected() == 1, &[], audit, WHAT).await
    }
}
