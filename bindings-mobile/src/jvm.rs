//! The JVM's fast path for billing runs (and `Tariff.id()`): four JNI functions beside uniffi's JNA calls,
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
//! heap: the requests and the reply are direct buffers, read in place.
//!
//! The bytes are uniffi's own: the requests are a `Vec<BatchRequest>` as the generated
//! Kotlin `FfiConverterSequenceTypeBatchRequest` writes it, and the results are a
//! `Vec<BillResult>` as `FfiConverterSequenceTypeBillResult` reads it, so each value is
//! converted by the same code as on the JNA path and billed as [`crate::bill_batch`] bills them.
//! One difference: the results' decimals are in the compact form only the jar's
//! `Lowering.readDecimal` reads ([`crate::compact_replies`]), which it also reads as text.
//! Conversion only: nothing here looks at a field.
//!
//! The reply starts with one byte: `0` and the results, or `1` and a `GridcoreError`
//! (a request that cannot be read, e.g. a decimal no field takes; or a bug).

use crate::{batch_result, compact_replies, BatchRequest, BillResult, GridcoreError, Tariff, UniFfiTag};
use jni::objects::{JByteBuffer, JClass, JLongArray};
use jni::sys::{jclass, jint, jlong, jobject};
use jni::{JNIEnv, NativeMethod};
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use uniffi::{Lift, Lower};

/// Most tariffs one batch may name (a JVM array is at most 2³¹ long; no run has more).
const MAX_TARIFFS: usize = 1 << 20;

/// Bills the requests in the first `len` bytes of the direct buffer `requests` against the
/// tariffs whose handles are given, and returns the reply in a direct buffer over memory
/// of this library, which `io.gridcore.Jni` reads and then gives back by [`free_reply_jni`].
/// Neither side copies the bytes, and the JVM's heap holds no large array for them.
///
/// Each handle is one that `io.gridcore.Jni` cloned from a live `Tariff` and keeps until
/// that object is collected, and it keeps the objects reachable for the whole call: the
/// tariffs are borrowed, never freed here.
extern "system" fn bill_batch_jni<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    tariffs: JLongArray<'l>,
    requests: JByteBuffer<'l>,
    len: jint,
) -> jobject {
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<u8>, String> {
        let n = env.get_array_length(&tariffs).map_err(|e| e.to_string())? as usize;
        if n > MAX_TARIFFS {
            return Err(format!("{n} tariffs in one batch; at most {MAX_TARIFFS}"));
        }
        let mut handles = vec![0 as jlong; n];
        env.get_long_array_region(&tariffs, 0, &mut handles).map_err(|e| e.to_string())?;
        let address = env.get_direct_buffer_address(&requests).map_err(|e| e.to_string())?;
        let capacity = env.get_direct_buffer_capacity(&requests).map_err(|e| e.to_string())?;
        if len < 0 || len as usize > capacity {
            return Err(format!("{len} request bytes asked of a buffer of {capacity}"));
        }
        // SAFETY: a direct buffer's memory is `capacity` bytes at `address`; `Jni` does not
        // touch that buffer (its own, one per thread) until this call returns.
        let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, len as usize) };
        // SAFETY: the handles are live `Arc<Tariff>` pointers (see above); each is
        // counted up before it becomes an `Arc`, so dropping the `Arc` gives it back.
        let tariffs: Vec<Arc<Tariff>> = handles
            .iter()
            .map(|&h| unsafe {
                Arc::increment_strong_count(h as usize as *const Tariff);
                Arc::from_raw(h as usize as *const Tariff)
            })
            .collect();
        Ok(reply(&tariffs, bytes))
    }));
    let reply = match outcome {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(jni_error)) => error_reply(internal(format!("the batch's buffers could not be read: {jni_error}")), spare(0)),
        Err(_) => error_reply(internal("the engine panicked reading or writing a batch".into()), spare(0)),
    };
    let mut reply = std::mem::ManuallyDrop::new(reply);
    let (address, capacity) = (reply.as_mut_ptr(), reply.capacity());
    // SAFETY: the Vec's memory stays allocated until `free_reply_jni` rebuilds the Vec
    // from this buffer's address and capacity (the buffer spans the whole capacity).
    match unsafe { env.new_direct_byte_buffer(address, capacity) } {
        Ok(buffer) => buffer.into_raw(),
        Err(_) => {
            // An exception is pending and is thrown on return; nothing is handed out.
            drop(unsafe { Vec::from_raw_parts(address, 0, capacity) });
            std::ptr::null_mut()
        }
    }
}

thread_local! {
    /// The thread's last reply buffer, kept for its next reply (at most [`SPARE_BYTES`]).
    static SPARE: std::cell::Cell<Option<Vec<u8>>> = const { std::cell::Cell::new(None) };
}

/// The largest reply buffer a thread keeps between calls.
const SPARE_BYTES: usize = 16 << 20;

/// Frees a reply of [`bill_batch_jni`], once read (called once per reply, by `Jni`), or
/// keeps its memory for the thread's next reply.
extern "system" fn free_reply_jni<'l>(env: JNIEnv<'l>, _class: JClass<'l>, reply: JByteBuffer<'l>) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if let (Ok(address), Ok(capacity)) = (env.get_direct_buffer_address(&reply), env.get_direct_buffer_capacity(&reply)) {
            if !address.is_null() {
                // SAFETY: `address` and `capacity` are those of a reply Vec (see above).
                let spare = unsafe { Vec::from_raw_parts(address, 0, capacity) };
                if capacity <= SPARE_BYTES {
                    SPARE.set(Some(spare));
                }
            }
        }
    }));
}

/// Gives back a handle `io.gridcore.Jni` cloned, once its `Tariff` has been collected.
extern "system" fn release_jni(_env: JNIEnv, _class: JClass, handle: jlong) {
    if handle != 0 {
        // SAFETY: the handle is an `Arc<Tariff>` clone owned by the caller, given back once.
        drop(unsafe { Arc::from_raw(handle as usize as *const Tariff) });
    }
}

/// `Tariff.id()` for `io.gridcore.Jni`: one JNI call and the string, where uniffi's JNA
/// call costs microseconds (a clone of the handle, the call, JNA memory for the returned
/// buffer and its release; docs/performance.md, "JVM"). `null` on any failure: `Jni`
/// then makes the generated call, which answers as it always did.
extern "system" fn tariff_id_jni<'l>(env: JNIEnv<'l>, _class: JClass<'l>, handle: jlong) -> jobject {
    let id = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: a handle `Jni` cloned and keeps until its `Tariff` is collected, which
        // it keeps reachable through the call (see `bill_batch_jni`); only borrowed here.
        let tariff = unsafe { &*(handle as usize as *const Tariff) };
        tariff.id()
    }));
    match id.map(|id| env.new_string(id)) {
        Ok(Ok(text)) => text.into_raw(),
        _ => std::ptr::null_mut(),
    }
}

/// Registers `billBatch`, `freeReply`, `release` and `tariffIdOf` on `io.gridcore.Jni` (the `class` JNA passes):
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
            NativeMethod { name: "billBatch".into(), sig: "([JLjava/nio/ByteBuffer;I)Ljava/nio/ByteBuffer;".into(), fn_ptr: bill_batch_jni as *mut c_void },
            NativeMethod { name: "freeReply".into(), sig: "(Ljava/nio/ByteBuffer;)V".into(), fn_ptr: free_reply_jni as *mut c_void },
            NativeMethod { name: "release".into(), sig: "(J)V".into(), fn_ptr: release_jni as *mut c_void },
            NativeMethod { name: "tariffIdOf".into(), sig: "(J)Ljava/lang/String;".into(), fn_ptr: tariff_id_jni as *mut c_void },
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

/// The reply to a batch: `0` and the results, each written as soon as its request is read
/// and billed, or `1` and the error that stopped the batch. The bytes are those of
/// `Vec<BillResult>` as uniffi writes it (a big-endian `i32` count, then the results), but
/// no vector of requests or of results is held: a call of 4,096 requests was two vectors of
/// megabytes, allocated, filled and freed per call (docs/performance.md, "JVM").
fn reply(tariffs: &[Arc<Tariff>], bytes: &[u8]) -> Vec<u8> {
    let mut out = spare(bytes.len());
    out.push(0);
    match bill(tariffs, bytes, &mut out) {
        Ok(()) => out,
        Err(error) => {
            out.clear();
            error_reply(error, out)
        }
    }
}

fn bill(tariffs: &[Arc<Tariff>], mut bytes: &[u8], out: &mut Vec<u8>) -> Result<(), GridcoreError> {
    let unreadable = |e: uniffi::deps::anyhow::Error| match e.downcast::<GridcoreError>() {
        Ok(error) => error,
        Err(e) => internal(format!("the batch could not be read: {e}")),
    };
    // A sequence's length, read as uniffi reads it for `Vec<BatchRequest>`.
    let count = <i32 as Lift<UniFfiTag>>::try_read(&mut bytes).map_err(unreadable)?;
    let count = usize::try_from(count).map_err(|_| internal(format!("a batch of {count} requests")))?;
    <i32 as Lower<UniFfiTag>>::write(count as i32, out);
    // The results' decimals in the compact form `Lowering.readDecimal` reads.
    compact_replies(|| {
        for _ in 0..count {
            let request = <BatchRequest as Lift<UniFfiTag>>::try_read(&mut bytes).map_err(unreadable)?;
            <BillResult as Lower<UniFfiTag>>::write(batch_result(tariffs, request), out);
        }
        Ok::<_, GridcoreError>(())
    })?;
    if !bytes.is_empty() {
        return Err(internal(format!("{} bytes after the batch's last request", bytes.len())));
    }
    Ok(())
}

/// This thread's last reply buffer, or a new one, with room for the reply to `request_bytes`
/// of requests: a residential request is ~250 bytes and its bill ~600, so it is reserved
/// once rather than grown by doubling (a fresh buffer of megabytes is mapped and faulted
/// in page by page on every call, hence the spare).
fn spare(request_bytes: usize) -> Vec<u8> {
    let mut out = SPARE.take().unwrap_or_default();
    out.clear();
    out.reserve(request_bytes.saturating_mul(4).clamp(256, SPARE_BYTES));
    out
}

fn error_reply(error: GridcoreError, mut out: Vec<u8>) -> Vec<u8> {
    out.push(1);
    <GridcoreError as Lower<UniFfiTag>>::write(error, &mut out);
    out
}

fn internal(reason: String) -> GridcoreError {
    gridcore::Error::internal(reason).into()
}
