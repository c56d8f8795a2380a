//! Account security in PostgreSQL: re-authentication, password and e-mail changes, known browsers,
//! removing second factors, passkeys and WebAuthn ceremonies. Changes that must be all or
//! nothing run in one transaction; those that count an account's factors or compare its address
//! first lock the account's row, so racing callers take turns.

use crate::convert::*;
use crate::outbox::insert_message;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::{AccountId, CeremonyId, PasskeyId, SessionId};
use zk_store::{
    AccountSecurityStore, Audit, Ceremony, EmailChangeOutcome, FactorRemoval, OutgoingMessage,
    SecondFactor, StoreError, StoreResult, StoredPasskey, TokenHash,
};

#[derive(sqlx::FromRow)]
struct PasskeyRow {
    id: Uuid,
    account_id: Uuid,
    credential_id: Vec<u8>,
    name: String,
    credential: String,
    created_at: OffsetDateTime,
    last_used_at: Option<OffsetDateTime>,
}

impl TryFrom<PasskeyRow> for StoredPasskey {
    type Error = StoreError;
    fn try_from(r: PasskeyRow) -> Result<Self, StoreError> {
        Ok(StoredPasskey {
            id: PasskeyId(r.id),
            account_id: AccountId(r.account_id),
            credential_id: r.credential_id,
            name: r.name,
            credential: r.credential,
            created_at: from_odt(r.created_at)?,
            last_used_at: r.last_used_at.map(from_odt).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CeremonyRow {
    id: Uuid,
    account_id: Option<Uuid>,
    purpose: String,
    state: String,
    expires_at: OffsetDateTime,
}

impl TryFrom<CeremonyRow> for Ceremony {
    type Error = StoreError;
    fn try_from(r: CeremonyRow) -> Result<Self, StoreError> {
        Ok(Ceremony {
            id: CeremonyId(r.id),
            account_id: r.account_id.map(AccountId),
            purpose: r.purpose,
            state: r.state,
            expires_at: from_odt(r.expires_at)?,
        })
    }
}

/// The number of second factors the account has, read inside a transaction.
async fn factor_count(tx: &mut Transaction<'_, Postgres>, account: AccountId) -> StoreResult<i64> {
    sqlx::query_scalar(
        "SELECT (phone IS NOT NULL AND phone_verified_at IS NOT NULL)::int::int8
              + (totp_sealed IS NOT NULL)::int::int8
              + (SELECT COUNT(*) FROM passkeys WHERE account_id = accounts.id)
         FROM accounts WHERE id = $1",
    )
    .bind(account.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map_err("second factors"))
    .map(Option::unwrap_or_default)
}

/// Voids the account's open password reset links (as used at `now`) and its pending e-mail
/// changes, inside a transaction that changes its password.
pub(crate) async fn void_links(
    tx: &mut Transaction<'_, Postgres>,
    account: AccountId,
    now: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(account.0)
    .execute(&mut **tx)
    .await
    .map_err(map_err("void password resets"))?;
    sqlx::query("DELETE FROM email_changes WHERE account_id = $1")
        .bind(account.0)
        .execute(&mut **tx)
        .await
        .map_err(map_err("void e-mail changes"))?;
    Ok(())
}

#[async_trait]
impl AccountSecurityStore for PostgresStore {
    async fn mark_reauthenticated(
        &self,
        session: SessionId,
        at: Timestamp,
        token: &TokenHash,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET authenticated_at = $1, token_hash = $2 WHERE id = $3")
            .bind(odt(at)?)
            .bind(&token[..])
            .bind(session.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("reauthenticate"))
    }

    async fn change_password(
        &self,
        account: AccountId,
        password_hash: &str,
        keep: SessionId,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<u64> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(map_err("change password"))?;
        let changed = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("change password"))?
            .rows_affected();
        if changed == 0 {
            return Ok(0);
        }
        let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id <> $2")
            .bind(account.0)
            .bind(keep.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("end sessions"))?
            .rows_affected();
        // Whoever asked for a link or a new address with the old password loses it too.
        void_links(&mut tx, account, odt(now)?).await?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("change password"))?;
        Ok(ended)
    }

    async fn create_email_change(
        &self,
        account: AccountId,
        new_email: &str,
        token: &TokenHash,
        created_at: Timestamp,
        expires_at: Timestamp,
        mails: &[OutgoingMessage],
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("e-mail change"))?;
        sqlx::query("DELETE FROM email_changes WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("e-mail change"))?;
        sqlx::query(
            "INSERT INTO email_changes (token_hash, account_id, new_email, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&token[..])
        .bind(account.0)
        .bind(new_email)
        .bind(odt(created_at)?)
        .bind(odt(expires_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("e-mail change"))?;
        for mail in mails {
            insert_message(&mut *tx, mail).await?;
        }
        tx.commit().await.map_err(map_err("e-mail change"))
    }

    async fn find_email_change(
        &self,
        token: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<(AccountId, String)>> {
        let row: Option<(Uuid, String)> = sqlx::query_as(
            "SELECT account_id, new_email FROM email_changes
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(&token[..])
        .bind(odt(now)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("e-mail change"))?;
        Ok(row.map(|(a, e)| (AccountId(a), e)))
    }

    async fn confirm_email_change(
        &self,
        token: &TokenHash,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<EmailChangeOutcome> {
        let now = odt(now)?;
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(map_err("confirm e-mail change"))?;
        // The account first, as a password change or reset takes it before its links: the
        // two never wait for each other's rows the other way round.
        sqlx::query(
            "SELECT 1 FROM accounts
             WHERE id = (SELECT account_id FROM email_changes WHERE token_hash = $1)
             FOR UPDATE",
        )
        .bind(&token[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("confirm e-mail change"))?;
        let row: Option<(Uuid, String)> = sqlx::query_as(
            "DELETE FROM email_changes WHERE token_hash = $1 AND expires_at > $2
             RETURNING account_id, new_email",
        )
        .bind(&token[..])
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("confirm e-mail change"))?;
        let Some((account, new_email)) = row else {
            tx.commit()
                .await
                .map_err(map_err("confirm e-mail change"))?;
            return Ok(EmailChangeOutcome::NotUsable);
        };
        let taken: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1 AND id <> $2")
                .bind(&new_email)
                .bind(account)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err("confirm e-mail change"))?;
        if taken.is_some() {
            tx.commit()
                .await
                .map_err(map_err("confirm e-mail change"))?;
            return Ok(EmailChangeOutcome::Taken);
        }
        let old_email: String = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err("confirm e-mail change"))?;
        sqlx::query("UPDATE accounts SET email = $1 WHERE id = $2")
            .bind(&new_email)
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map_err("confirm e-mail change"))?;
        // Reset links went to the old address: they stop working with it.
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
        )
        .bind(now)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(map_err("void password resets"))?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit()
            .await
            .map_err(map_err("confirm e-mail change"))?;
        Ok(EmailChangeOutcome::Changed {
            account: AccountId(account),
            old_email,
            new_email,
        })
    }

    async fn remember_browser(
        &self,
        account: AccountId,
        browser: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO known_browsers (account_id, browser_hash, first_seen_at)
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(account.0)
        .bind(&browser[..])
        .bind(odt(now)?)
        .execute(&self.pool)
        .await
        .map_err(map_err("known browser"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn remove_second_factor(
        &self,
        account: AccountId,
        factor: SecondFactor,
        audit: Audit<'_>,
    ) -> StoreResult<FactorRemoval> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(map_err("remove second factor"))?;
        // Removals for one account take turns, so two cannot each see the other's factor.
        sqlx::query("SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE")
            .bind(account.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_err("remove second factor"))?;
        let exists: bool = match factor {
            SecondFactor::Phone => sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1
                    AND phone IS NOT NULL AND phone_verified_at IS NOT NULL)",
            )
            .bind(account.0),
            SecondFactor::Authenticator => sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND totp_sealed IS NOT NULL)",
            )
            .bind(account.0),
            SecondFactor::Passkey(id) => sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM passkeys WHERE account_id = $1 AND id = $2)",
            )
            .bind(account.0)
            .bind(id.0),
        }
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err("remove second factor"))?;
        let outcome = if !exists {
            FactorRemoval::Missing
        } else if factor_count(&mut tx, account).await? <= 1 {
            FactorRemoval::WouldBeLast
        } else {
            match factor {
                SecondFactor::Phone => sqlx::query(
                    "UPDATE accounts SET phone = NULL, phone_verified_at = NULL WHERE id = $1",
                )
                .bind(account.0),
                SecondFactor::Authenticator => sqlx::query(
                    "UPDATE accounts SET totp_sealed = NULL, totp_last_step = NULL WHERE id = $1",
                )
                .bind(account.0),
                SecondFactor::Passkey(id) => {
                    sqlx::query("DELETE FROM passkeys WHERE account_id = $1 AND id = $2")
                        .bind(account.0)
                        .bind(id.0)
                }
            }
            .execute(&mut *tx)
            .await
            .map_err(map_err("remove second factor"))?;
            crate::audit::append_in(&mut tx, audit).await?;
            FactorRemoval::Removed
        };
        tx.commit().await.map_err(map_err("remove second factor"))?;
        Ok(outcome)
    }

    async fn add_passkey(&self, p: &StoredPasskey, audit: Audit<'_>) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err("passkey"))?;
        let added = sqlx::query(
            "INSERT INTO passkeys
                (id, account_id, credential_id, name, credential, created_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (credential_id) DO NOTHING",
        )
        .bind(p.id.0)
        .bind(p.account_id.0)
        .bind(&p.credential_id)
        .bind(&p.name)
        .bind(&p.credential)
        .bind(odt(p.created_at)?)
        .bind(p.last_used_at.map(odt).transpose()?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("passkey"))?
        .rows_affected()
            == 1;
        if !added {
            return Ok(false);
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("passkey"))?;
        Ok(true)
    }

    async fn passkeys_of(&self, account: AccountId) -> StoreResult<Vec<StoredPasskey>> {
        sqlx::query_as::<_, PasskeyRow>(
            "SELECT id, account_id, credential_id, name, credential, created_at, last_used_at
             FROM passkeys WHERE account_id = $1 ORDER BY created_at, id",
        )
        .bind(account.0)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("passkeys"))?
        .into_iter()
        .map(StoredPasskey::try_from)
        .collect()
    }

    async fn passkey_used(
        &self,
        id: PasskeyId,
        credential: &str,
        at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
            .bind(credential)
            .bind(odt(at)?)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("passkey use"))
    }

    async fn save_ceremony(&self, c: &Ceremony, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("ceremony"))?;
        sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at <= $1")
            .bind(odt(now)?)
            .execute(&mut *tx)
            .await
            .map_err(map_err("ceremony"))?;
        sqlx::query(
            "INSERT INTO webauthn_ceremonies (id, account_id, purpose, state, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.id.0)
        .bind(c.account_id.map(|a| a.0))
        .bind(&c.purpose)
        .bind(&c.state)
        .bind(odt(c.expires_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("ceremony"))?;
        tx.commit().await.map_err(map_err("ceremony"))
    }

    async fn take_ceremony(
        &self,
        id: CeremonyId,
        purpose: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Ceremony>> {
        sqlx::query_as::<_, CeremonyRow>(
            "DELETE FROM webauthn_ceremonies
             WHERE id = $1 AND purpose = $2 AND expires_at > $3
             RETURNING id, account_id, purpose, state, expires_at",
        )
        .bind(id.0)
        .bind(purpose)
        .bind(odt(now)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("ceremony"))?
        .map(Ceremony::try_from)
        .transpose()
    }
}
