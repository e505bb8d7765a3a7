package io.gridcore

import java.math.BigDecimal
import java.math.BigInteger
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter

/** How BigDecimal and LocalDateTime values cross into the engine (see uniffi.toml). */
internal object Lowering {
    // The engine takes at most 15 digits before the point and 12 after it (64 characters
    // in all); anything beyond is refused there. Refusing here first keeps a value such
    // as 1E-100000000 from being printed as a hundred million digits.
    private const val MAX_CHARS = 64

    @JvmStatic
    fun decimal(value: BigDecimal): String =
        if (plainLength(value) > MAX_CHARS) "out of range: ${value.toString().take(40)}" else value.toPlainString()

    /** At least the bytes [decimal] writes (ASCII), with its length prefix: sizes a buffer
     *  without formatting the value a second time. */
    @JvmStatic
    fun decimalSize(value: BigDecimal): ULong {
        val length = plainLength(value)
        // A sign and a point beside the digits; the "out of range" text is under 64.
        return 4UL + (if (length > MAX_CHARS) 64L else length + 2L).toULong()
    }

    // Plain digits: max(scale, 0) after the point, max(digits - scale, 1) before it.
    private fun plainLength(value: BigDecimal): Long {
        val digits = value.precision().toLong()
        val scale = value.scale().toLong()
        return maxOf(digits - scale, 1L) + maxOf(scale, 0L)
    }

    /**
     * Lifts the engine's `YYYY-MM-DD` without `LocalDate.parse`'s formatter, which cost
     * about a tenth of a billing run's lifting (JFR). Anything else (a year past 9999 is
     * written `+10000-01-01`) goes to `LocalDate.parse`.
     */
    @JvmStatic
    fun date(value: String): LocalDate {
        if (value.length != 10 || value[4] != '-' || value[7] != '-') return LocalDate.parse(value)
        fun digits(from: Int, to: Int): Int {
            var n = 0
            for (i in from until to) {
                val d = value[i] - '0'
                if (d !in 0..9) return -1
                n = n * 10 + d
            }
            return n
        }
        val y = digits(0, 4)
        val m = digits(5, 7)
        val d = digits(8, 10)
        return if (y < 0 || m < 0 || d < 0) LocalDate.parse(value) else LocalDate.of(y, m, d)
    }

    /** Seconds always, and the fraction when there is one: the engine refuses an interval
     *  that does not start on a whole minute boundary rather than silently dropping it. */
    @JvmStatic
    fun dateTime(value: LocalDateTime): String {
        // The usual case written digit by digit: the formatter cost ~1 µs per interval point.
        if (value.nano != 0 || value.year !in 0..9999) return value.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
        val c = CharArray(19)
        fun put(at: Int, n: Int, width: Int) {
            var v = n
            for (i in at + width - 1 downTo at) { c[i] = '0' + v % 10; v /= 10 }
        }
        put(0, value.year, 4); c[4] = '-'; put(5, value.monthValue, 2); c[7] = '-'; put(8, value.dayOfMonth, 2)
        c[10] = 'T'; put(11, value.hour, 2); c[13] = ':'; put(14, value.minute, 2); c[16] = ':'; put(17, value.second, 2)
        return String(c)
    }

    /** A notice value as the engine's text: plain digits for a BigDecimal (never `1E+3`),
     *  ISO dates and date-times; any other type becomes a marker the binding refuses,
     *  naming the type, rather than its `toString()`. */
    @JvmStatic
    fun noticeValue(value: Any): String = when (value) {
        is String -> value
        is BigDecimal -> decimal(value)
        is LocalDate -> value.toString()
        is LocalDateTime -> dateTime(value)
        is Int, is Long, is Short, is Byte, is BigInteger -> value.toString()
        else -> "\u0000${value.javaClass.simpleName}"
    }
}
