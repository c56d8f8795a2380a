//! Storing an upload: the lines split into chunks and a queued job, in one transaction with the
//! upload's audit record. The worker's processing of the chunks later is not recorded line by
//! line: the upload's record, naming the job, covers every write the job makes.

use super::{CHUNK_BYTES, CHUNK_LINES};
use crate::App;
use crate::fhir_api::FhirError;
use zk_domain::ImportJobId;
use zk_domain::audit::AuditAction;
use zk_fhir::{IssueCode, OperationOutcome};
use zk_store::ApiToken;
use zk_store::imports::{ImportChunk, NewImport};

/// A line with nothing but white space on it carries no resource.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Splits `body` at line ends into chunks that start and end with a resource line; blank lines
/// inside a chunk are kept so line numbers stay right. Returns the chunks and the number of
/// resource lines.
pub(crate) fn split(body: &[u8]) -> (Vec<ImportChunk>, u64) {
    let mut chunks = Vec::new();
    let mut current: Option<(ImportChunk, u64)> = None;
    let mut blanks_pending = 0usize;
    let mut total = 0u64;
    for (n, line) in body.split(|b| *b == b'\n').enumerate() {
        if is_blank(line) {
            blanks_pending += 1;
            continue;
        }
        total += 1;
        let number = n as u64 + 1;
        let (chunk, lines) = current.get_or_insert_with(|| {
            blanks_pending = 0;
            (
                ImportChunk {
                    first_line: number,
                    data: Vec::new(),
                },
                0,
            )
        });
        chunk
            .data
            .extend(std::iter::repeat_n(b'\n', blanks_pending));
        blanks_pending = 0;
        chunk.data.extend_from_slice(line);
        chunk.data.push(b'\n');
        *lines += 1;
        let full = *lines >= CHUNK_LINES || chunk.data.len() >= CHUNK_BYTES;
        if full && let Some((chunk, _)) = current.take() {
            chunks.push(chunk);
        }
    }
    if let Some((last, _)) = current {
        chunks.push(last);
    }
    (chunks, total)
}

/// Stores `body` (NDJSON) as a queued import job of the token's provider.
pub async fn upload(app: &App, token: &ApiToken, body: &[u8]) -> Result<ImportJobId, FhirError> {
    if !token.can_write {
        return Err(FhirError::new(
            403,
            OperationOutcome::forbidden(
                "This API token may not write resources; an import needs a token that may write",
            ),
        ));
    }
    let (chunks, lines_total) = split(body);
    if lines_total == 0 {
        return Err(FhirError::bad_request(
            IssueCode::Required,
            "The upload holds no resources: send NDJSON, one resource on each line",
        ));
    }
    let job = NewImport {
        id: ImportJobId::new(),
        provider_id: token.provider_id,
        resource_types: token.resource_types.clone(),
        created_at: app.now(),
        lines_total,
        chunks,
    };
    let what = format!("import {} of {lines_total} lines", job.id);
    let audit = crate::audit::api::write_by_token(app, token, AuditAction::Create, "Bundle", what);
    app.store.insert_import(&job, audit.audit()).await?;
    tracing::info!(job = %job.id, lines = lines_total, "import queued");
    Ok(job.id)
}
