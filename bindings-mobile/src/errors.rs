// The one uniffi error, `GridcoreError` (`GridcoreException` in Kotlin), the guard every
// engine call runs in, and the deliberate panic the tests use. Included into the crate
// root by lib.rs (which says why), so it shares the root's imports.

// ── errors ────────────────────────────────────────────────────────────────────────────

/// Every error gridcore raises: which kind, a stable `code`, the `path` of the field, and
/// the `reason`. (No field is named `message`: it would clash with Kotlin's Throwable.)
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum GridcoreError {
    /// The tariff document is malformed or inconsistent.
    #[error("[{code}] {path}: {reason}")]
    Tariff { code: String, path: String, reason: String },
    /// The bill request (account, period, dates) is malformed or inconsistent.
    #[error("[{code}] {path}: {reason}")]
    Request { code: String, path: String, reason: String },
    /// Readings or interval data cannot be turned into billed quantities.
    #[error("[{code}] {path}: {reason}")]
    Metering { code: String, path: String, reason: String },
    /// A bug inside the engine (a caught panic); please report it.
    #[error("[{code}] {path}: {reason}")]
    Internal { code: String, path: String, reason: String },
}

impl From<gridcore::Error> for GridcoreError {
    fn from(e: gridcore::Error) -> Self {
        let (code, path, reason) = (e.code.as_str().to_string(), e.path, e.reason);
        match e.kind {
            ErrorKind::Tariff => GridcoreError::Tariff { code, path, reason },
            ErrorKind::Request => GridcoreError::Request { code, path, reason },
            ErrorKind::Metering => GridcoreError::Metering { code, path, reason },
            ErrorKind::Internal => GridcoreError::Internal { code, path, reason },
        }
    }
}

/// Runs engine code, turning its error into `GridcoreError` and a panic into `Internal`.
fn guard<T>(f: impl FnOnce() -> Result<T, gridcore::Error>) -> Result<T, GridcoreError> {
    gridcore::Error::catch_panic(f).map_err(GridcoreError::from)
}

/// Panics inside the engine guard, so tests can prove a panic becomes an exception.
#[uniffi::export]
pub fn panic_for_tests() -> Result<(), GridcoreError> {
    guard(gridcore::error::panic_for_binding_tests)
}
