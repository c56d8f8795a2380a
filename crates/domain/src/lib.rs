//! Pure types and rules of Zorgkring, without any IO: ids, letter codes, birth dates and age
//! rules, care-data records, pagination and the clock every time-dependent rule takes.

pub mod account;
pub mod agenda;
pub mod audit;
pub mod birth_date;
pub mod care;
pub mod client;
pub mod clock;
pub mod diary;
pub mod ids;
pub mod invitation;
pub mod letter;
pub mod letter_batch;
pub mod letter_code;
pub mod message;
pub mod network;
pub mod page;
pub mod phone;
pub mod provider;
pub mod random;
pub mod recurrence;
pub mod redeem_rule;
pub mod same_person;
pub mod sms_countries;

pub use birth_date::BirthDate;
pub use clock::{Clock, FixedClock, SystemClock};
pub use ids::*;
pub use letter_code::LetterCode;
