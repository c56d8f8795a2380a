//! argon2id for passwords, bounded. At most as many hashes run at once as the machine has
//! cores; a hash that cannot start within two seconds is refused as busy ([`AppError::Busy`]).
//! Each running hash works in one of a fixed set of reused memory areas, so a burst of logins
//! cannot grow memory beyond bound × 19 MiB, and what it used stays in use instead of piling up
//! in the allocator's per-thread arenas.

use crate::{AppError, AppResult};
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;
use zk_domain::random;

/// argon2id with m=19456 KiB, t=2, p=1 (OWASP's recommendation); checked at compile time.
const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid argon2 parameters"),
};
/// Memory blocks (1 KiB each) one hash with [`PARAMS`] works in.
const BLOCKS: usize = PARAMS.block_count();
/// Hashes stored with stronger parameters than ours get a larger area for the occasion, up to
/// this; a stored hash asking for more is treated as malformed rather than trusted.
const MOST_BLOCKS: usize = 4 * BLOCKS;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;
/// How long a hash may wait for its turn before the request is refused as busy.
pub const WAIT_FOR_TURN: Duration = Duration::from_secs(2);

/// A hash of a password nobody knows, with our parameters: checking a login for an unknown
/// address against it costs exactly what a real check costs. (Salt and output are arbitrary;
/// no password is known to give this output.)
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$bm8gYWNjb3VudCBoZXJl$\
    Wm9yZ2tyaW5nIGR1bW15IGhhc2ggZm9yIHRpbWluZyE";

/// The bound on concurrent argon2 work, shared by every request of the process (one per `App`).
pub struct HashGate {
    turns: Arc<Semaphore>,
    bound: usize,
    wait: Duration,
    /// Memory areas not in use right now; at most `bound` are ever made.
    areas: Mutex<Vec<Vec<Block>>>,
    running: AtomicUsize,
    most: AtomicUsize,
}

impl HashGate {
    /// A gate letting `bound` hashes run at once, each waiting at most `wait` for its turn.
    pub fn new(bound: usize, wait: Duration) -> Self {
        let bound = bound.max(1);
        Self {
            turns: Arc::new(Semaphore::new(bound)),
            bound,
            wait,
            areas: Mutex::new(Vec::new()),
            running: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        }
    }

    /// One hash at a time per core: more would only make every one of them slower.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::new(cores, WAIT_FOR_TURN)
    }

    pub fn bound(&self) -> usize {
        self.bound
    }

    /// The most hashes that ever ran at the same moment in this gate.
    pub fn most_at_once(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }

    /// Takes every turn until the result is dropped, as a burst of slow hashes would: for tests
    /// of the busy answer. `None` when some turn is in use.
    #[doc(hidden)]
    pub fn occupy_every_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let all = u32::try_from(self.bound).ok()?;
        Arc::clone(&self.turns).try_acquire_many_owned(all).ok()
    }

    /// Runs `work` on the blocking pool once a turn is free, with a memory area of at least
    /// [`BLOCKS`]. The turn is held until `work` ends, also when the request that asked for it
    /// has gone: an abandoned hash still occupies a core.
    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> AppResult<T> {
        let turn =
            match tokio::time::timeout(self.wait, Arc::clone(&self.turns).acquire_owned()).await {
                Ok(Ok(turn)) => turn,
                Ok(Err(_)) | Err(_) => return Err(AppError::Busy),
            };
        let gate = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut area = gate.take_area();
            let now = gate.running.fetch_add(1, Ordering::SeqCst) + 1;
            gate.most.fetch_max(now, Ordering::SeqCst);
            let out = work(&mut area);
            gate.running.fetch_sub(1, Ordering::SeqCst);
            gate.give_back_area(area);
            out
        })
        .await
        .map_err(|e| AppError::invalid("password", format!("the hashing task failed: {e}")))
    }

    fn take_area(&self) -> Vec<Block> {
        let kept = self
            .areas
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        kept.unwrap_or_else(|| vec![Block::new(); BLOCKS])
    }

    fn give_back_area(&self, mut area: Vec<Block>) {
        if area.len() > BLOCKS {
            // Grown for a stronger stored hash: keep only the usual size.
            area.truncate(BLOCKS);
            area.shrink_to_fit();
        }
        let mut areas = self
            .areas
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if areas.len() < self.bound {
            areas.push(area);
        }
    }
}

impl Default for HashGate {
    fn default() -> Self {
        Self::for_this_machine()
    }
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS)
}

fn hash_in(password: &[u8], area: &mut [Block]) -> Result<String, String> {
    let salt = random::bytes::<SALT_BYTES>();
    let mut out = [0u8; OUTPUT_BYTES];
    argon2()
        .hash_password_into_with_memory(password, &salt, &mut out, area)
        .map_err(|e| e.to_string())?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&PARAMS).map_err(|e| e.to_string())?,
        salt: Some(Salt::new(&salt).map_err(|e| e.to_string())?),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Verifies with the parameters written in the hash itself, so hashes made with older
/// parameters keep working; false for anything malformed.
fn verify_in(password: &[u8], phc: &str, area: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = Version::try_from(hash.version.unwrap_or(Version::V0x13.into())) else {
        return false;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    let needed = params.block_count();
    if needed > MOST_BLOCKS {
        return false;
    }
    if area.len() < needed {
        area.resize(needed, Block::new());
    }
    let expected = expected.as_bytes();
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version, params);
    if argon
        .hash_password_into_with_memory(password, salt, &mut out, &mut area[..])
        .is_err()
    {
        return false;
    }
    bool::from(out.ct_eq(expected))
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a
/// fresh random salt from the OS. [`AppError::Busy`] when no turn came free in time.
pub async fn hash_password(gate: &Arc<HashGate>, password: String) -> AppResult<String> {
    gate.run(move |area| hash_in(password.as_bytes(), area))
        .await?
        .map_err(|e| AppError::invalid("password", format!("could not hash the password: {e}")))
}

/// Whether `password` matches the PHC string `phc`; with `None` (an address without an account)
/// it does the same work against a hash nobody knows the password of, and answers false.
/// [`AppError::Busy`] when no turn came free in time.
pub(crate) async fn verify_password(
    gate: &Arc<HashGate>,
    password: String,
    phc: Option<String>,
) -> AppResult<bool> {
    gate.run(move |area| {
        let right = verify_in(
            password.as_bytes(),
            phc.as_deref().unwrap_or(DUMMY_PHC),
            area,
        );
        right && phc.is_some()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    fn gate() -> Arc<HashGate> {
        Arc::new(HashGate::new(2, WAIT_FOR_TURN))
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let g = gate();
        let phc = hash_password(&g, "fiets boom regen lantaarn".into())
            .await
            .unwrap();
        let check = |p: &str| verify_password(&g, p.into(), Some(phc.clone()));
        assert!(check("fiets boom regen lantaarn").await.unwrap());
        assert!(!check("fiets boom regen lantaarm").await.unwrap());
        assert!(!check("").await.unwrap());
    }

    #[tokio::test]
    async fn the_hash_is_argon2id_with_the_agreed_parameters_and_a_fresh_salt() {
        let g = gate();
        let a = hash_password(&g, "fiets boom regen lantaarn".into())
            .await
            .unwrap();
        let b = hash_password(&g, "fiets boom regen lantaarn".into())
            .await
            .unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
    }

    #[tokio::test]
    async fn hashes_agree_with_the_argon2_crates_own_hasher_and_verifier() {
        let g = gate();
        let ours = hash_password(&g, "zonnebloem kikker".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            argon2()
                .verify_password(b"zonnebloem kikker", &parsed)
                .is_ok()
        );
        let theirs = argon2()
            .hash_password_with_salt(b"zonnebloem kikker", b"somesaltsomesalt")
            .unwrap()
            .to_string();
        assert!(
            verify_password(&g, "zonnebloem kikker".into(), Some(theirs))
                .await
                .unwrap()
        );
        // A hash made with weaker, older parameters still verifies.
        let old = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, None).unwrap(),
        )
        .hash_password_with_salt(b"oud wachtwoord", b"somesaltsomesalt")
        .unwrap()
        .to_string();
        assert!(
            verify_password(&g, "oud wachtwoord".into(), Some(old))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_malformed_hash_verifies_nothing() {
        let g = gate();
        for phc in [
            "",
            "not a hash",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$bm90IGEgcmVhbCBoYXNo!",
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            // Asks for 4 GiB: refused instead of allocated.
            "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wm9yZ2tyaW5nIGR1bW15IGhhc2ggZm9yIHRpbWluZyE",
        ] {
            assert!(
                !verify_password(&g, "password".into(), Some(phc.into()))
                    .await
                    .unwrap(),
                "{phc}"
            );
        }
    }

    #[tokio::test]
    async fn the_dummy_is_well_formed_and_costs_the_same_as_a_real_hash() {
        let g = gate();
        let dummy = PasswordHash::new(DUMMY_PHC).unwrap();
        assert_eq!(Params::try_from(&dummy).unwrap().block_count(), BLOCKS);
        assert_eq!(dummy.hash.unwrap().len(), OUTPUT_BYTES);
        let real = hash_password(&g, "fiets boom regen lantaarn".into())
            .await
            .unwrap();
        let params = |phc: &str| phc.split('$').nth(3).unwrap().to_owned();
        assert_eq!(params(DUMMY_PHC), params(&real));
        assert!(!verify_password(&g, "x".into(), None).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_the_bound_and_the_rest_are_busy() {
        // Nobody waits: of twenty at once, the two that get a turn run, the rest are busy.
        let g = Arc::new(HashGate::new(2, Duration::ZERO));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let g = Arc::clone(&g);
                tokio::spawn(async move { verify_password(&g, "x".into(), None).await })
            })
            .collect();
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(right) => assert!(!right),
                Err(AppError::Busy) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(busy >= 1, "with no wait, some must be refused");
        assert!(g.most_at_once() <= 2, "{}", g.most_at_once());
        assert!(
            g.areas.lock().unwrap().len() <= 2,
            "at most one area per turn"
        );
    }
}
