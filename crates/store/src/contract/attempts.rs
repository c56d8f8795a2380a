//! Contract tests for taking tries before the work: a try counted only while the state is as
//! the caller read it, given back, and the counters of one prefix listed and cleared together.

use super::fixtures::*;
use crate::*;
use jiff::SignedDuration;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

pub async fn a_try_is_taken_only_from_the_state_that_was_read(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    // No counter yet: the first try is taken.
    let first = store
        .take_attempt("login-pair", "a:n1", None, 0, now, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.failures, 1);
    // Past the free tries, a caller who read an older state (or none) is refused: someone else
    // took a try since.
    let later = now + SignedDuration::from_secs(5);
    assert_eq!(
        store
            .take_attempt("login-pair", "a:n1", None, 0, later, HOUR)
            .await
            .unwrap(),
        None
    );
    let stale = AttemptState {
        failures: 0,
        last_failure_at: now,
    };
    assert_eq!(
        store
            .take_attempt("login-pair", "a:n1", Some(stale), 0, later, HOUR)
            .await
            .unwrap(),
        None
    );
    // From the state as it is, the try is taken.
    let second = store
        .take_attempt("login-pair", "a:n1", Some(first), 0, later, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        second,
        AttemptState {
            failures: 2,
            last_failure_at: later
        }
    );
    // Within the free tries the state read does not matter.
    for n in 3..=5 {
        let s = store
            .take_attempt("login-pair", "a:n1", None, 4, later, HOUR)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.failures, n);
    }
    assert_eq!(
        store
            .take_attempt("login-pair", "a:n1", None, 4, later, HOUR)
            .await
            .unwrap(),
        None
    );
    // After the window, counting starts again whatever was read.
    let next_day = now + HOUR;
    let fresh = store
        .take_attempt("login-pair", "a:n1", None, 0, next_day, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fresh.failures, 1);
}

pub async fn racing_tries_from_one_state_are_counted_once(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    for _ in 0..3 {
        store
            .record_failure("login-pair", "k", now, HOUR)
            .await
            .unwrap();
    }
    let seen = store
        .attempt_state("login-pair", "k", now, HOUR)
        .await
        .unwrap();
    let later = now + SignedDuration::from_mins(1);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .take_attempt("login-pair", "k", seen, 2, later, HOUR)
                    .await
            })
        })
        .collect();
    let mut taken = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            taken += 1;
        }
    }
    assert_eq!(taken, 1);
    let state = store
        .attempt_state("login-pair", "k", later, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.failures, 4);
}

pub async fn a_try_given_back_no_longer_counts(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    // Nothing to give back: no counter appears.
    store.give_back_attempt("login-ip", "ip1").await.unwrap();
    assert_eq!(
        store
            .attempt_state("login-ip", "ip1", now, HOUR)
            .await
            .unwrap(),
        None
    );
    for _ in 0..2 {
        store
            .record_failure("login-ip", "ip1", now, HOUR)
            .await
            .unwrap();
    }
    for _ in 0..3 {
        store.give_back_attempt("login-ip", "ip1").await.unwrap();
    }
    let state = store
        .attempt_state("login-ip", "ip1", now, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.failures, 0, "never below zero");
}

pub async fn counters_of_one_prefix_are_listed_and_cleared_together(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    for (key, n) in [("aa:n1", 2), ("aa:n2", 1), ("ab:n1", 4), ("a%:n1", 1)] {
        for _ in 0..n {
            store
                .record_failure("login-pair", key, now, HOUR)
                .await
                .unwrap();
        }
    }
    store
        .record_failure("login-ip", "aa:n3", now, HOUR)
        .await
        .unwrap();
    let listed = store
        .attempts_with_prefix("login-pair", "aa:", now, HOUR)
        .await
        .unwrap();
    let summary: Vec<(&str, u32)> = listed
        .iter()
        .map(|(k, s)| (k.as_str(), s.failures))
        .collect();
    assert_eq!(summary, [("aa:n1", 2), ("aa:n2", 1)]);
    // A prefix is taken literally, not as a pattern.
    let literal = store
        .attempts_with_prefix("login-pair", "a%", now, HOUR)
        .await
        .unwrap();
    assert_eq!(literal.len(), 1);
    // Counters whose window has passed are not listed.
    assert!(
        store
            .attempts_with_prefix("login-pair", "aa:", now + HOUR, HOUR)
            .await
            .unwrap()
            .is_empty()
    );
    store
        .clear_attempts_with_prefix("login-pair", "aa:")
        .await
        .unwrap();
    assert!(
        store
            .attempts_with_prefix("login-pair", "aa:", now, HOUR)
            .await
            .unwrap()
            .is_empty()
    );
    let others = store
        .attempts_with_prefix("login-pair", "a", now, HOUR)
        .await
        .unwrap();
    assert_eq!(others.len(), 2, "other prefixes stay");
    assert!(
        store
            .attempt_state("login-ip", "aa:n3", now, HOUR)
            .await
            .unwrap()
            .is_some(),
        "other scopes stay"
    );
}
