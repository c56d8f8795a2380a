//! Bulk data generators: `n` client records, each with a letter and four appointments, made
//! inside the database (recursive CTE on SQLite, generate_series on PostgreSQL), because
//! inserting millions of rows one request at a time would measure the generator, not the
//! portal. The few letters whose codes the benchmark looks up go through the real use case.

use anyhow::Context;
use zk_domain::ProviderId;

/// Rows per generated client: one record, one letter, four appointments.
pub const ROWS_PER_CLIENT: u64 = 6;

pub async fn fill_sqlite(
    path: &std::path::Path,
    provider: ProviderId,
    n: u64,
) -> anyhow::Result<()> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await?;
    let pid = provider.0;
    let statements = [
        "INSERT INTO client_records (id, provider_id, client_number, first_name, last_name, birth_date)
         WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $2)
         SELECT randomblob(16), $1, 'G-' || i, 'Voornaam', 'Achternaam' || (i % 1000), '1980-01-01' FROM seq",
        "INSERT INTO letters (id, provider_id, client_record_id, code_hash, intended_for, issued_at, expires_at, state)
         SELECT randomblob(16), provider_id, id, randomblob(32), 'client', 1700000000000000, 4000000000000000, 'issued'
         FROM client_records WHERE provider_id = $1 AND client_number LIKE 'G-%' AND $2 > 0",
        "INSERT INTO appointments (id, client_record_id, starts_at, ends_at, title)
         WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3)
         SELECT randomblob(16), c.id, 1790000000000000 + j * 604800000000, 1790000000000000 + j * 604800000000 + 2700000000, 'Gesprek'
         FROM client_records c, k WHERE c.provider_id = $1 AND c.client_number LIKE 'G-%' AND $2 > 0",
    ];
    let mut tx = pool.begin().await?;
    for sql in statements {
        sqlx::query(sql)
            .bind(pid)
            .bind(n as i64)
            .execute(&mut *tx)
            .await
            .context("fill sqlite")?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

pub async fn fill_postgres(url: &str, provider: ProviderId, n: u64) -> anyhow::Result<()> {
    let pool = sqlx::PgPool::connect(url).await?;
    let pid = provider.0;
    let statements = [
        "INSERT INTO client_records (id, provider_id, client_number, first_name, last_name, birth_date)
         SELECT gen_random_uuid(), $1, 'G-' || i, 'Voornaam', 'Achternaam' || (i % 1000), DATE '1980-01-01'
         FROM generate_series(1, $2::bigint) AS i",
        "INSERT INTO letters (id, provider_id, client_record_id, code_hash, intended_for, issued_at, expires_at, state)
         SELECT gen_random_uuid(), provider_id, id, decode(md5(random()::text) || md5(random()::text), 'hex'),
                'client', TIMESTAMPTZ '2023-11-14 22:13:20+00', TIMESTAMPTZ '2096-10-02 07:06:40+00', 'issued'
         FROM client_records WHERE provider_id = $1 AND client_number LIKE 'G-%' AND $2 > 0",
        "INSERT INTO appointments (id, client_record_id, starts_at, ends_at, title)
         SELECT gen_random_uuid(), c.id, TIMESTAMPTZ '2026-09-21 00:00:00+00' + j * INTERVAL '7 days',
                TIMESTAMPTZ '2026-09-21 00:45:00+00' + j * INTERVAL '7 days', 'Gesprek'
         FROM client_records c, generate_series(0, 3) AS j WHERE c.provider_id = $1 AND c.client_number LIKE 'G-%' AND $2::bigint > 0",
    ];
    let mut tx = pool.begin().await?;
    for sql in statements {
        sqlx::query(sql)
            .bind(pid)
            .bind(n as i64)
            .execute(&mut *tx)
            .await
            .context("fill postgres")?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    Ok(())
}
