package io.gridcore

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.time.LocalDate

/** URDB rates and annual bills from Kotlin: exact BigDecimal amounts, typed errors, and
 *  the core's JSON form from the typed records and from the JSON API alike. */
class UrdbTest {
    private val schedule = List(12) { List(24) { 0 } }.toString()

    /** 0.1 $/kWh and 10 $/month, plus any `extra` URDB fields. */
    private fun flat(extra: String = "") = UrdbTariff.fromJson(
        """{"name": "Flat", "utility": "Test Utility", "energyratestructure": [[{"rate": 0.1}]],
           "energyweekdayschedule": $schedule, "energyweekendschedule": $schedule,
           "fixedchargefirstmeter": 10, "fixedchargeunits": "${'$'}/month"$extra}""",
    )

    private fun hours(n: Int) = List(n) { BigDecimal.ONE }

    @Test
    fun `a flat rate over SAM's year`() {
        val tariff = flat()
        assertEquals("Flat", tariff.name())
        assertEquals("Test Utility", tariff.utility())
        val bill = billAnnual(tariff, AnnualRequest(hourlyKwh = hours(8760), amounts = AnnualAmounts.ROUNDED))
        assertEquals("sam", bill.calendar)
        assertEquals(12, bill.months.size)
        val january = bill.months[0]
        assertEquals(1, january.month)
        assertEquals(31, january.days)
        assertEquals("84.40", january.total.toPlainString()) // 744 kWh × 0.1 + 10
        assertEquals(BigDecimal("996.00"), bill.total) // 8760 × 0.1 + 12 × 10
        assertEquals("996.00", bill.total.toPlainString())
        val energy = january.lines[0]
        assertEquals(AnnualComponent.ENERGY, energy.component)
        assertEquals(AnnualUnit.KWH, energy.unit)
        assertEquals(0, energy.period)
        assertEquals(1, energy.tier)
        assertEquals("74.40", energy.amount.toPlainString())
        assertNull(energy.share)
        assertEquals(listOf("energy.period_0.tier_1", "fixed"), january.lines.map { it.code })
        assertEquals(2, bill.rounding.scale)
        // The typed records give the core's JSON exactly, as the JSON API does.
        val json = annualBillToJson(bill)
        assertTrue(json.contains("\"total\":\"996.00\""))
        val request = JSONObject().put("calendar", "sam").put("hourly_kwh", List(8760) { "1" }).toString()
        assertEquals(json, billAnnualJson(tariff, request))
    }

    @Test
    fun `a calendar year with holidays, chronological and unrounded`() {
        // 2024 is a leap year: 8,784 hours, and February has 29 days.
        val bill = billAnnual(flat(), AnnualRequest(2024, hours(8784), listOf(LocalDate.of(2024, 7, 4)), Allocation.CHRONOLOGICAL, AnnualAmounts.UNROUNDED))
        assertEquals("2024", bill.calendar)
        assertEquals(Allocation.CHRONOLOGICAL, bill.allocation)
        assertEquals(29, bill.months[1].days)
        assertEquals(0, BigDecimal("79.6").compareTo(bill.months[1].total)) // 696 kWh × 0.1 + 10
        assertEquals(12, bill.rounding.scale)
    }

    @Test
    fun `an unsupported URDB field is refused by name`() {
        val e = assertThrows<GridcoreException.Tariff> { flat(""", "coincidentratestructure": [[{"rate": 1}]]""") }
        assertEquals("unsupported", e.code)
        assertEquals("urdb.coincidentratestructure", e.path)
    }

    @Test
    fun `a load that is not a year of hours is a metering error`() {
        val e = assertThrows<GridcoreException.Metering> { billAnnual(flat(), AnnualRequest(hourlyKwh = hours(100), amounts = AnnualAmounts.ROUNDED)) }
        assertEquals("hourly_kwh", e.path)
        assertEquals("out_of_range", e.code)
        val p = assertThrows<GridcoreException.Metering> {
            billAnnual(flat(), AnnualRequest(hourlyKwh = hours(8759) + BigDecimal("0.0000001"), amounts = AnnualAmounts.ROUNDED))
        }
        assertEquals("hourly_kwh[8759]", p.path)
        assertEquals("too_precise", p.code)
        val h = assertThrows<GridcoreException.Request> {
            billAnnual(flat(), AnnualRequest(2025, hours(8760), listOf(LocalDate.of(2024, 12, 25)), null, AnnualAmounts.ROUNDED))
        }
        assertEquals("holidays[0]", h.path)
    }
}
