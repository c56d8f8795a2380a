//! The provider admin's storage in SQLite: the staff list, staff changes that keep at least one
//! admin (checked inside the `BEGIN IMMEDIATE` transaction that makes the change, so writers
//! take turns), the provider's settings, editing a client record and the provider's
//! connections newest first.

use crate::convert::*;
use crate::outbox::insert_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use uuid::Uuid;
use zk_domain::client::ClientRecord;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, ClientRecordId, ConnectionId, ProviderId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{
    OutgoingMessage, ProviderConnection, ProviderSettings, StaffAdminStore, StaffChange,
    StaffChangeOutcome, StaffListing, StaffMembership, StaffRole, StoreError, StoreResult,
};

#[derive(sqlx::FromRow)]
struct StaffRow {
    account_id: Uuid,
    provider_id: Uuid,
    role: String,
    created_at: i64,
    email: String,
    first_name: String,
    last_name: String,
}

impl TryFrom<StaffRow> for StaffListing {
    type Error = StoreError;
    fn try_from(r: StaffRow) -> Result<Self, StoreError> {
        Ok(StaffListing {
            membership: StaffMembership {
                account_id: AccountId(r.account_id),
                provider_id: ProviderId(r.provider_id),
                role: StaffRole::parse(&r.role)
                    .ok_or_else(|| StoreError::Corrupt(format!("staff role {:?}", r.role)))?,
                created_at: from_micros(r.created_at)?,
            },
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    id: Uuid,
    client_record_id: Uuid,
    client_number: String,
    client_first_name: String,
    client_last_name: String,
    beheerder_first_name: String,
    beheerder_last_name: String,
    connected_at: i64,
}

impl TryFrom<ConnectionRow> for ProviderConnection {
    type Error = StoreError;
    fn try_from(r: ConnectionRow) -> Result<Self, StoreError> {
        Ok(ProviderConnection {
            id: ConnectionId(r.id),
            client_record_id: ClientRecordId(r.client_record_id),
            client_number: r.client_number,
            client_first_name: r.client_first_name,
            client_last_name: r.client_last_name,
            beheerder_first_name: r.beheerder_first_name,
            beheerder_last_name: r.beheerder_last_name,
            connected_at: from_micros(r.connected_at)?,
        })
    }
}

#[async_trait]
impl StaffAdminStore for SqliteStore {
    async fn list_staff(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffListing>> {
        let after = page.after.as_deref().map(Cursor::decode_id).transpose()?;
        let rows = sqlx::query_as::<_, StaffRow>(
            "SELECT m.account_id, m.provider_id, m.role, m.created_at,
                    a.email, a.first_name, a.last_name
             FROM staff_memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.provider_id = $1 AND ($2 IS NULL OR m.account_id > $2)
             ORDER BY m.account_id LIMIT $3",
        )
        .bind(provider.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("staff list"))?;
        let items = rows
            .into_iter()
            .map(StaffListing::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(items, page.size(), |s: &StaffListing| {
            Cursor::Id(s.membership.account_id.0).encode()
        }))
    }

    async fn change_staff(
        &self,
        provider: ProviderId,
        account: AccountId,
        change: StaffChange,
        mail: &OutgoingMessage,
    ) -> StoreResult<StaffChangeOutcome> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("staff change"))?;
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM staff_memberships WHERE provider_id = $1 AND account_id = $2",
        )
        .bind(provider.0)
        .bind(account.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("staff change"))?;
        let Some(role) = role else {
            return Ok(StaffChangeOutcome::NotMember);
        };
        let loses_admin = role == StaffRole::Admin.as_str()
            && !matches!(change, StaffChange::Role(StaffRole::Admin));
        if loses_admin {
            let admins: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM staff_memberships WHERE provider_id = $1 AND role = 'admin'",
            )
            .bind(provider.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err("staff change"))?;
            if admins <= 1 {
                return Ok(StaffChangeOutcome::LastAdmin);
            }
        }
        match change {
            StaffChange::Role(role) => sqlx::query(
                "UPDATE staff_memberships SET role = $3 WHERE provider_id = $1 AND account_id = $2",
            )
            .bind(provider.0)
            .bind(account.0)
            .bind(role.as_str()),
            StaffChange::Remove => sqlx::query(
                "DELETE FROM staff_memberships WHERE provider_id = $1 AND account_id = $2",
            )
            .bind(provider.0)
            .bind(account.0),
        }
        .execute(&mut *tx)
        .await
        .map_err(map_err("staff change"))?;
        insert_message(&mut *tx, mail).await?;
        tx.commit().await.map_err(map_err("staff change"))?;
        Ok(StaffChangeOutcome::Done)
    }

    async fn update_provider_settings(
        &self,
        provider: ProviderId,
        s: &ProviderSettings,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE providers SET letter_validity_days = $2, secretariat_email = $3,
                secretariat_phone = $4 WHERE id = $1",
        )
        .bind(provider.0)
        .bind(i64::from(s.letter_validity_days))
        .bind(&s.secretariat.email)
        .bind(&s.secretariat.phone)
        .execute(&self.writer)
        .await
        .map_err(map_err("provider settings"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn update_client_record(&self, c: &ClientRecord, audit: Audit<'_>) -> StoreResult<bool> {
        let mut tx = crate::network::begin(self, "client record").await?;
        let address = c.address.as_ref();
        let done = sqlx::query(
            "UPDATE client_records SET client_number = $3, first_name = $4, last_name = $5,
                birth_date = $6, email = $7, street = $8, postal_code = $9, city = $10
             WHERE id = $1 AND provider_id = $2",
        )
        .bind(c.id.0)
        .bind(c.provider_id.0)
        .bind(&c.client_number)
        .bind(&c.first_name)
        .bind(&c.last_name)
        .bind(date_text(c.birth_date.date()))
        .bind(&c.email)
        .bind(address.map(|a| &a.street))
        .bind(address.map(|a| &a.postal_code))
        .bind(address.map(|a| &a.city))
        .execute(&mut *tx)
        .await
        .map_err(map_err("client number"))?;
        let done = done.rows_affected() == 1;
        crate::network::finish(tx, done, &[], audit, "client record").await
    }

    async fn list_provider_connections(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ProviderConnection>> {
        let (after_time, after_id) = match page.after.as_deref() {
            Some(c) => {
                let (t, id) = Cursor::decode_time_id(c)?;
                (Some(t), Some(id))
            }
            None => (None, None),
        };
        let rows = sqlx::query_as::<_, ConnectionRow>(
            "SELECT c.id, c.client_record_id, r.client_number,
                    r.first_name AS client_first_name, r.last_name AS client_last_name,
                    a.first_name AS beheerder_first_name, a.last_name AS beheerder_last_name,
                    c.connected_at
             FROM connections c
             JOIN client_records r ON r.id = c.client_record_id
             JOIN care_pages p ON p.id = c.care_page_id
             JOIN accounts a ON a.id = p.beheerder_id
             WHERE c.provider_id = $1
               AND ($2 IS NULL OR c.connected_at < $2 OR (c.connected_at = $2 AND c.id < $3))
             ORDER BY c.connected_at DESC, c.id DESC LIMIT $4",
        )
        .bind(provider.0)
        .bind(after_time)
        .bind(after_id)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("provider connections"))?;
        let items = rows
            .into_iter()
            .map(ProviderConnection::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(
            items,
            page.size(),
            |c: &ProviderConnection| Cursor::TimeId(micros(c.connected_at), c.id.0).encode(),
        ))
    }
}
