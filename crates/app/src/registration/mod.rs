//! Creating an account (SPEC S2), step by step. Progress lives in the database, tied to a
//! browser token, for at least an hour; nothing is created until the activation link has been
//! used and a password chosen. Each step checks that the steps before it were done.

mod activate;
mod redeem;
mod state;
mod steps;

pub use activate::*;
pub use redeem::*;
pub use state::*;
pub use steps::*;
