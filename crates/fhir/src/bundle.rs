//! Bundles: transactions and batches in; searchsets, transaction and batch responses,
//! histories and export collections out.

pub mod collection;
pub mod history;
pub mod searchset;
pub mod transaction;
pub mod transaction_response;

pub use collection::{collection, parse_collection};
pub use history::History;
pub use searchset::SearchSet;
pub use transaction::{BundleKind, EntryRequest, TransactionBundle, TransactionEntry, entry_path};
pub use transaction_response::{ResponseEntry, TransactionResponse};
