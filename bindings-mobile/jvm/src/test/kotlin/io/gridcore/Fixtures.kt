package io.gridcore

import java.io.File
import java.math.BigDecimal
import java.time.LocalDate

// The Zhejiang residential example that BillingTest and HostileTest bill: 300 kWh from
// 1 November 2026, 168.40 元 (a smaller `end` reading or a later `start` makes it fail).

private val tariffs = File(Cases.dir, "../../examples/data/tariffs")
internal fun zj() = Tariff.fromJson(File(tariffs, "zj-residential-tiered.json").readText())

internal fun request(tariff: Tariff = zj(), end: String = "8500", start: LocalDate = LocalDate.of(2026, 11, 1)) = BillRequest(
    tariff = tariff,
    account = Account("3300012345", null, emptyList(), null, null),
    period = Period(start, LocalDate.of(2026, 12, 1)),
    usage = UsageInput(Meter(BigDecimal.ONE, BigDecimal.ONE, null), listOf(Reading(Register.TOTAL, BigDecimal("8200"), BigDecimal(end), false, false)), null, emptyList()),
    yearToDateKwh = BigDecimal("2600"),
    holidays = emptyList(),
    asOf = LocalDate.of(2026, 12, 1),
)
