package io.gridcore

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.time.LocalDate

/** Across the domains: a panic in the engine is an exception, and hostile values are
 *  refused quickly with typed errors, leaving a ledger as it was. */
class HostileTest {
    @Test
    fun `a panic in the engine is an exception, not a crashed JVM`() {
        val e = assertThrows<GridcoreException.Internal> { panicForTests() }
        assertEquals("internal", e.code)
        assertEquals(BigDecimal("168.40"), bill(request()).total)
    }

    @Test
    fun `hostile values are refused quickly with typed errors`() {
        val started = System.nanoTime()
        for (arrears in listOf(BigDecimal("1E-100000000"), BigDecimal("1E+100000000"), BigDecimal("79228162514264337593543950335"))) {
            assertThrows<GridcoreException> { lateFee(LateFeeRequest(CustomerClass.RESIDENTIAL, arrears, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2))) }
        }
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused before printing a hundred million digits")
        // A sub-second interval start is refused at its point, not rounded down to the minute.
        val e = assertThrows<GridcoreException> {
            bill(request().copy(usage = UsageInput(Meter(BigDecimal.ONE, BigDecimal.ONE, null), null,
                IntervalData(15, listOf(IntervalPoint(java.time.LocalDateTime.of(2026, 11, 1, 0, 0, 0, 500_000_000), BigDecimal.ONE, null))), emptyList())))
        }
        assertTrue(e.message!!.contains("usage.intervals.points[0].start"), e.message)
        val ledger = Ledger("c")
        assertThrows<GridcoreException> { ledger.applyJson("""{"op": "award", "key": "a", "date": "2026-01-01", "points": 9223372036854775807, "expires_on": "2027-01-01"}""") }
        assertEquals(0L, ledger.balance())
    }
}
