//! Lists shown a page at a time: the request for `?na=<cursor>` and the answer to a cursor that
//! no longer reads (an old or edited link), which the pages show as an empty list with a note.

use zk_app::AppError;
use zk_domain::page::{Page, PageRequest};
use zk_store::StoreError;

/// The first page, or the page after the `na` cursor.
pub fn requested(after: Option<&String>, size: u32) -> PageRequest {
    match after {
        Some(after) => PageRequest::after(after.clone(), size),
        None => PageRequest::first(size),
    }
}

/// The page, and whether its cursor was bad: then an empty page, so the list says so instead of
/// failing.
pub fn or_bad_cursor<T>(result: Result<Page<T>, AppError>) -> Result<(Page<T>, bool), AppError> {
    match result {
        Ok(page) => Ok((page, false)),
        Err(AppError::Store(StoreError::BadCursor)) => Ok((
            Page {
                items: Vec::new(),
                next: None,
            },
            true,
        )),
        Err(e) => Err(e),
    }
}
