package io.gridcore

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.math.BigDecimal
import java.time.LocalDate

/** The points centre through Kotlin: typed events and operations, retries that replay,
 *  and a stored ledger that loads back. */
class PointsTest {
    @Test
    fun `points - typed events and operations, retries replay, a stored ledger loads back`() {
        val rules = PointsRules.fromJson(File(Cases.dir, "../../examples/data/points/rules.json").readText())
        val ledger = Ledger("C1")
        val day = LocalDate.of(2026, 11, 20)
        val paid = PointsEvent("pay-1", day, emptyList(), PointsEventBody.BillPaid(BigDecimal("168.40"), day, day, "counter"))
        val first = ledger.process(rules, paid)
        assertEquals(16L, first.balance)
        assertEquals(listOf(EntryKind.EVENT, EntryKind.AWARD), first.entries.map { it.kind })
        assertTrue(ledger.process(rules, paid).replayed)
        val conflict = assertThrows<GridcoreException.Request> { ledger.process(rules, paid.copy(event = PointsEventBody.BillPaid(BigDecimal("169"), day, day, "counter"))) }
        assertEquals("idempotency_conflict", conflict.code)
        val redeemed = ledger.apply(Operation.Redeem("gift-1", day.plusDays(1), 10L, "gift"))
        assertEquals(6L, redeemed.balance)
        val back = Ledger.fromJson(ledger.toJson())
        assertEquals(ledger.entries(), back.entries())
        assertEquals(6L, back.usable(day.plusDays(2)))
    }

    @Test
    fun aLedgerNeedsACustomerIdAndErrorsNameTheFieldInsideAnOperation() {
        for (id in listOf("", "  ", "C\n1", "C".repeat(129))) {
            val e = assertThrows<GridcoreException.Request> { Ledger(id) }
            assertEquals("customer_id", e.path)
        }
        val e = assertThrows<GridcoreException.Request> {
            Ledger("C1").applyJson("""{"op": "redeem", "key": "k", "date": "2026-01-01", "points": "1.0"}""")
        }
        assertEquals("operation.points", e.path)
    }

}
