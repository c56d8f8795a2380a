//! Registrations in progress in SQLite, and the activation that turns one into an account. With
//! one writer connection and `BEGIN IMMEDIATE`, an activation runs alone from its first read.

use crate::accounts::{insert_account, insert_care_page, insert_connection};
use crate::convert::*;
use crate::sessions::insert_session;
use crate::webhooks::insert_event_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;
use zk_domain::RegistrationId;
use zk_store::{
    AccountCreation, ClaimedActivation, NewAccount, RegistrationStore, StoreError, StoreResult,
    StoredRegistration, TokenHash,
};

/// Whether `registration`'s activation link proved another address than `email`: an account
/// made from it would carry an address nobody confirmed. Whether any link was used at all is
/// the registration state's to say (the app checks it); this guards the address itself.
pub(crate) async fn proves_other_email(
    tx: &mut Transaction<'_, Sqlite>,
    registration: RegistrationId,
    email: &str,
) -> StoreResult<bool> {
    let proven: Option<Option<String>> =
        sqlx::query_scalar("SELECT proven_email FROM registrations WHERE id = $1")
            .bind(registration.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(map_err("proven e-mail"))?;
    Ok(matches!(proven, Some(Some(p)) if p != email))
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    #[sqlx(flatten)]
    registration: RegistrationRow,
    proven_email: String,
}

#[derive(sqlx::FromRow)]
struct RegistrationRow {
    id: Uuid,
    state: String,
    created_at: i64,
    expires_at: i64,
}

impl TryFrom<RegistrationRow> for StoredRegistration {
    type Error = StoreError;
    fn try_from(r: RegistrationRow) -> Result<Self, StoreError> {
        Ok(StoredRegistration {
            id: RegistrationId(r.id),
            state: r.state,
            created_at: from_micros(r.created_at)?,
            expires_at: from_micros(r.expires_at)?,
        })
    }
}

macro_rules! columns {
    () => {
        "id, state, created_at, expires_at"
    };
}

/// Rolls back an activation that cannot go on, and says why.
async fn refuse(
    tx: Transaction<'_, Sqlite>,
    outcome: AccountCreation,
) -> StoreResult<AccountCreation> {
    tx.rollback().await.map_err(map_err("create account"))?;
    Ok(outcome)
}

#[async_trait]
impl RegistrationStore for SqliteStore {
    async fn create_registration(
        &self,
        r: &StoredRegistration,
        browser: &TokenHash,
    ) -> StoreResult<()> {
        sqlx::query(concat!(
            "INSERT INTO registrations (",
            columns!(),
            ", browser_token_hash) VALUES ($1, $2, $3, $4, $5)"
        ))
        .bind(r.id.0)
        .bind(&r.state)
        .bind(micros(r.created_at))
        .bind(micros(r.expires_at))
        .bind(&browser[..])
        .execute(&self.writer)
        .await
        .map(|_| ())
        .map_err(map_err("registration"))
    }

    async fn find_registration(
        &self,
        browser: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<StoredRegistration>> {
        sqlx::query_as::<_, RegistrationRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM registrations WHERE browser_token_hash = $1 AND expires_at > $2"
        ))
        .bind(&browser[..])
        .bind(micros(now))
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("registration"))?
        .map(StoredRegistration::try_from)
        .transpose()
    }

    async fn update_registration(
        &self,
        id: RegistrationId,
        state: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE registrations SET state = $1, expires_at = $2 WHERE id = $3")
            .bind(state)
            .bind(micros(expires_at))
            .bind(id.0)
            .execute(&self.writer)
            .await
            .map(|_| ())
            .map_err(map_err("update registration"))
    }

    async fn set_activation_token(
        &self,
        id: RegistrationId,
        token: &TokenHash,
        email: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE registrations
             SET activation_token_hash = $1, activation_expires_at = $2, activation_email = $3
             WHERE id = $4",
        )
        .bind(&token[..])
        .bind(micros(expires_at))
        .bind(email)
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map(|_| ())
        .map_err(map_err("activation token"))
    }

    async fn claim_activation(
        &self,
        token: &TokenHash,
        now: Timestamp,
        browser: &TokenHash,
    ) -> StoreResult<Option<ClaimedActivation>> {
        // One conditional UPDATE: the first caller clears the token, so no later one matches. A
        // link without an address (made before links were bound to one) proves nothing.
        let row = sqlx::query_as::<_, ClaimRow>(concat!(
            "UPDATE registrations
             SET activation_token_hash = NULL, activation_expires_at = NULL,
                 proven_email = activation_email, activation_email = NULL, browser_token_hash = $1
             WHERE activation_token_hash = $2 AND activation_expires_at > $3
               AND activation_email IS NOT NULL
             RETURNING proven_email, ",
            columns!()
        ))
        .bind(&browser[..])
        .bind(&token[..])
        .bind(micros(now))
        .fetch_optional(&self.writer)
        .await
        .map_err(map_err("claim activation"))?;
        row.map(|r| {
            Ok(ClaimedActivation {
                registration: StoredRegistration::try_from(r.registration)?,
                email: r.proven_email,
            })
        })
        .transpose()
    }

    async fn void_activation(&self, id: RegistrationId) -> StoreResult<()> {
        sqlx::query(
            "UPDATE registrations
             SET activation_token_hash = NULL, activation_expires_at = NULL,
                 activation_email = NULL, proven_email = NULL
             WHERE id = $1",
        )
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map(|_| ())
        .map_err(map_err("void activation"))
    }

    async fn create_account(
        &self,
        new: &NewAccount,
        now: Timestamp,
        audit: zk_store::Audit<'_>,
    ) -> StoreResult<AccountCreation> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("create account"))?;
        if proves_other_email(&mut tx, new.registration, &new.account.email).await? {
            return refuse(tx, AccountCreation::EmailNotProven).await;
        }
        if !insert_account(&mut *tx, &new.account).await? {
            return refuse(tx, AccountCreation::EmailTaken).await;
        }
        if let Some(c) = &new.connection {
            // Uses the letter only if it is still usable and is the one for this connection's
            // provider and client record.
            let used = sqlx::query(
                "UPDATE letters SET state = 'used', state_changed_at = $1
                 WHERE id = $2 AND provider_id = $3 AND client_record_id = $4
                   AND state = 'issued' AND expires_at > $1",
            )
            .bind(micros(now))
            .bind(c.letter_id.0)
            .bind(c.provider_id.0)
            .bind(c.client_record_id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("use letter"))?;
            if used.rows_affected() != 1 {
                return refuse(tx, AccountCreation::LetterNotUsable).await;
            }
        }
        insert_care_page(&mut *tx, &new.care_page).await?;
        if let Some(c) = &new.connection
            && !insert_connection(&mut *tx, c).await?
        {
            return refuse(tx, AccountCreation::LetterNotUsable).await;
        }
        sqlx::query("DELETE FROM registrations WHERE id = $1")
            .bind(new.registration.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("delete registration"))?;
        insert_session(&mut *tx, &new.session, &new.session_token).await?;
        for m in &new.messages {
            insert_event_message(&mut tx, m).await?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("create account"))?;
        Ok(AccountCreation::Created)
    }

    async fn delete_registration(&self, id: RegistrationId) -> StoreResult<()> {
        sqlx::query("DELETE FROM registrations WHERE id = $1")
            .bind(id.0)
            .execute(&self.writer)
            .await
            .map(|_| ())
            .map_err(map_err("delete registration"))
    }
}
