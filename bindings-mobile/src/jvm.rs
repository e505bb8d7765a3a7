//! The JVM's fast path for billing runs: two JNI functions beside uniffi's JNA calls,
//! called only by `io.gridcore.Jni` (Kotlin, internal to the jar).
//!
//! They are registered on that class by [`gridcore_jni_register`], which `Jni` calls once
//! through JNA, in the very library JNA loaded for uniffi: a jar's library is unpacked by
//! JNA to a temporary file that it deletes once loaded, so `System.load` has no file to
//! load, and a second copy would be a second engine in the process.
//!
//! Why: every uniffi call through JNA allocates JNA `Memory` (the call status, the
//! buffers), and JNA registers each in a global map that its one cleaner thread drains
//! only after a GC; in a billing run the map outgrows the cleaner and a call costs tens of
//! microseconds (docs/performance.md, "JVM"). A JNI call allocates nothing on the Java
//! heap but the result array.
//!
//! The bytes are uniffi's own: the requests are a `Vec<BatchRequest>` as the generated
//! Kotlin `FfiConverterSequenceTypeBatchRequest` writes it, and the results are a
//! `Vec<BillResult>` as `FfiConverterSequenceTypeBillResult` reads it, so each value is
//! converted by the same code as on the JNA path and [`crate::bill_batch`] bills them.
//! Conversion only: nothing here looks at a field.
//!
//! The reply starts with one byte: `0` and the results, or `1` and a `GridcoreError`
//! (a request that cannot be read, e.g. a decimal no field takes; or a bug).

use crate::{bill_batch, BatchRequest, BillResult, GridcoreError, Tariff, UniFfiTag};
use jni::objects::{JByteArray, JClass, JLongArray};
use jni::sys::{jbyteArray, jclass, jint, jlong};
use jni::{JNIEnv, NativeMethod};
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use uniffi::{Lift, Lower};

/// Most tariffs one batch may name (a JVM array is at most 2³¹ long; no run has more).
const MAX_TARIFFS: usize = 1 << 20;

/// Bills `requests` (the first `len` bytes) against the tariffs whose handles are given.
///
/// Each handle is one that `io.gridcore.Jni` cloned from a live `Tariff` and keeps until
/// that object is collected, and it keeps the objects reachable for the whole call: the
/// tariffs are borrowed, never freed here.
extern "system" fn bill_batch_jni<'l>(
    env: JNIEnv<'l>,
    _class: JClass<'l>,
    tariffs: JLongArray<'l>,
    requests: JByteArray<'l>,
    len: jint,
) -> jbyteArray {
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<u8>, String> {
        let n = env.get_array_length(&tariffs).map_err(|e| e.to_string())? as usize;
        if n > MAX_TARIFFS {
            return Err(format!("{n} tariffs in one batch; at most {MAX_TARIFFS}"));
        }
        let mut handles = vec![0 as jlong; n];
        env.get_long_array_region(&tariffs, 0, &mut handles).map_err(|e| e.to_string())?;
        // One copy of the bytes (the array is sized generously; the first `len` are the batch).
        let mut bytes = env.convert_byte_array(&requests).map_err(|e| e.to_string())?;
        if len < 0 || len as usize > bytes.len() {
            return Err(format!("{len} request bytes asked of an array of {}", bytes.len()));
        }
        bytes.truncate(len as usize);
        // SAFETY: the handles are live `Arc<Tariff>` pointers (see above); each is
        // counted up before it becomes an `Arc`, so dropping the `Arc` gives it back.
        let tariffs: Vec<Arc<Tariff>> = handles
            .iter()
            .map(|&h| unsafe {
                Arc::increment_strong_count(h as usize as *const Tariff);
                Arc::from_raw(h as usize as *const Tariff)
            })
            .collect();
        Ok(reply(bill(tariffs, &bytes)))
    }));
    let reply = match outcome {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(jni_error)) => reply(Err(internal(format!("the JVM's arrays could not be read: {jni_error}")))),
        Err(_) => reply(Err(internal("the engine panicked reading or writing a batch".into()))),
    };
    match env.byte_array_from_slice(&reply) {
        Ok(array) => array.into_raw(),
        // Out of Java heap: an OutOfMemoryError is already pending and is thrown on return.
        Err(_) => std::ptr::null_mut(),
    }
}

/// Gives back a handle `io.gridcore.Jni` cloned, once its `Tariff` has been collected.
extern "system" fn release_jni(_env: JNIEnv, _class: JClass, handle: jlong) {
    if handle != 0 {
        // SAFETY: the handle is an `Arc<Tariff>` clone owned by the caller, given back once.
        drop(unsafe { Arc::from_raw(handle as usize as *const Tariff) });
    }
}

/// Registers `billBatch` and `release` on `io.gridcore.Jni` (the `class` JNA passes):
/// `0` once done, `-1` if the class has no such methods (a jar from another version).
///
/// # Safety
/// Called by JNA with the current thread's `JNIEnv` (`JNIEnv.CURRENT`) and a live class.
#[no_mangle]
pub unsafe extern "system" fn gridcore_jni_register(env: *mut jni::sys::JNIEnv, class: jclass) -> jint {
    let registered = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: both come from the JVM for the length of this call (see above).
        let Ok(mut env) = (unsafe { JNIEnv::from_raw(env) }) else { return false };
        let class = unsafe { JClass::from_raw(class) };
        let methods = [
            NativeMethod { name: "billBatch".into(), sig: "([J[BI)[B".into(), fn_ptr: bill_batch_jni as *mut c_void },
            NativeMethod { name: "release".into(), sig: "(J)V".into(), fn_ptr: release_jni as *mut c_void },
        ];
        if env.register_native_methods(&class, &methods).is_ok() {
            return true;
        }
        // The NoSuchMethodError is answered by the return value, not thrown into JNA.
        let _ = env.exception_clear();
        false
    }));
    if matches!(registered, Ok(true)) { 0 } else { -1 }
}

fn bill(tariffs: Vec<Arc<Tariff>>, mut bytes: &[u8]) -> Result<Vec<BillResult>, GridcoreError> {
    let requests = <Vec<BatchRequest> as Lift<UniFfiTag>>::try_read(&mut bytes).map_err(|e| match e.downcast::<GridcoreError>() {
        Ok(error) => error,
        Err(e) => internal(format!("the batch could not be read: {e}")),
    })?;
    if !bytes.is_empty() {
        return Err(internal(format!("{} bytes after the batch's last request", bytes.len())));
    }
    Ok(bill_batch(tariffs, requests))
}

fn reply(result: Result<Vec<BillResult>, GridcoreError>) -> Vec<u8> {
    // About 1.5 kB a residential bill: reserved once rather than grown by doubling.
    let mut out = Vec::with_capacity(result.as_ref().map_or(256, |r| r.len() * 2048));
    match result {
        Ok(results) => {
            out.push(0);
            <Vec<BillResult> as Lower<UniFfiTag>>::write(results, &mut out);
        }
        Err(error) => {
            out.push(1);
            <GridcoreError as Lower<UniFfiTag>>::write(error, &mut out);
        }
    }
    out
}

fn internal(reason: String) -> GridcoreError {
    gridcore::Error::internal(reason).into()
}
