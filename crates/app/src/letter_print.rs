//! Printing letters (SPEC S8): a letter is rendered as PDF before anything is stored, so the
//! letter, its sealed PDF and the revocation of the client's previous letter are written in one
//! transaction, with the letter's audit record (SPEC S9). Batches issue letters for many clients
//! as one PDF, all or nothing, with one record per client. Sealed PDFs are kept for 24 hours and
//! then removed by a periodic job.

use crate::audit::staff_changes::{self, By};
use crate::staff::{LetterSite, PDF_AVAILABLE, PDF_KEY};
use crate::{App, AppError, AppResult};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::watch;
use zk_domain::client::ClientRecord;
use zk_domain::letter::{IntendedFor, Letter, LetterState, LetterStatus};
use zk_domain::letter_batch::{LetterBatch, LetterBatchId, MAX_BATCH_CLIENTS};
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::Provider;
use zk_domain::{ClientRecordId, LetterCode, LetterId, ProviderId};
use zk_store::{CodeHash, ListedLetter, PrintedLetter, PurgedPdfs, StoreError};

/// How often to draw new codes when one collides with an existing hash (one in ten billion).
const CODE_ATTEMPTS: usize = 5;

/// The purpose under which batch PDFs are sealed.
const BATCH_PDF_KEY: &str = "letter-batch-pdf";

/// The window of the "expires within 7 days" list.
pub const EXPIRING_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 7);

/// The smallest step of stored time: "after now" starts here.
const TICK: SignedDuration = SignedDuration::from_micros(1);

/// What the letter text says, for a client record and its code.
fn letter_content(
    provider: &Provider,
    record: &ClientRecord,
    letter: &Letter,
    code: &LetterCode,
    site: &LetterSite<'_>,
) -> zk_letters::LetterContent {
    let tz = crate::dutch_time_zone();
    let base = site.public_url.trim_end_matches('/');
    let registration_url = format!("{base}/account-aanmaken");
    let address_lines = match &record.address {
        Some(a) => vec![a.street.clone(), format!("{}  {}", a.postal_code, a.city)],
        None => Vec::new(),
    };
    let to_representative = letter.intended_for == IntendedFor::Representative;
    let recipient_name = if to_representative {
        format!("De ouder of vertegenwoordiger van {}", record.full_name())
    } else {
        record.full_name()
    };
    zk_letters::LetterContent {
        provider_name: provider.name.clone(),
        secretariat_phone: provider.secretariat.phone.clone(),
        secretariat_email: provider.secretariat.email.clone(),
        recipient_name,
        address_lines,
        client_name: record.full_name(),
        addressed_to_representative: to_representative,
        code: code.digits(),
        client_birth_date_hint: true,
        issued_on: letter.issued_at.to_zoned(tz.clone()).date(),
        // The last day it works: the day of the last moment before it expires.
        expires_on: (letter.expires_at - SignedDuration::from_secs(1))
            .to_zoned(tz)
            .date(),
        registration_url_with_code: format!("{registration_url}?code={}", code.digits()),
        registration_url,
        brand_name: site.brand_name.to_owned(),
    }
}

/// A new letter for `record`, valid as long as the provider's settings say, with a fresh code.
/// Addressed to the client from 16, before that to a parent, guardian or legal representative.
fn new_letter(
    app: &App,
    provider: &Provider,
    record: &ClientRecord,
    now: Timestamp,
) -> (Letter, LetterCode, CodeHash) {
    let to = default_addressee(record, app.today());
    addressed_letter(app, provider, record, to, now)
}

/// Whom a letter for `record` goes to unless the secretariat chooses: the client from 16.
pub fn default_addressee(record: &ClientRecord, today: jiff::civil::Date) -> IntendedFor {
    if zk_domain::redeem_rule::may_address_client(record.birth_date, today) {
        IntendedFor::Client
    } else {
        IntendedFor::Representative
    }
}

fn addressed_letter(
    app: &App,
    provider: &Provider,
    record: &ClientRecord,
    to: IntendedFor,
    now: Timestamp,
) -> (Letter, LetterCode, CodeHash) {
    let validity = SignedDuration::from_hours(24 * i64::from(provider.letter_validity_days));
    let code = LetterCode::generate();
    let hash = app.key.hash_code(&code);
    let letter = Letter {
        id: LetterId::new(),
        provider_id: provider.id,
        client_record_id: record.id,
        intended_for: to,
        issued_at: now,
        expires_at: now + validity,
        state: LetterState::Issued,
    };
    (letter, code, hash)
}

/// A client record of `provider`; NotFound for a missing one or another provider's.
pub(crate) async fn own_record(
    app: &App,
    provider: ProviderId,
    client: ClientRecordId,
) -> AppResult<ClientRecord> {
    match app.store.get_client_record(client).await? {
        Some(r) if r.provider_id == provider => Ok(r),
        _ => Err(AppError::NotFound("client record")),
    }
}

/// A letter just issued, and whether it replaced a valid one (whose code no longer works).
#[derive(Clone, Debug)]
pub struct PrintedResult {
    pub letter: Letter,
    pub replaced: bool,
}

/// Issues a letter for a client record of `provider`, renders its PDF and stores letter,
/// sealed PDF and the revocation of the client's valid letter at once: when anything cannot
/// be stored, the valid letter stays valid. NotFound when the provider has no such client.
pub async fn issue_printed_letter(
    app: &App,
    by: By<'_>,
    provider: &Provider,
    client: ClientRecordId,
    site: &LetterSite<'_>,
) -> AppResult<PrintedResult> {
    issue_printed_letter_to(app, by, provider, client, None, site).await
}

/// [`issue_printed_letter`] addressed to `to`, or to [`default_addressee`]. Whether `to` is
/// allowed is checked by the caller (`crate::addressed_letter`).
pub(crate) async fn issue_printed_letter_to(
    app: &App,
    by: By<'_>,
    provider: &Provider,
    client: ClientRecordId,
    to: Option<IntendedFor>,
    site: &LetterSite<'_>,
) -> AppResult<PrintedResult> {
    let record = own_record(app, provider.id, client).await?;
    let to = to.unwrap_or_else(|| default_addressee(&record, app.today()));
    let now = app.now();
    let replaced = app
        .store
        .list_letters_for_client(client, &PageRequest::first(1))
        .await?
        .items
        .first()
        .is_some_and(|l| l.status(now) == LetterStatus::Valid);
    let events = staff_changes::letters_printed(app, by, provider.id, &[client]).await?;
    let key = app.key.derive(PDF_KEY);
    for _ in 0..CODE_ATTEMPTS {
        let (letter, code, hash) = addressed_letter(app, provider, &record, to, now);
        let pdf =
            zk_letters::render_letter(&letter_content(provider, &record, &letter, &code, site));
        let sealed = crate::totp::seal(&key, letter.id.0.as_bytes(), &pdf);
        let printed = PrintedLetter {
            letter: &letter,
            code_hash: &hash,
            sealed_pdf: &sealed,
            available_until: now + PDF_AVAILABLE,
        };
        let audit = staff_changes::with_letter(app, &events, [letter.id]);
        match app
            .store
            .issue_printed_letter(&printed, audit.audit())
            .await
        {
            Ok(()) => return Ok(PrintedResult { letter, replaced }),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("letter code"))
}

/// The client ids of a batch form: each once, in the order given. Invalid when there are none
/// (`clients`) or more than [`MAX_BATCH_CLIENTS`] (`too_many_clients`).
pub fn batch_clients(
    ids: impl IntoIterator<Item = ClientRecordId>,
) -> AppResult<Vec<ClientRecordId>> {
    let mut seen = HashSet::new();
    let clients: Vec<ClientRecordId> = ids.into_iter().filter(|c| seen.insert(*c)).collect();
    if clients.is_empty() {
        return Err(AppError::invalid("clients", "choose at least one client"));
    }
    if clients.len() > MAX_BATCH_CLIENTS {
        return Err(AppError::invalid(
            "too_many_clients",
            format!("a batch holds at most {MAX_BATCH_CLIENTS} clients"),
        ));
    }
    Ok(clients)
}

/// Issues a letter for each client record of `provider` (see [`batch_clients`]) and one PDF in
/// which every letter starts on a new page, sealed and kept for 24 hours. All or nothing: one
/// unknown client or a failure to store leaves every previous letter as it was.
pub async fn issue_letter_batch(
    app: &App,
    by: By<'_>,
    provider: &Provider,
    clients: impl IntoIterator<Item = ClientRecordId>,
    site: &LetterSite<'_>,
) -> AppResult<LetterBatch> {
    let clients = batch_clients(clients)?;
    let mut records = Vec::with_capacity(clients.len());
    for client in &clients {
        records.push(own_record(app, provider.id, *client).await?);
    }
    let events = staff_changes::letters_printed(app, by, provider.id, &clients).await?;
    let now = app.now();
    let key = app.key.derive(BATCH_PDF_KEY);
    for _ in 0..CODE_ATTEMPTS {
        let batch = LetterBatch {
            id: LetterBatchId::new(),
            provider_id: provider.id,
            created_at: now,
            letter_count: u32::try_from(records.len()).unwrap_or(u32::MAX),
            available_until: now + PDF_AVAILABLE,
        };
        let mut letters = Vec::with_capacity(records.len());
        let mut contents = Vec::with_capacity(records.len());
        for record in &records {
            let (letter, code, hash) = new_letter(app, provider, record, now);
            contents.push(letter_content(provider, record, &letter, &code, site));
            letters.push((letter, hash));
        }
        // A few milliseconds per letter: off the async workers.
        let pdf = tokio::task::spawn_blocking(move || zk_letters::render_batch(&contents))
            .await
            .map_err(|e| AppError::Store(StoreError::Other(format!("rendering letters: {e}"))))?;
        let sealed = crate::totp::seal(&key, batch.id.0.as_bytes(), &pdf);
        let audit = staff_changes::with_letter(app, &events, letters.iter().map(|(l, _)| l.id));
        match app
            .store
            .issue_letter_batch(&batch, &letters, &sealed, audit.audit())
            .await
        {
            Ok(()) => return Ok(batch),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("letter code"))
}

/// A batch of `provider`, if it has one with this id.
pub async fn letter_batch(
    app: &App,
    provider: ProviderId,
    batch: LetterBatchId,
) -> AppResult<Option<LetterBatch>> {
    Ok(app.store.get_letter_batch(batch, provider).await?)
}

/// The PDF of a batch of `provider`, while available (24 hours after it was made).
pub async fn batch_pdf(
    app: &App,
    provider: ProviderId,
    batch: LetterBatchId,
) -> AppResult<Option<Vec<u8>>> {
    let Some(sealed) = app
        .store
        .letter_batch_pdf(batch, provider, app.now())
        .await?
    else {
        return Ok(None);
    };
    Ok(crate::totp::open(
        &app.key.derive(BATCH_PDF_KEY),
        batch.0.as_bytes(),
        &sealed,
    ))
}

/// The batch whose PDF holds a letter of `provider`, if it was issued in one.
pub async fn batch_of_letter(
    app: &App,
    provider: ProviderId,
    letter: LetterId,
) -> AppResult<Option<LetterBatchId>> {
    Ok(app.store.letter_batch_of(letter, provider).await?)
}

/// One page of the provider's letters, newest first, with their status now; only those with
/// `status` when given.
pub async fn provider_letters(
    app: &App,
    provider: ProviderId,
    status: Option<LetterStatus>,
    page: &PageRequest,
) -> AppResult<Page<(ListedLetter, LetterStatus)>> {
    let now = app.now();
    let found = app
        .store
        .list_provider_letters(provider, status, now, page)
        .await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|l| {
                let status = l.letter.status(now);
                (l, status)
            })
            .collect(),
        next: found.next,
    })
}

/// The provider's valid letters that expire after now and at most 7 days from now, soonest
/// first, each with its client record.
pub async fn expiring_soon(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<Page<(Letter, ClientRecord)>> {
    let now = app.now();
    let found = app
        .store
        .list_letters_expiring(provider, now + TICK, now + EXPIRING_WINDOW + TICK, page)
        .await?;
    let mut items = Vec::with_capacity(found.items.len());
    for letter in found.items {
        if let Some(record) = app.store.get_client_record(letter.client_record_id).await? {
            items.push((letter, record));
        }
    }
    Ok(Page {
        items,
        next: found.next,
    })
}

/// Removes the sealed PDFs of letters and batches whose 24 hours are over.
pub async fn purge_expired_pdfs(app: &App) -> AppResult<PurgedPdfs> {
    Ok(app.store.purge_expired_pdfs(app.now()).await?)
}

/// Runs [`purge_expired_pdfs`] every `every` until `shutdown` turns true. Any number of
/// instances may run it: deleting what is already gone does nothing.
pub async fn run_pdf_cleanup(app: App, every: Duration, mut shutdown: watch::Receiver<bool>) {
    loop {
        match purge_expired_pdfs(&app).await {
            Ok(purged) if purged != PurgedPdfs::default() => {
                tracing::info!(
                    letters = purged.letters,
                    batches = purged.batches,
                    "expired letter PDFs removed"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "expired letter PDFs could not be removed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::app_with_client;

    fn site() -> LetterSite<'static> {
        LetterSite {
            public_url: "https://zorgkring.example",
            brand_name: "Zorgkring",
        }
    }

    #[test]
    fn a_batch_takes_each_client_once_and_at_most_the_limit() {
        let a = ClientRecordId::new();
        let b = ClientRecordId::new();
        assert_eq!(batch_clients([a, b, a]).unwrap(), vec![a, b]);
        assert!(matches!(
            batch_clients([]),
            Err(AppError::Invalid {
                field: "clients",
                ..
            })
        ));
        let full: Vec<_> = (0..MAX_BATCH_CLIENTS)
            .map(|_| ClientRecordId::new())
            .collect();
        assert_eq!(
            batch_clients(full.clone()).unwrap().len(),
            MAX_BATCH_CLIENTS
        );
        let over = full.into_iter().chain([ClientRecordId::new()]);
        assert!(matches!(
            batch_clients(over),
            Err(AppError::Invalid {
                field: "too_many_clients",
                ..
            })
        ));
    }

    #[tokio::test]
    async fn a_batch_with_an_unknown_client_writes_nothing() {
        let (app, client, _dir) = app_with_client().await;
        let provider = app
            .store
            .get_provider(client.provider_id)
            .await
            .unwrap()
            .unwrap();
        let result = issue_letter_batch(
            &app,
            crate::audit::staff_changes::By::Operator,
            &provider,
            [client.id, ClientRecordId::new()],
            &site(),
        )
        .await;
        assert!(matches!(result, Err(AppError::NotFound("client record"))));
        let letters = app
            .store
            .list_letters_for_client(client.id, &PageRequest::first(5))
            .await
            .unwrap();
        assert!(letters.items.is_empty());

        let batch = issue_letter_batch(
            &app,
            crate::audit::staff_changes::By::Operator,
            &provider,
            [client.id],
            &site(),
        )
        .await
        .unwrap();
        assert_eq!(batch.letter_count, 1);
        let pdf = batch_pdf(&app, provider.id, batch.id)
            .await
            .unwrap()
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(
            batch_pdf(&app, ProviderId::new(), batch.id).await.unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn the_cleanup_job_removes_expired_pdfs_and_stops_when_told() {
        let (app, client, _dir) = app_with_client().await;
        let now = app.now();
        let old = Letter {
            id: LetterId::new(),
            provider_id: client.provider_id,
            client_record_id: client.id,
            intended_for: IntendedFor::Client,
            issued_at: now - PDF_AVAILABLE,
            expires_at: now + PDF_AVAILABLE,
            state: LetterState::Issued,
        };
        app.store
            .issue_printed_letter(
                &PrintedLetter {
                    letter: &old,
                    code_hash: &[1; 32],
                    sealed_pdf: b"old",
                    available_until: now,
                },
                zk_store::Audit::NONE,
            )
            .await
            .unwrap();
        let provider = app
            .store
            .get_provider(client.provider_id)
            .await
            .unwrap()
            .unwrap();
        let current = issue_printed_letter(
            &app,
            crate::audit::staff_changes::By::Operator,
            &provider,
            client.id,
            &site(),
        )
        .await
        .unwrap();
        assert!(current.replaced, "the old letter was still valid");

        let (stop, stopped) = watch::channel(false);
        stop.send(true).unwrap();
        run_pdf_cleanup(app.clone(), Duration::from_secs(3600), stopped).await;
        let early = now - PDF_AVAILABLE * 2;
        assert_eq!(
            app.store
                .letter_pdf(old.id, provider.id, early)
                .await
                .unwrap(),
            None
        );
        assert!(
            crate::staff::letter_pdf(&app, provider.id, current.letter.id)
                .await
                .unwrap()
                .is_some()
        );
    }
}
