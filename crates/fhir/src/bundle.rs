//! Bundles: transactions in; searchsets, transaction responses and export collections out.

pub mod collection;
pub mod searchset;
pub mod transaction;
pub mod transaction_response;

pub use collection::{collection, parse_collection};
pub use searchset::SearchSet;
pub use transaction::{TransactionBundle, TransactionEntry};
pub use transaction_response::{ResponseEntry, TransactionResponse};
