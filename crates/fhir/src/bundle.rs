//! Bundles: transactions in; searchsets and transaction responses out.

pub mod searchset;
pub mod transaction;
pub mod transaction_response;

pub use searchset::SearchSet;
pub use transaction::{TransactionBundle, TransactionEntry};
pub use transaction_response::{ResponseEntry, TransactionResponse};
