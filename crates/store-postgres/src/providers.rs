//! Providers and practitioners in PostgreSQL.

use crate::convert::after_id;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use uuid::Uuid;
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::{Practitioner, Provider, SecretariatContact};
use zk_domain::{PractitionerId, ProviderId};
use zk_store::cursor::Cursor;
use zk_store::{ProviderStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct ProviderRow {
    id: Uuid,
    name: String,
    secretariat_email: String,
    secretariat_phone: String,
    letter_validity_days: i32,
}

impl TryFrom<ProviderRow> for Provider {
    type Error = StoreError;
    fn try_from(r: ProviderRow) -> Result<Self, StoreError> {
        Ok(Provider {
            id: ProviderId(r.id),
            name: r.name,
            secretariat: SecretariatContact {
                email: r.secretariat_email,
                phone: r.secretariat_phone,
            },
            letter_validity_days: u16::try_from(r.letter_validity_days)
                .map_err(|_| StoreError::Corrupt("letter validity".into()))?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct PractitionerRow {
    id: Uuid,
    provider_id: Uuid,
    name: String,
    discipline: String,
}

impl From<PractitionerRow> for Practitioner {
    fn from(r: PractitionerRow) -> Self {
        Practitioner {
            id: PractitionerId(r.id),
            provider_id: ProviderId(r.provider_id),
            name: r.name,
            discipline: r.discipline,
        }
    }
}

macro_rules! provider_columns {
    () => {
        "id, name, secretariat_email, secretariat_phone, letter_validity_days"
    };
}

#[async_trait]
impl ProviderStore for PostgresStore {
    async fn insert_provider(&self, p: &Provider) -> StoreResult<()> {
        sqlx::query(concat!(
            "INSERT INTO providers (",
            provider_columns!(),
            ") VALUES ($1, $2, $3, $4, $5)"
        ))
        .bind(p.id.0)
        .bind(&p.name)
        .bind(&p.secretariat.email)
        .bind(&p.secretariat.phone)
        .bind(i32::from(p.letter_validity_days))
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("provider"))
    }

    async fn get_provider(&self, id: ProviderId) -> StoreResult<Option<Provider>> {
        sqlx::query_as::<_, ProviderRow>(concat!(
            "SELECT ",
            provider_columns!(),
            " FROM providers WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("provider"))?
        .map(Provider::try_from)
        .transpose()
    }

    async fn list_providers(&self, page: &PageRequest) -> StoreResult<Page<Provider>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, ProviderRow>(concat!(
            "SELECT ",
            provider_columns!(),
            " FROM providers WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2"
        ))
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("providers"))?;
        let items = rows
            .into_iter()
            .map(Provider::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |p| {
            Cursor::Id(p.id.0).encode()
        }))
    }

    async fn insert_practitioner(&self, p: &Practitioner) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO practitioners (id, provider_id, name, discipline) VALUES ($1, $2, $3, $4)",
        )
        .bind(p.id.0)
        .bind(p.provider_id.0)
        .bind(&p.name)
        .bind(&p.discipline)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("practitioner"))
    }

    async fn get_practitioner(&self, id: PractitionerId) -> StoreResult<Option<Practitioner>> {
        let row = sqlx::query_as::<_, PractitionerRow>(
            "SELECT id, provider_id, name, discipline FROM practitioners WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("practitioner"))?;
        Ok(row.map(Practitioner::from))
    }

    async fn list_practitioners(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<Practitioner>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, PractitionerRow>(
            "SELECT id, provider_id, name, discipline FROM practitioners
             WHERE provider_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3",
        )
        .bind(provider.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("practitioners"))?;
        let items = rows.into_iter().map(Practitioner::from).collect();
        Ok(Page::from_rows(items, page.size(), |p: &Practitioner| {
            Cursor::Id(p.id.0).encode()
        }))
    }
}
