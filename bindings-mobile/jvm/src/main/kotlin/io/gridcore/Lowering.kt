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
    fun decimal(value: BigDecimal): String {
        val digits = value.precision().toLong()
        val scale = value.scale().toLong()
        // Plain digits: max(scale, 0) after the point, max(digits - scale, 1) before it.
        val length = maxOf(digits - scale, 1L) + maxOf(scale, 0L)
        return if (length > MAX_CHARS) "out of range: ${value.toString().take(40)}" else value.toPlainString()
    }

    /** Seconds always, and the fraction when there is one: the engine refuses an interval
     *  that does not start on a whole minute boundary rather than silently dropping it. */
    @JvmStatic
    fun dateTime(value: LocalDateTime): String = value.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)

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
