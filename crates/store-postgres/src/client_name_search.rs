//! The secretariat's search by name in PostgreSQL: the start of the last name, or of the full name
//! ("jan de v", which covers the first name too), each a range scan of its own index, merged in
//! one order. A record that both match is listed once, at the smaller of its two names, so the
//! keyset cursor (that name and the id) pages through each record exactly once.

use crate::clients::ClientRow;
use crate::map_err;
use sqlx::PgPool;
use zk_domain::ProviderId;
use zk_domain::client::ClientRecord;
use zk_domain::page::{Page, PageRequest};
use zk_store::{StoreResult, decode_name_cursor, name_cursor, prefix_end};

#[derive(sqlx::FromRow)]
struct NamedRow {
    #[sqlx(flatten)]
    client: ClientRow,
    name_key: String,
}

/// One page of a provider's records whose last name or full name starts with `prefix` (lower
/// case), ordered by the matching name, then id.
pub(crate) async fn search_by_name(
    pool: &PgPool,
    provider: ProviderId,
    prefix: &str,
    page: &PageRequest,
) -> StoreResult<Page<ClientRecord>> {
    let (after_name, after_id) = match page.after.as_deref() {
        Some(c) => {
            let (n, id) = decode_name_cursor(c)?;
            (Some(n), Some(id))
        }
        None => (None, None),
    };
    let rows = sqlx::query_as::<_, NamedRow>(concat!(
        "SELECT * FROM ((SELECT ",
        "id, provider_id, client_number, first_name, last_name, birth_date, email, street, postal_code, city",
        ", lower(last_name) COLLATE \"C\" AS name_key FROM client_records
          WHERE provider_id = $1 AND lower(last_name) COLLATE \"C\" >= $2 AND lower(last_name) COLLATE \"C\" < $3
            AND ($4::text IS NULL OR lower(last_name) COLLATE \"C\" > $4 OR (lower(last_name) COLLATE \"C\" = $4 AND id > $5))
            AND NOT (lower(first_name || ' ' || last_name) COLLATE \"C\" >= $2
                     AND lower(first_name || ' ' || last_name) COLLATE \"C\" < $3
                     AND lower(first_name || ' ' || last_name) COLLATE \"C\" < lower(last_name) COLLATE \"C\")
          ORDER BY lower(last_name) COLLATE \"C\", id LIMIT $6)
         UNION ALL
         (SELECT ",
        "id, provider_id, client_number, first_name, last_name, birth_date, email, street, postal_code, city",
        ", lower(first_name || ' ' || last_name) COLLATE \"C\" AS name_key FROM client_records
          WHERE provider_id = $1
            AND lower(first_name || ' ' || last_name) COLLATE \"C\" >= $2
            AND lower(first_name || ' ' || last_name) COLLATE \"C\" < $3
            AND ($4::text IS NULL OR lower(first_name || ' ' || last_name) COLLATE \"C\" > $4
                 OR (lower(first_name || ' ' || last_name) COLLATE \"C\" = $4 AND id > $5))
            AND NOT (lower(last_name) COLLATE \"C\" >= $2 AND lower(last_name) COLLATE \"C\" < $3
                     AND lower(last_name) COLLATE \"C\" < lower(first_name || ' ' || last_name) COLLATE \"C\")
          ORDER BY lower(first_name || ' ' || last_name) COLLATE \"C\", id LIMIT $6))
         AS found ORDER BY name_key COLLATE \"C\", id LIMIT $6"
    ))
    .bind(provider.0)
    .bind(prefix)
    .bind(prefix_end(prefix))
    .bind(after_name)
    .bind(after_id)
    .bind(i64::from(page.size()) + 1)
    .fetch_all(pool)
    .await
    .map_err(map_err("client search"))?;
    let items = rows
        .into_iter()
        .map(|r| Ok((ClientRecord::try_from(r.client)?, r.name_key)))
        .collect::<StoreResult<Vec<_>>>()?;
    let page = Page::from_rows(items, page.size(), |(c, key): &(ClientRecord, String)| {
        name_cursor(key, c.id.0)
    });
    Ok(Page {
        items: page.items.into_iter().map(|(c, _)| c).collect(),
        next: page.next,
    })
}
