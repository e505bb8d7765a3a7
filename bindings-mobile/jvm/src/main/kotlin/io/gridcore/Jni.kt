package io.gridcore

import com.sun.jna.JNIEnv
import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import java.lang.ref.Cleaner
import java.lang.ref.Reference
import java.nio.ByteBuffer
import java.util.WeakHashMap

/**
 * The JVM's fast path for [Billing]: one JNI call per batch (bindings-mobile/src/jvm.rs)
 * instead of uniffi's JNA call, whose bookkeeping (JNA memory per call) costs microseconds a call in a
 * billing run (docs/performance.md, "JVM"). The requests and results cross in uniffi's own
 * serialized form, written and read by the generated converters, so every value is
 * converted exactly as on the JNA path. Conversion only.
 *
 * Where the JNI functions cannot be loaded (or with `-Dgridcore.jni=false`), [available]
 * is false and [Billing] calls the generated `billBatch` instead: the same results.
 */
internal object Jni {
    @JvmStatic private external fun billBatch(tariffs: LongArray, requests: ByteBuffer, len: Int): ByteBuffer
    @JvmStatic private external fun freeReply(reply: ByteBuffer)
    @JvmStatic private external fun release(handle: Long)
    @JvmStatic private external fun tariffIdOf(handle: Long): String?

    /** Whether the JNI functions are loaded. */
    val available: Boolean = System.getProperty("gridcore.jni") != "false" && load()

    // The natives are registered by the library JNA loaded for uniffi (same name and
    // options, so JNA's cached instance), which is passed this class: no file is loaded
    // again. JNA deletes a library it unpacked from the jar once loaded, so System.load
    // would have nothing to load, and a second copy would be a second engine.
    private fun load(): Boolean = try {
        val name = System.getProperty("uniffi.component.gridcore.libraryOverride") ?: "gridcore_mobile"
        val lib = NativeLibrary.getInstance(name, mapOf(Library.OPTION_CLASSLOADER to Jni::class.java.classLoader))
        val register = lib.getFunction("gridcore_jni_register")
        val status = register.invoke(Int::class.javaObjectType, arrayOf(JNIEnv.CURRENT, Jni::class.java), mapOf(Library.OPTION_ALLOW_OBJECTS to true))
        status == 0 && run { release(0); true } // release(0) proves the natives are bound
    } catch (e: LinkageError) { // no such symbol: a library from another version
        false
    }

    // One handle per live Tariff, cloned once and given back when the Tariff is collected
    // (not when it is closed: a closed Tariff is refused below, as uniffi refuses it).
    private val handles = WeakHashMap<Tariff, Long>()
    private val cleaner = Cleaner.create()

    private fun handle(t: Tariff): Long {
        check(!t.uniffiIsDestroyed) { "Tariff object has already been destroyed" }
        synchronized(handles) { handles[t]?.let { return it } }
        val h = t.callWithHandle { it } // a clone, owned here
        synchronized(handles) {
            handles[t]?.let { release(h); return it }
            handles[t] = h
        }
        cleaner.register(t) { release(h) }
        return h
    }

    /**
     * `Tariff.id()` in one JNI call (the generated method asks here first, an edit by
     * tools/uniffi-bindgen): null where the JNI functions are not loaded, or should the
     * engine not answer, and the generated JNA call answers instead. A closed Tariff is
     * refused as the generated call refuses it.
     */
    fun tariffId(t: Tariff): String? {
        if (!available) return null
        val h = handle(t)
        try {
            return tariffIdOf(h)
        } finally {
            Reference.reachabilityFence(t) // its handle stays ours until the call returns
        }
    }

    /** Most request bytes per native call: bounds each thread's buffer (a residential
     *  request is ~250 bytes, a month of 15-minute points ~140 kB). */
    private const val MAX_BYTES = 8 shl 20

    // One direct buffer per thread for the requests, grown up to MAX_BYTES and reused: the
    // engine reads it in place, and no large array lands on the heap per call.
    private val buffers = ThreadLocal<ByteBuffer>()

    /** What the generated `billBatch(tariffs, requests)` returns, in one JNI call per
     *  [MAX_BYTES] of requests. */
    fun bill(tariffs: List<Tariff>, requests: List<BatchRequest>): List<BillResult> {
        val handles = LongArray(tariffs.size) { handle(tariffs[it]) }
        val results = ArrayList<BillResult>(requests.size)
        var from = 0
        while (from < requests.size) {
            val buf = write(requests, from)
            val to = from + buf.getInt(0)
            results.addAll(call(handles, tariffs, buf))
            from = to
        }
        return results
    }

    /**
     * Writes requests from [from] on into this thread's buffer, as many as fit in
     * [MAX_BYTES] (at least one), after their count. They are written until one overflows
     * the buffer rather than sized first: sizing every request cost as much as writing it.
     * A buffer too small is grown (doubled, up to [MAX_BYTES]) and the call's requests
     * written again; a single request larger than that gets a buffer of its own size.
     */
    private fun write(requests: List<BatchRequest>, from: Int): ByteBuffer {
        var buf = buffers.get() ?: ByteBuffer.allocateDirect(64 shl 10).also { buffers.set(it) }
        while (true) {
            (buf as java.nio.Buffer).clear() // Buffer's clear(): older Android lacks ByteBuffer's covariant one
            buf.putInt(0)
            var to = from
            var full = false
            while (to < requests.size) {
                val mark = buf.position()
                try {
                    FfiConverterTypeBatchRequest.write(requests[to], buf)
                    to++
                } catch (e: java.nio.BufferOverflowException) {
                    buf.position(mark)
                    full = true
                    break
                }
            }
            if (!full || (to > from && buf.capacity() >= MAX_BYTES)) {
                buf.putInt(0, to - from)
                return buf
            }
            if (buf.capacity() < MAX_BYTES) {
                buf = ByteBuffer.allocateDirect(minOf(buf.capacity() * 2, MAX_BYTES)).also { buffers.set(it) }
                continue
            }
            // One request past MAX_BYTES: a buffer for it alone, not kept.
            val size = 4L + FfiConverterTypeBatchRequest.allocationSize(requests[from]).toLong()
            require(size <= Int.MAX_VALUE) { "one request of ${size} bytes is too large for one call" }
            val one = ByteBuffer.allocateDirect(size.toInt())
            one.putInt(1)
            FfiConverterTypeBatchRequest.write(requests[from], one)
            return one
        }
    }

    private fun call(handles: LongArray, tariffs: List<Tariff>, buf: ByteBuffer): List<BillResult> {
        val reply = try {
            billBatch(handles, buf, buf.position())
        } finally {
            Reference.reachabilityFence(tariffs) // their handles stay ours until the call returns
        }
        try {
            return when (reply.get().toInt()) {
                0 -> FfiConverterSequenceTypeBillResult.read(reply)
                else -> throw FfiConverterTypeGridcoreError.read(reply)
            }
        } finally {
            freeReply(reply) // the engine's memory, read to the end or not
        }
    }
}
