//! One chunk of an import: every line parsed and checked like a PUT, the valid ones written
//! in file order in as few store transactions as the store allows, and an error for each line
//! that could not be stored. The writes carry no audit record: the upload's record covers them.

use super::upload::is_blank;
use crate::App;
use crate::fhir_api::locate::{Origin, refusal};
use crate::fhir_api::prepare::prepare;
use crate::fhir_api::transaction::refused_write;
use serde_json::Value;
use zk_fhir::{Issue, IssueCode, Limits, Resource, parse_resource};
use zk_store::fhir::{FhirWrite, FhirWriteOutcome};
use zk_store::imports::{ImportChunk, ImportCounts, ImportJob, ImportLineError};
use zk_store::{Audit, StoreError, StoreResult};

/// A line ready for the store.
struct Ready {
    line: u64,
    root: String,
    write: FhirWrite,
    raw: Vec<u8>,
}

/// What a chunk did: counts and every failing line, in line order.
#[derive(Debug, Default)]
pub(crate) struct ChunkResult {
    pub counts: ImportCounts,
    pub errors: Vec<ImportLineError>,
}

/// `Line[n]`, the root of every expression about line `n`.
fn line_root(line: u64) -> String {
    format!("Line[{line}]")
}

/// One error for a line from the issues found: the first issue's code and place, and every
/// issue's explanation.
fn line_error(line: u64, issues: &[Issue]) -> ImportLineError {
    let root = line_root(line);
    let place = |issue: &Issue| match issue.expression.first() {
        Some(e) if e.starts_with(&root) => e.clone(),
        Some(e) => format!("{root}.{e}"),
        None => root.clone(),
    };
    let Some(first) = issues.first() else {
        return ImportLineError {
            line,
            code: IssueCode::Invalid.as_str().to_owned(),
            expression: root,
            diagnostics: "The resource is not valid".into(),
        };
    };
    let mut diagnostics = first.diagnostics.clone().unwrap_or_default();
    for other in &issues[1..] {
        diagnostics.push_str(&format!(
            "; also at {}: {}",
            place(other),
            other.diagnostics.as_deref().unwrap_or("")
        ));
    }
    ImportLineError {
        line,
        code: first.code.as_str().to_owned(),
        expression: place(first),
        diagnostics,
    }
}

fn single(line: u64, code: IssueCode, at: String, diagnostics: String) -> ImportLineError {
    line_error(line, &[Issue::error(code, diagnostics).at(at)])
}

/// Parses and checks one line: its store write, or why it cannot be stored.
fn check(
    job: &ImportJob,
    line: u64,
    text: &[u8],
    limits: &Limits,
    app: &App,
    now: jiff::Timestamp,
) -> Result<Ready, ImportLineError> {
    let root = line_root(line);
    if let Err(e) = serde_json::from_slice::<Value>(text) {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        return Err(single(
            line,
            IssueCode::Structure,
            root,
            format!(
                "This line is not valid JSON: {message} (column {})",
                e.column()
            ),
        ));
    }
    let resource =
        parse_resource(None, text, limits).map_err(|outcome| line_error(line, &outcome.issue))?;
    let rt = resource.resource_type();
    if matches!(resource, Resource::Transaction(_)) {
        return Err(single(
            line,
            IssueCode::NotSupported,
            format!("{root}.Bundle.resourceType"),
            "A Bundle cannot be imported; put each resource on a line of its own".into(),
        ));
    }
    let allowed = job
        .resource_types
        .as_ref()
        .is_none_or(|types| types.iter().any(|t| t == rt.as_str()));
    if !allowed {
        return Err(single(
            line,
            IssueCode::Forbidden,
            format!("{root}.{rt}"),
            format!("The API token that uploaded this file may not write {rt} resources"),
        ));
    }
    let resource_root = format!("{root}.{rt}");
    let put = prepare(&resource, &resource_root, app.today(), now)
        .map_err(|issues| line_error(line, &issues))?;
    Ok(Ready {
        line,
        root: resource_root,
        write: FhirWrite::Put(Box::new(put)),
        raw: text.to_vec(),
    })
}

/// The error for a line the store refused.
fn refused(ready: &Ready, r: &zk_store::fhir::FhirRefusal) -> ImportLineError {
    let raw: Value = serde_json::from_slice(&ready.raw).unwrap_or(Value::Null);
    let e = refusal(
        r,
        &Origin {
            resource: Some(&raw),
            root: ready.root.clone(),
            entry: Some(line_root(ready.line)),
        },
    );
    line_error(ready.line, &e.outcome.issue)
}

/// Processes the lines of `chunk`. Fails only when the database is unavailable (the job is then
/// taken up again later); every other problem is an error of one line.
pub(crate) async fn process(
    app: &App,
    job: &ImportJob,
    chunk: &ImportChunk,
    limits: &Limits,
) -> StoreResult<ChunkResult> {
    let now = crate::fhir_api::write_time(app);
    let mut result = ChunkResult::default();
    let mut ready = Vec::new();
    for (n, text) in chunk.data.split(|b| *b == b'\n').enumerate() {
        if is_blank(text) {
            continue;
        }
        let line = chunk.first_line + n as u64;
        result.counts.lines_read += 1;
        match check(job, line, text, limits, app, now) {
            Ok(r) => ready.push(r),
            Err(e) => result.errors.push(e),
        }
    }
    let writes: Vec<FhirWrite> = ready.iter().map(|r| r.write.clone()).collect();
    let (mut start, mut end) = (0, writes.len());
    // After a store error other than a refusal, the rest goes one line at a time.
    let mut one_by_one = false;
    while start < writes.len() {
        if one_by_one {
            end = start + 1;
        }
        match app
            .store
            .write_fhir(job.provider_id, &writes[start..end], now, Audit::NONE)
            .await
        {
            Ok(FhirWriteOutcome::Done(_)) => {
                result.counts.written += (end - start) as u64;
                start = end;
                end = writes.len();
            }
            Ok(FhirWriteOutcome::Refused(r)) => {
                let at = refused_write(&r);
                if at == 0 || start + at >= end {
                    result.errors.push(refused(&ready[start], &r));
                    start += 1;
                    end = writes.len();
                } else {
                    // Everything before the refused line goes in one go; then that line fails.
                    end = start + at;
                }
            }
            Err(e @ StoreError::Unavailable(_)) => return Err(e),
            Err(e) if end - start > 1 => {
                tracing::warn!(job = %job.id, error = %e, "an import batch failed; retrying line by line");
                one_by_one = true;
            }
            Err(e) => {
                tracing::warn!(job = %job.id, error = %e, "an import line could not be stored");
                result.errors.push(single(
                    ready[start].line,
                    IssueCode::Exception,
                    line_root(ready[start].line),
                    "This line could not be stored because of an internal error".into(),
                ));
                start += 1;
            }
        }
    }
    result.errors.sort_by_key(|e| e.line);
    result.counts.failed = result.errors.len() as u64;
    Ok(result)
}
