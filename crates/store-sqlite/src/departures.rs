//! Leaving in SQLite: ending a connection (moved to `ended_connections` with its webhook events
//! and e-mails) and deleting an account (scrubbed to a tombstone), each in one transaction.

use crate::convert::*;
use crate::webhooks::insert_event_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::account::Connection;
use zk_domain::page::{Page, PageRequest};
use zk_domain::*;
use zk_store::cursor::Cursor;
use zk_store::{
    AccountDeletion, Audit, DepartureStore, EndedBy, EndedConnection, EndedConnectionListing,
    OutgoingMessage, StoreError, StoreResult,
};

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    id: Uuid,
    care_page_id: Uuid,
    provider_id: Uuid,
    client_record_id: Uuid,
    letter_id: Uuid,
    connected_at: i64,
}

#[derive(sqlx::FromRow)]
struct EndedRow {
    id: Uuid,
    client_record_id: Uuid,
    client_number: String,
    client_first_name: String,
    client_last_name: String,
    connected_at: i64,
    ended_at: i64,
    ended_by_kind: String,
    ended_by_first_name: String,
    ended_by_last_name: String,
}

impl TryFrom<EndedRow> for EndedConnectionListing {
    type Error = StoreError;
    fn try_from(r: EndedRow) -> Result<Self, StoreError> {
        Ok(EndedConnectionListing {
            id: ConnectionId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            client_number: r.client_number,
            client_first_name: r.client_first_name,
            client_last_name: r.client_last_name,
            connected_at: from_micros(r.connected_at)?,
            ended_at: from_micros(r.ended_at)?,
            ended_by_kind: EndedBy::parse(&r.ended_by_kind)
                .ok_or_else(|| StoreError::Corrupt("ended connection kind".into()))?,
            ended_by_first_name: r.ended_by_first_name,
            ended_by_last_name: r.ended_by_last_name,
        })
    }
}

/// What deleting an account removes outright: everything that only serves logging in, and the
/// account's own memberships. Kept (as the tombstone's foreign keys): the care pages it
/// managed, their connections and letters, and ended connections, which the provider's
/// records need.
const REMOVED_WITH_ACCOUNT: [&str; 10] = [
    "DELETE FROM sessions WHERE account_id = $1",
    "DELETE FROM sms_challenges WHERE account_id = $1",
    "DELETE FROM password_resets WHERE account_id = $1",
    "DELETE FROM recovery_codes WHERE account_id = $1",
    "DELETE FROM email_changes WHERE account_id = $1",
    "DELETE FROM known_browsers WHERE account_id = $1",
    "DELETE FROM passkeys WHERE account_id = $1",
    "DELETE FROM webauthn_ceremonies WHERE account_id = $1",
    "DELETE FROM staff_memberships WHERE account_id = $1",
    "DELETE FROM care_page_members
     WHERE account_id = $1
        OR care_page_id IN (SELECT id FROM care_pages WHERE beheerder_id = $1)",
];

#[async_trait]
impl DepartureStore for SqliteStore {
    async fn get_connection(&self, id: ConnectionId) -> StoreResult<Option<Connection>> {
        sqlx::query_as::<_, ConnectionRow>(
            "SELECT id, care_page_id, provider_id, client_record_id, letter_id, connected_at
             FROM connections WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("connection"))?
        .map(|r| {
            Ok(Connection {
                id: ConnectionId(r.id),
                care_page_id: CarePageId(r.care_page_id),
                provider_id: ProviderId(r.provider_id),
                client_record_id: ClientRecordId(r.client_record_id),
                letter_id: LetterId(r.letter_id),
                connected_at: from_micros(r.connected_at)?,
            })
        })
        .transpose()
    }

    async fn end_connection(
        &self,
        ended: &EndedConnection,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let c = &ended.connection;
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("end connection"))?;
        let removed = sqlx::query("DELETE FROM connections WHERE id = $1 AND care_page_id = $2")
            .bind(c.id.0)
            .bind(c.care_page_id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("end connection"))?
            .rows_affected();
        if removed == 0 {
            tx.rollback().await.map_err(map_err("end connection"))?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO ended_connections (id, care_page_id, provider_id, client_record_id,
                 letter_id, connected_at, ended_at, ended_by, ended_by_kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(c.id.0)
        .bind(c.care_page_id.0)
        .bind(c.provider_id.0)
        .bind(c.client_record_id.0)
        .bind(c.letter_id.0)
        .bind(micros(c.connected_at))
        .bind(micros(ended.ended_at))
        .bind(ended.ended_by.0)
        .bind(ended.ended_by_kind.as_str())
        .execute(&mut *tx)
        .await
        .map_err(map_err("ended connection"))?;
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("end connection"))?;
        Ok(true)
    }

    async fn ended_connections_of_provider(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<EndedConnectionListing>> {
        let (after_time, after_id) = match page.after.as_deref() {
            Some(c) => {
                let (t, id) = Cursor::decode_time_id(c)?;
                (Some(t), Some(id))
            }
            None => (None, None),
        };
        let rows = sqlx::query_as::<_, EndedRow>(
            "SELECT e.id, e.client_record_id, r.client_number,
                    r.first_name AS client_first_name, r.last_name AS client_last_name,
                    e.connected_at, e.ended_at, e.ended_by_kind,
                    a.first_name AS ended_by_first_name, a.last_name AS ended_by_last_name
             FROM ended_connections e
             JOIN client_records r ON r.id = e.client_record_id
             JOIN accounts a ON a.id = e.ended_by
             WHERE e.provider_id = $1
               AND ($2 IS NULL OR e.ended_at < $2 OR (e.ended_at = $2 AND e.id < $3))
             ORDER BY e.ended_at DESC, e.id DESC LIMIT $4",
        )
        .bind(provider.0)
        .bind(after_time)
        .bind(after_id)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("ended connections"))?;
        let items = rows
            .into_iter()
            .map(EndedConnectionListing::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(
            items,
            page.size(),
            |c: &EndedConnectionListing| Cursor::TimeId(micros(c.ended_at), c.id.0).encode(),
        ))
    }

    async fn delete_account(
        &self,
        d: &AccountDeletion,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("delete account"))?;
        // The tombstone first: it also tells whether the account was deleted already. It keeps
        // what the foreign keys need, and the language and creation date, which say nothing
        // about the person.
        let scrubbed = sqlx::query(
            "UPDATE accounts SET email = $2, first_name = '', last_name = '', password_hash = $3,
                 phone = NULL, phone_verified_at = NULL, totp_sealed = NULL,
                 totp_last_step = NULL, deleted_at = $4
             WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(d.account.0)
        .bind(&d.tombstone_email)
        .bind(&d.unusable_password_hash)
        .bind(micros(d.at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("delete account"))?
        .rows_affected();
        if scrubbed == 0 {
            tx.rollback().await.map_err(map_err("delete account"))?;
            return Ok(false);
        }
        sqlx::query(
            "UPDATE care_pages SET vacant_since = $2
             WHERE beheerder_id = $1 AND vacant_since IS NULL",
        )
        .bind(d.account.0)
        .bind(micros(d.at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("vacate care pages"))?;
        // Open invitations the account sent, or for pages it managed, stop working.
        sqlx::query(
            "UPDATE care_page_invitations SET state = 'withdrawn', decided_at = $2
             WHERE state = 'open'
               AND (invited_by = $1
                    OR care_page_id IN (SELECT id FROM care_pages WHERE beheerder_id = $1))",
        )
        .bind(d.account.0)
        .bind(micros(d.at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("withdraw invitations"))?;
        for sql in REMOVED_WITH_ACCOUNT {
            sqlx::query(sql)
                .bind(d.account.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("delete account"))?;
        }
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("delete account"))?;
        Ok(true)
    }

    async fn account_deleted_at(&self, account: AccountId) -> StoreResult<Option<Timestamp>> {
        let at: Option<Option<i64>> =
            sqlx::query_scalar("SELECT deleted_at FROM accounts WHERE id = $1")
                .bind(account.0)
                .fetch_optional(&self.reader)
                .await
                .map_err(map_err("account"))?;
        at.flatten().map(from_micros).transpose()
    }
}
