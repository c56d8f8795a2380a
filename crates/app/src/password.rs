//! The rules for a new password (length, common passwords, guessability, personal details) and
//! argon2id hashing, which runs on tokio's blocking pool so it never stalls request handling.

use crate::AppError;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use std::collections::HashSet;
use std::sync::LazyLock;
use zk_domain::random;

/// Fewest characters (Unicode scalar values, not bytes) a password may have.
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have: long passphrases are welcome, megabytes are not.
pub const MAX_CHARS: usize = 1000;
/// Personal details shorter than this are too common inside other words to refuse on.
const MIN_PERSONAL_CHARS: usize = 3;

/// Why a new password is refused. The messages are plain English for logs and the CLI; the
/// web layer shows its own translation per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the two passwords are not the same; type the same password twice")]
    Mismatch,
    #[error("the password is too short; use at least 8 characters")]
    TooShort,
    #[error("the password is too long; use at most 1000 characters")]
    TooLong,
    #[error("this password is one of the most used passwords, so it is easy to guess")]
    Common,
    #[error("this password is easy to guess; try a few words that do not belong together")]
    TooEasy,
    #[error("the password contains your name or e-mail address, so it is easy to guess")]
    ContainsPersonalInfo,
}

/// Checks a new password typed twice against the policy. `personal` holds what others may
/// know of the person: first name, last name and e-mail address (as separate entries).
pub fn check_new_password(
    password: &str,
    repeated: &str,
    personal: &[&str],
) -> Result<(), PasswordProblem> {
    if password != repeated {
        return Err(PasswordProblem::Mismatch);
    }
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let personal = personal_words(personal);
    if personal.iter().any(|word| lower.contains(word.as_str())) {
        return Err(PasswordProblem::ContainsPersonalInfo);
    }
    if COMMON_PASSWORDS.contains(lower.as_str()) {
        return Err(PasswordProblem::Common);
    }
    let inputs: Vec<&str> = personal.iter().map(String::as_str).collect();
    // Score 2 (at least a million guesses) is enough here: passwords are only ever tried
    // online, throttled per account and per address, against argon2id. Asking for 3 would make
    // every 8-character password fail and the spec's minimum of 8 meaningless.
    if zxcvbn::zxcvbn(password, &inputs).score() < zxcvbn::Score::Two {
        return Err(PasswordProblem::TooEasy);
    }
    Ok(())
}

/// The lowercase personal details to look for: each entry, the entry without spaces ("de
/// Vries" as "devries"), and for an e-mail address also its part before the `@`.
fn personal_words(personal: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for entry in personal {
        let entry = entry.trim().to_lowercase();
        if let Some((local, _domain)) = entry.rsplit_once('@') {
            words.push(local.to_owned());
        }
        let compact: String = entry.chars().filter(|c| !c.is_whitespace()).collect();
        if compact != entry {
            words.push(compact);
        }
        words.push(entry);
    }
    words.retain(|w| w.chars().count() >= MIN_PERSONAL_CHARS);
    words
}

/// The shipped list of common passwords (lowercase, one per line; see `data/README.md`).
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
});

/// argon2id with m=19456 KiB, t=2, p=1 (OWASP's recommendation); checked at compile time.
const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid argon2 parameters"),
};

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS)
}

fn hash_blocking(password: &[u8]) -> Result<String, argon2::password_hash::Error> {
    let salt = random::bytes::<16>();
    Ok(argon2()
        .hash_password_with_salt(password, &salt)?
        .to_string())
}

/// Verifies with the parameters written in the hash itself, so hashes made with older
/// parameters keep working.
fn verify_blocking(password: &[u8], phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => argon2().verify_password(password, &hash).is_ok(),
        Err(_) => false,
    }
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a
/// fresh random salt from the OS.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    // Neither failure can happen with fixed valid parameters and a password within policy;
    // AppError has no internal-error case, so they are reported against the field.
    match tokio::task::spawn_blocking(move || hash_blocking(password.as_bytes())).await {
        Ok(Ok(phc)) => Ok(phc),
        Ok(Err(e)) => Err(AppError::invalid(
            "password",
            format!("could not hash the password: {e}"),
        )),
        Err(e) => Err(AppError::invalid(
            "password",
            format!("the password hashing task failed: {e}"),
        )),
    }
}

/// Whether `password` matches the PHC string `phc`; false for a malformed hash too.
pub async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(password.as_bytes(), &phc))
        .await
        .unwrap_or(false)
}

/// A hash of nothing anyone knows, made once, with the same parameters as real hashes.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking(b"no account has this password").ok());

/// Spends as long as `verify_password` does, for a log-in with an unknown e-mail address,
/// so the response time does not tell whether an account exists. The first call also makes
/// the dummy hash.
pub async fn verify_against_dummy(password: String) {
    let _ = tokio::task::spawn_blocking(move || match DUMMY_HASH.as_deref() {
        Some(phc) => {
            std::hint::black_box(verify_blocking(password.as_bytes(), phc));
        }
        None => {
            let _ = std::hint::black_box(hash_blocking(password.as_bytes()));
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANNE: [&str; 3] = ["Sanne", "de Vries", "s.devries@example.nl"];

    fn check(password: &str) -> Result<(), PasswordProblem> {
        check_new_password(password, password, &SANNE)
    }

    /// `n` characters that look random to zxcvbn (a fixed LCG over a mixed alphabet).
    fn strong(n: usize) -> String {
        let alphabet: Vec<char> =
            "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+=?@"
                .chars()
                .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                alphabet[(state >> 33) as usize % alphabet.len()]
            })
            .collect()
    }

    #[test]
    fn a_dutch_passphrase_passes() {
        assert_eq!(check("fiets boom regen lantaarn"), Ok(()));
        assert_eq!(
            check_new_password(
                "fiets boom regen lantaarn",
                "fiets boom regen lantaarn",
                &[]
            ),
            Ok(())
        );
    }

    #[test]
    fn both_entries_must_be_the_same() {
        let p = "fiets boom regen lantaarn";
        assert_eq!(
            check_new_password(p, "fiets boom regen lantaarn ", &SANNE),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(
            check_new_password(p, "Fiets boom regen lantaarn", &SANNE),
            Err(PasswordProblem::Mismatch)
        );
        // A mismatch is reported before anything else, even for a too-short password.
        assert_eq!(
            check_new_password("a", "b", &SANNE),
            Err(PasswordProblem::Mismatch)
        );
    }

    #[test]
    fn length_is_counted_in_characters_between_8_and_1000() {
        assert_eq!(check(&strong(7)), Err(PasswordProblem::TooShort));
        assert_ne!(check(&strong(8)), Err(PasswordProblem::TooShort));
        assert_eq!(check(&strong(9)), Ok(()));
        assert_eq!(check(&strong(1000)), Ok(()));
        assert_eq!(check(&strong(1001)), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn a_multi_byte_character_counts_as_one() {
        // 7 characters, 14 bytes: still too short.
        assert_eq!(check("ëéïöüçñ"), Err(PasswordProblem::TooShort));
        // 1000 characters, 2000 bytes: still allowed.
        let long = format!("{}{}", strong(50), "é".repeat(950));
        assert_eq!(long.chars().count(), 1000);
        assert_eq!(check(&long), Ok(()));
        let too_long = format!("{long}é");
        assert_eq!(check(&too_long), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn spaces_are_part_of_the_password() {
        // Not trimmed: seven characters and a space are eight.
        assert_ne!(check(" 7Kq#x2m"), Err(PasswordProblem::TooShort));
        assert_eq!(check("7Kq#x2m"), Err(PasswordProblem::TooShort));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(check("Welkom01"), Err(PasswordProblem::Common));
        assert_eq!(check("WACHTWOORD"), Err(PasswordProblem::Common));
        assert_eq!(check("password"), Err(PasswordProblem::Common));
        assert_eq!(check("qwertyuiop"), Err(PasswordProblem::Common));
        assert_eq!(check("voetbal123"), Err(PasswordProblem::Common));
    }

    #[test]
    fn easy_to_guess_passwords_are_refused() {
        assert_eq!(check("aaaaaaaaaaaa"), Err(PasswordProblem::TooEasy));
        assert_eq!(check("abcdefghijkl"), Err(PasswordProblem::TooEasy));
        assert_eq!(check("1234512345123"), Err(PasswordProblem::TooEasy));
        assert_eq!(check("P@ssw0rd2026"), Err(PasswordProblem::TooEasy));
        assert_eq!(check("Amsterdam2026"), Err(PasswordProblem::TooEasy));
        // A random-looking 8-character password is good enough (score 2).
        assert_eq!(check("Kx7#qR2m"), Ok(()));
    }

    #[test]
    fn personal_details_inside_the_password_are_refused() {
        assert_eq!(
            check("SanneIsGeweldig2026!"),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
        assert_eq!(
            check("ikbenmevrouwDE VRIES!"),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
        assert_eq!(
            check("fiets-devries-lantaarn"),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
        assert_eq!(
            check("S.deVries tuin regen"),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
        assert_eq!(
            check("s.devries@example.nl"),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
    }

    #[test]
    fn short_personal_details_are_ignored() {
        let personal = ["Bo", "Li", "jo@example.nl"];
        assert_eq!(
            check_new_password(
                "Bobbel Lila jojo regen",
                "Bobbel Lila jojo regen",
                &personal
            ),
            Ok(())
        );
        assert_eq!(
            check_new_password("jo@example.nl fiets", "jo@example.nl fiets", &personal),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
    }

    #[test]
    fn problems_are_reported_in_the_agreed_order() {
        // Personal details come before the common list, and the list before zxcvbn.
        let personal = ["Welkom", "Jansen", "welkom@example.nl"];
        assert_eq!(
            check_new_password("welkom01", "welkom01", &personal),
            Err(PasswordProblem::ContainsPersonalInfo)
        );
        assert_eq!(
            check_new_password("welkom01", "welkom01", &[]),
            Err(PasswordProblem::Common)
        );
        let long_common = "a".repeat(1001);
        assert_eq!(check(&long_common), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn the_shipped_list_is_large_lowercase_and_clean() {
        assert!(
            COMMON_PASSWORDS.len() >= 10_000,
            "{}",
            COMMON_PASSWORDS.len()
        );
        for entry in COMMON_PASSWORDS.iter() {
            assert_eq!(*entry, entry.to_lowercase(), "{entry}");
            assert_eq!(*entry, entry.trim(), "{entry:?}");
        }
        for dutch in ["welkom01", "wachtwoord", "geheim", "voetbal", "feyenoord"] {
            assert!(COMMON_PASSWORDS.contains(dutch), "{dutch}");
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash_password("fiets boom regen lantaarn".into())
            .await
            .unwrap();
        assert!(verify_password("fiets boom regen lantaarn".into(), phc.clone()).await);
        assert!(!verify_password("fiets boom regen lantaarm".into(), phc.clone()).await);
        assert!(!verify_password(String::new(), phc).await);
    }

    #[tokio::test]
    async fn the_hash_is_argon2id_with_the_agreed_parameters_and_a_fresh_salt() {
        let a = hash_password("fiets boom regen lantaarn".into())
            .await
            .unwrap();
        let b = hash_password("fiets boom regen lantaarn".into())
            .await
            .unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
    }

    #[tokio::test]
    async fn a_malformed_hash_verifies_nothing() {
        for phc in [
            "",
            "not a hash",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$bm90IGEgcmVhbCBoYXNo!",
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        ] {
            assert!(
                !verify_password("password".into(), phc.into()).await,
                "{phc}"
            );
        }
    }

    #[tokio::test]
    async fn the_dummy_costs_the_same_as_a_real_hash() {
        verify_against_dummy("whatever".into()).await;
        let dummy = DUMMY_HASH.as_deref().unwrap();
        let real = hash_password("fiets boom regen lantaarn".into())
            .await
            .unwrap();
        let params = |phc: &str| phc.split('$').nth(3).unwrap().to_owned();
        assert!(dummy.starts_with("$argon2id$v=19$"));
        assert_eq!(params(dummy), params(&real));
    }
}
