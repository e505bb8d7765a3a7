package io.gridcore

import java.util.IdentityHashMap

/**
 * Billing runs from the JVM. `Billing.billMany(requests)` bills exactly what the generated
 * `billMany(requests)` bills, with the same results in the same order, but crosses the
 * native boundary in one call: each distinct [Tariff] is passed once and the requests
 * name it by index ([billBatch]).
 *
 * Why: uniffi passes an object such as [Tariff] by cloning its handle, which on the JVM is
 * one JNA call per request, and a JNA call costs tens of microseconds in a billing run
 * (JNA registers the native memory of every call in a global map that its cleaner thread
 * drains only after a GC; see docs/performance.md, "JVM"). Conversion only: no field is
 * looked at here beyond the tariff's identity.
 *
 * ```java
 * List<BillResult> results = Billing.billMany(requests);
 * ```
 */
object Billing {
    @JvmStatic
    fun billMany(requests: List<BillRequest>): List<BillResult> {
        val index = IdentityHashMap<Tariff, Int>()
        val tariffs = ArrayList<Tariff>()
        fun indexOf(t: Tariff): UInt = index.getOrPut(t) { tariffs.add(t); tariffs.size - 1 }.toUInt()
        val batch = ArrayList<BatchRequest>(requests.size)
        for (r in requests) {
            batch.add(
                BatchRequest(
                    indexOf(r.tariff), r.account, r.period, r.usage, r.yearToDateKwh, r.holidays, r.asOf,
                    r.tariffVersions.map { BatchTariffVersion(it.effectiveFrom, indexOf(it.tariff), it.readings) },
                    r.billingMonth, r.newYearReadings,
                ),
            )
        }
        return billBatch(tariffs, batch)
    }
}
