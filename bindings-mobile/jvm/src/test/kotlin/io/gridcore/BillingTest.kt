package io.gridcore

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.math.BigDecimal
import java.time.LocalDate

/** The Kotlin binding's billing contract: exact BigDecimal and LocalDate, typed errors,
 *  the batch, the core's JSON form, late fees, two-part tariffs, comparison and what-if. */
class BillingTest {
    @Test
    fun `amounts are exact BigDecimals with their scale`() {
        val b = bill(request())
        assertEquals(BigDecimal("168.40"), b.total)
        assertEquals("168.40", b.total.toPlainString())
        assertEquals(listOf("86.08", "82.32"), b.lines.map { it.amount.toPlainString() })
        assertEquals(30, b.period.days)
        assertEquals(LocalDate.of(2026, 12, 1), b.issuedOn)
        val rule = b.lines[0].rule as Rule.Tier
        assertEquals(BigDecimal("2760"), rule.upper)
        assertTrue(explainRule(rule).zh.contains("第1档"))
        assertTrue(render(b).contains("168.40"))
    }

    @Test
    fun `errors carry kind, code and path`() {
        val e = assertThrows<GridcoreException.Metering> { bill(request(end = "8100")) }
        assertEquals("reading_backwards", e.code)
        assertEquals("usage.readings[0].end", e.path)
        val p = assertThrows<GridcoreException.Request> { bill(request(start = LocalDate.of(2026, 12, 5))) }
        assertEquals("empty_period", p.code)
        val t = assertThrows<GridcoreException.Tariff> { Tariff.fromJson("{") }
        assertEquals("syntax", t.code)
    }

    @Test
    fun `billMany returns each result on its own`() {
        val results = billMany(listOf(request(), request(end = "8100")))
        assertEquals(BigDecimal("168.40"), (results[0] as BillResult.Ok).bill.total)
        assertEquals("reading_backwards", ((results[1] as BillResult.Err).error as GridcoreException.Metering).code)
    }

    @Test
    fun `the JSON form is the core's`() {
        val b = bill(request())
        assertTrue(billToJson(b).contains("\"total\":\"168.40\""))
        assertEquals(billToJson(b), billToJson(billJson(zjRequestJson())))
    }

    @Test
    fun `late fee in BigDecimal`() {
        val fee = lateFee(LateFeeRequest(CustomerClass.NON_RESIDENTIAL, BigDecimal("10000.00"), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 5)))
        assertEquals(BigDecimal("270.00"), fee.amount)
        assertEquals(listOf(6, 5), fee.lines.map { it.days })
        assertEquals(listOf("0.002", "0.003"), fee.lines.map { it.dailyRate.toPlainString() })
    }

    @Test
    fun `two-part contract and power factor as typed records`() {
        val tariff = Tariff.fromJson("""{"id": "tp", "name": {"zh": "两部制", "en": "Two-part"}, "energy": {"flat": {"price": "0.1"}},
            "basic_charge": {"demand_price": "42.0"}}""")
        val b = bill(BillRequest(
            tariff = tariff,
            account = Account("F1", null, emptyList(), null, null,
                basicCharge = BasicChargeContract(BasicMethod.CONTRACT_DEMAND, BigDecimal("1000"), BigDecimal("500"), emptyList()),
                powerFactorStandard = Standard.P90),
            period = Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
            usage = UsageInput(Meter(BigDecimal("100"), BigDecimal.ONE, null), listOf(
                Reading(Register.TOTAL, BigDecimal("1000"), BigDecimal("2000"), false, false),
                Reading(Register.REACTIVE, BigDecimal("500"), BigDecimal("1100"), false, false)), null, emptyList(), maxDemand = BigDecimal("6")),
            yearToDateKwh = BigDecimal.ZERO, holidays = emptyList(), asOf = LocalDate.of(2026, 12, 1),
        ))
        // 10000.00 energy + 525 × 42 + 75 × 84 = 38350.00; PF 0.86 → +2% = 767.00.
        assertEquals(listOf("10000.00", "22050.00", "6300.00", "767.00"), b.lines.map { it.amount.toPlainString() })
        val pf = b.lines.last().rule as Rule.PowerFactor
        assertEquals(BigDecimal("0.86"), pf.rounded)
        assertEquals(Standard.P90, pf.standard)
        assertEquals(true, (b.lines[2].rule as Rule.BasicCharge).excess)
        assertEquals(BigDecimal("600"), b.usage.maxDemandKw)
    }

    @Test
    fun `comparison and what-if`() {
        val october = bill(request(end = "8400", start = LocalDate.of(2026, 11, 1)))
        val november = bill(request())
        val c = compare(october, november)
        assertEquals(BigDecimal("58.80"), c.difference)
        assertEquals(c.difference, c.contributions.map { it.amount }.reduce(BigDecimal::add))
        assertEquals(listOf(ContributionKind.USAGE, ContributionKind.TIER), c.contributions.map { it.kind })
        // The same tariff twice ties: the current option keeps rank 1.
        val w = whatIf(request(), listOf(zj()))
        assertEquals(listOf(true, false), w.options.map { it.current })
        assertEquals(listOf("168.40", "168.40"), w.options.map { it.total.toPlainString() })
    }

    private fun zjRequestJson() = File(Cases.dir, "../../examples/data/requests/01-zhejiang-tier-crossing.json").readText()
        .replace("\"张伟\"", "null").replace(",\n  \"name\": null", "")

    @Test
    fun `part months, billing months and the late-fee policy as typed values`() {
        val standby = Tariff.fromJson("""{"id": "sb", "name": {"zh": "备用", "en": "Standby"}, "basic_charge": {"capacity_price": "26.3"}}""")
        val b = bill(BillRequest(
            tariff = standby,
            account = Account("F1", null, emptyList(), null, null, basicCharge = BasicChargeContract(BasicMethod.CAPACITY, BigDecimal("1000"), null, emptyList())),
            period = Period(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 11)),
            usage = null,
            yearToDateKwh = BigDecimal.ZERO, holidays = emptyList(), asOf = LocalDate.of(2026, 6, 11),
            billingMonth = java.time.YearMonth.of(2026, 6),
        ))
        val basic = b.lines.single()
        // 1000 kVA × 10/30 month × 26.3 = 8766.67, from the exact fraction.
        assertEquals(listOf("10000", "30", "8766.67"), listOf(basic.quantity.toPlainString(), basic.divisor.toString(), basic.amount.toPlainString()))
        assertEquals(MonthCount(0, 10, 30), (basic.rule as Rule.BasicCharge).months)
        assertEquals(UsageSource.UNMETERED, b.usage.source)
        assertEquals(java.time.YearMonth.of(2026, 6), b.billingMonth)
        val fee = lateFee(LateFeeRequest(CustomerClass.NON_RESIDENTIAL, BigDecimal("10000.00"), LocalDate.of(2027, 1, 15), LocalDate.of(2027, 1, 25),
            billMonth = java.time.YearMonth.of(2026, 12)))
        assertEquals(BigDecimal("300.00"), fee.amount)
        val every = lateFee(LateFeeRequest(CustomerClass.NON_RESIDENTIAL, BigDecimal("10000.00"), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 5),
            carriedOver = CarriedOver.EVERY_LATE_DAY))
        assertEquals(BigDecimal("330.00"), every.amount)
    }

    @Test
    fun byPeriodIsInBillOrder() {
        // Critical peak, peak, flat, valley — the order of the bill's lines — whatever
        // order the periods were hashed in on the way.
        for (name in listOf("04-zhejiang-residential-tou.json", "05-commercial-tou-intervals.json", "07-factory-two-part-pf.json")) {
            val b = billJson(File(Cases.dir, "../../examples/data/requests/$name").readText())
            val periods = b.usage.byPeriod.keys.toList()
            assertEquals(periods.sorted(), periods, name)
            assertTrue(periods.size >= 2, name)
        }
    }

}
