package io.gridcore

import java.math.BigDecimal
import java.time.LocalDate
import java.time.YearMonth

/**
 * A [BillRequest] field by field, for Java (Kotlin has named arguments):
 *
 * ```java
 * BillRequest request = BillRequestBuilder.of(tariff)
 *         .account(new Account("3300012345"))
 *         .period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1))
 *         .usage(new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE), List.of(reading)))
 *         .yearToDateKwh(new BigDecimal("2600"))
 *         .asOf(LocalDate.of(2026, 12, 1))
 *         .build();
 * ```
 *
 * Construction only: the engine checks the request when it bills it. A required field
 * left out is a [GridcoreException.Request] naming it, as the engine would.
 */
class BillRequestBuilder private constructor(private val tariff: Tariff) {
    private var account: Account? = null
    private var period: Period? = null
    private var usage: UsageInput? = null
    private var yearToDateKwh: BigDecimal = BigDecimal.ZERO
    private var holidays: List<LocalDate> = emptyList()
    private var asOf: LocalDate? = null
    private var tariffVersions: List<TariffVersion> = emptyList()
    private var billingMonth: YearMonth? = null
    private var newYearReadings: List<RegisterValue> = emptyList()

    fun account(value: Account) = apply { account = value }
    fun period(value: Period) = apply { period = value }
    /** The period billed, `end` exclusive. */
    fun period(start: LocalDate, end: LocalDate) = apply { period = Period(start, end) }
    fun usage(value: UsageInput?) = apply { usage = value }
    /** kWh already counted towards this tier year (0 when left out). */
    fun yearToDateKwh(value: BigDecimal) = apply { yearToDateKwh = value }
    fun holidays(value: List<LocalDate>) = apply { holidays = value }
    fun asOf(value: LocalDate) = apply { asOf = value }
    fun tariffVersions(value: List<TariffVersion>) = apply { tariffVersions = value }
    fun billingMonth(value: YearMonth?) = apply { billingMonth = value }
    fun newYearReadings(value: List<RegisterValue>) = apply { newYearReadings = value }

    @Throws(GridcoreException::class)
    fun build(): BillRequest = BillRequest(
        tariff, required(account, "account"), required(period, "period"), usage, yearToDateKwh, holidays,
        required(asOf, "as_of"), tariffVersions, billingMonth, newYearReadings,
    )

    private fun <T> required(value: T?, path: String): T =
        value ?: throw GridcoreException.Request("invalid_field", path, "this field is required")

    companion object {
        /** A builder for a request billed under [tariff]. */
        @JvmStatic
        fun of(tariff: Tariff) = BillRequestBuilder(tariff)
    }
}
