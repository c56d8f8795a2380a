//! Client records in PostgreSQL.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use uuid::Uuid;
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{BirthDate, ClientRecordId, ProviderId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{ClientStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub(crate) struct ClientRow {
    id: Uuid,
    provider_id: Uuid,
    client_number: String,
    first_name: String,
    last_name: String,
    birth_date: time::Date,
    email: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
}

impl TryFrom<ClientRow> for ClientRecord {
    type Error = StoreError;
    fn try_from(r: ClientRow) -> Result<Self, StoreError> {
        let address = match (r.street, r.postal_code, r.city) {
            (Some(street), Some(postal_code), Some(city)) => Some(PostalAddress {
                street,
                postal_code,
                city,
            }),
            _ => None,
        };
        Ok(ClientRecord {
            id: ClientRecordId(r.id),
            provider_id: ProviderId(r.provider_id),
            client_number: r.client_number,
            first_name: r.first_name,
            last_name: r.last_name,
            birth_date: BirthDate::new(from_pg_date(r.birth_date)?),
            email: r.email,
            address,
        })
    }
}

macro_rules! columns {
    () => {
        "id, provider_id, client_number, first_name, last_name, birth_date, email, street, postal_code, city"
    };
}

#[async_trait]
impl ClientStore for PostgresStore {
    async fn insert_client_record(&self, c: &ClientRecord, audit: Audit<'_>) -> StoreResult<()> {
        let mut tx = crate::network::begin(self, "client record").await?;
        let address = c.address.as_ref();
        sqlx::query(concat!(
            "INSERT INTO client_records (",
            columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(c.id.0)
        .bind(c.provider_id.0)
        .bind(&c.client_number)
        .bind(&c.first_name)
        .bind(&c.last_name)
        .bind(pg_date(c.birth_date.date())?)
        .bind(&c.email)
        .bind(address.map(|a| &a.street))
        .bind(address.map(|a| &a.postal_code))
        .bind(address.map(|a| &a.city))
        .execute(&mut *tx)
        .await
        .map_err(map_err("client record"))?;
        crate::network::finish(tx, true, &[], audit, "client record")
            .await
            .map(|_| ())
    }

    async fn get_client_record(&self, id: ClientRecordId) -> StoreResult<Option<ClientRecord>> {
        sqlx::query_as::<_, ClientRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM client_records WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("client record"))?
        .map(ClientRecord::try_from)
        .transpose()
    }

    async fn find_client_record_by_number(
        &self,
        provider: ProviderId,
        number: &str,
    ) -> StoreResult<Option<ClientRecord>> {
        sqlx::query_as::<_, ClientRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM client_records WHERE provider_id = $1 AND client_number = $2"
        ))
        .bind(provider.0)
        .bind(number)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("client record"))?
        .map(ClientRecord::try_from)
        .transpose()
    }

    async fn list_client_records(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ClientRecord>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, ClientRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM client_records
             WHERE provider_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
        ))
        .bind(provider.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("client records"))?;
        let items = rows
            .into_iter()
            .map(ClientRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |c| {
            Cursor::Id(c.id.0).encode()
        }))
    }
}
