//! A deliberate fault for tests, compiled only with the `fuzzing` feature: it lives in the
//! base so that every domain can call it without importing the fuzzing module.

/// The account id (or points event key) at which the engine panics, deliberately, in
/// builds with this feature: tests prove with it that a panic inside a batch fails one item
/// and that a ledger is left as it was.
pub const PANIC_ID: &str = "panic-for-tests";

/// Panics when `id` is [`PANIC_ID`].
pub fn maybe_panic(id: &str) {
    if id == PANIC_ID {
        panic!("deliberate panic for tests at {id}");
    }
}
