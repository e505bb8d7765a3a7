package io.gridcore

import java.util.IdentityHashMap

/**
 * Billing runs from the JVM. `Billing.billMany(requests)` bills exactly what the generated
 * `billMany(requests)` bills, with the same results in the same order, and `Billing.bill`
 * exactly what the generated `bill` bills; both cross the native boundary once per batch
 * of [BATCH] requests, through JNI ([Jni]), each distinct [Tariff] passed once and the
 * requests naming it by index ([BatchRequest]).
 *
 * Why: uniffi passes an object such as [Tariff] by cloning its handle, one JNA call per
 * request, and every JNA call costs microseconds in a billing run (JNA registers
 * the native memory of every call in a global map that its cleaner thread drains only
 * after a GC; see docs/performance.md, "JVM"). Where JNI is unavailable the generated
 * `billBatch` is called instead. Conversion only: no field is looked at here beyond the
 * tariff's identity.
 *
 * A request the engine cannot read at all (a decimal no field takes, such as 1E-100000000)
 * fails its whole batch, as it fails the generated calls: through JNI with a
 * [GridcoreException.Request] (`invalid_field`, saying why), through the generated
 * `billBatch` with uniffi's `InternalException`. Every other failure is that request's
 * [BillResult.Err].
 *
 * ```java
 * List<BillResult> results = Billing.billMany(requests);
 * Bill bill = Billing.bill(request);
 * ```
 */
object Billing {
    /** Requests per native call: bounds the buffers of a run (a few MB), not its size. */
    const val BATCH = 4096

    /**
     * Whether calls cross through JNI (false: through the generated JNA calls, where the
     * JNI functions could not be bound, or with `-Dgridcore.jni=false`). The same results
     * either way; only the cost differs.
     */
    @JvmStatic
    val usesJni: Boolean get() = Jni.available

    @JvmStatic
    fun billMany(requests: List<BillRequest>): List<BillResult> = billMany(requests, Jni.available)

    /** [billMany] through JNI or not: the tests compare the two paths in one JVM. */
    internal fun billMany(requests: List<BillRequest>, jni: Boolean): List<BillResult> {
        val results = ArrayList<BillResult>(requests.size)
        var from = 0
        while (from < requests.size) {
            val to = minOf(from + BATCH, requests.size)
            results.addAll(batch(requests.subList(from, to), jni))
            from = to
        }
        return results
    }

    /** One bill, as the generated `bill(request)` computes it; its error is thrown. */
    @JvmStatic
    @Throws(GridcoreException::class)
    fun bill(request: BillRequest): Bill = when (val r = batch(listOf(request), Jni.available).single()) {
        is BillResult.Ok -> r.bill
        is BillResult.Err -> throw r.error
    }

    private fun batch(requests: List<BillRequest>, jni: Boolean): List<BillResult> {
        val index = IdentityHashMap<Tariff, Int>()
        val tariffs = ArrayList<Tariff>()
        // A run's requests mostly name the tariff the previous one named: no lookup then.
        var last: Tariff? = null
        var lastIndex = 0u
        fun indexOf(t: Tariff): UInt {
            if (t === last) return lastIndex
            lastIndex = index.getOrPut(t) { tariffs.add(t); tariffs.size - 1 }.toUInt()
            last = t
            return lastIndex
        }
        val batch = ArrayList<BatchRequest>(requests.size)
        for (r in requests) {
            batch.add(
                BatchRequest(
                    indexOf(r.tariff), r.account, r.period, r.usage, r.yearToDateKwh, r.holidays, r.asOf,
                    if (r.tariffVersions.isEmpty()) emptyList() else r.tariffVersions.map { BatchTariffVersion(it.effectiveFrom, indexOf(it.tariff), it.readings) },
                    r.billingMonth, r.newYearReadings,
                ),
            )
        }
        return if (jni) Jni.bill(tariffs, batch) else billBatch(tariffs, batch)
    }
}
