package io.gridcore

import java.math.BigDecimal
import java.math.BigInteger
import java.nio.ByteBuffer
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

    /** At least the bytes [writeDecimal] writes, with the length prefix: sizes a buffer
     *  without formatting the value a second time. */
    @JvmStatic
    fun decimalSize(value: BigDecimal): ULong {
        val length = plainLength(value)
        // A sign and a point beside the digits; the "out of range" text is under 64; the
        // compact form of [writeDecimal] is 12 bytes.
        return maxOf(COMPACT_BYTES.toULong(), 4UL + (if (length > MAX_CHARS) 64L else length + 2L).toULong())
    }

    // Plain digits: max(scale, 0) after the point, max(digits - scale, 1) before it.
    private fun plainLength(value: BigDecimal): Long {
        val digits = value.precision().toLong()
        val scale = value.scale().toLong()
        return maxOf(digits - scale, 1L) + maxOf(scale, 0L)
    }

    /**
     * Reads a decimal as the engine writes it (a length, then `-?digits(.digits)?` in
     * ASCII) without building a String: up to 18 digits become `BigDecimal.valueOf(unscaled,
     * scale)`, the same value and scale as `BigDecimal(text)`; anything else is read as text.
     * A negative length is the compact form of the engine's JNI replies (`compact_replies`
     * in bindings-mobile/src/convert.rs): `-1 - scale`, then the unscaled value as a long.
     */
    @JvmStatic
    fun readDecimal(buf: ByteBuffer): BigDecimal {
        val len = buf.getInt()
        if (len < 0) return BigDecimal.valueOf(buf.getLong(), -1 - len)
        val start = buf.position()
        val end = start + len
        var i = start
        val negative = len > 0 && buf.get(i) == MINUS
        if (negative) i++
        var unscaled = 0L
        var digits = 0
        var scale = -1 // digits after the point, once there is one
        var plain = i < end
        while (plain && i < end) {
            val b = buf.get(i++).toInt()
            when {
                b in 48..57 && digits < 18 -> {
                    unscaled = unscaled * 10 + (b - 48)
                    digits++
                    if (scale >= 0) scale++
                }
                b == POINT && scale < 0 && digits > 0 -> scale = 0
                else -> plain = false
            }
        }
        if (!plain || digits == 0 || scale == 0) {
            val bytes = ByteArray(len)
            buf.position(start)
            buf.get(bytes)
            return BigDecimal(String(bytes, Charsets.UTF_8))
        }
        buf.position(end)
        return BigDecimal.valueOf(if (negative) -unscaled else unscaled, maxOf(scale, 0))
    }

    /**
     * Writes a decimal for the engine: a value of at most 18 digits at a scale of 0 to 28
     * in the compact form the engine reads in place of text (`-1 - scale`, then the
     * unscaled long; `read_compact` in bindings-mobile/src/convert.rs, which accepts it
     * exactly as it accepts the text), with no digits written or parsed; any other value
     * as its text ([decimal]). Writing and parsing the digits was the largest part of
     * sending a billing run's requests, and of a month of 15-minute points.
     */
    @JvmStatic
    fun writeDecimal(value: BigDecimal, buf: ByteBuffer) {
        val scale = value.scale()
        if (scale !in 0..28 || value.precision() > 18) {
            putText(decimal(value), buf) // digits, or "out of range: …" (ASCII too)
            return
        }
        // A BigDecimal of precision <= 18 at scale 0 has its value as a long; scaled by
        // 10^scale it has the unscaled one, which fits (at most 18 digits).
        val unscaled = if (scale == 0) value.longValueExact() else value.scaleByPowerOfTen(scale).longValueExact()
        // As a relative put would fail: Jni writes requests until one overflows its buffer.
        if (buf.remaining() < COMPACT_BYTES) throw java.nio.BufferOverflowException()
        buf.putInt(-1 - scale)
        buf.putLong(unscaled)
    }

    /** The compact form's bytes: the marker and the long. */
    private const val COMPACT_BYTES = 12

    /** An ASCII text as a `String` crosses (its length, then its bytes); on overflow
     *  nothing is written, as [Jni] expects of every writer. */
    private fun putText(text: String, buf: ByteBuffer) {
        val bytes = text.toByteArray(Charsets.US_ASCII)
        if (buf.remaining() < 4 + bytes.size) throw java.nio.BufferOverflowException()
        buf.putInt(bytes.size)
        buf.put(bytes)
    }

    /** Writes a date as `LocalDate.toString()` writes it (`YYYY-MM-DD` for years 0000-9999,
     *  anything else through toString()), without a String. */
    @JvmStatic
    fun writeDate(value: LocalDate, buf: ByteBuffer) {
        val year = value.year
        if (year !in 0..9999) {
            putText(value.toString(), buf)
            return
        }
        if (buf.remaining() < 14) throw java.nio.BufferOverflowException() // as a relative put would
        buf.putInt(10)
        val at = buf.position()
        fun put(from: Int, n: Int, width: Int) {
            var v = n
            for (i in at + from + width - 1 downTo at + from) { buf.put(i, (48 + v % 10).toByte()); v /= 10 }
        }
        put(0, year, 4); buf.put(at + 4, MINUS); put(5, value.monthValue, 2); buf.put(at + 7, MINUS); put(8, value.dayOfMonth, 2)
        buf.position(at + 10)
    }

    private const val MINUS = '-'.code.toByte()
    private const val POINT = '.'.code

    /** Reads a date as the engine writes it (a length, then `YYYY-MM-DD`) without a String. */
    @JvmStatic
    fun readDate(buf: ByteBuffer): LocalDate {
        val len = buf.getInt()
        val at = buf.position()
        fun digits(from: Int, to: Int): Int {
            var n = 0
            for (i in at + from until at + to) {
                val d = buf.get(i) - 48
                if (d !in 0..9) return -1
                n = n * 10 + d
            }
            return n
        }
        val y = if (len == 10 && buf.get(at + 4) == MINUS && buf.get(at + 7) == MINUS) digits(0, 4) else -1
        val m = if (y >= 0) digits(5, 7) else -1
        val d = if (m >= 0) digits(8, 10) else -1
        if (d < 0) {
            val bytes = ByteArray(len)
            buf.get(bytes)
            return date(String(bytes, Charsets.UTF_8))
        }
        buf.position(at + len)
        return LocalDate.of(y, m, d)
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

    /**
     * Writes a date-time for the engine: a whole second of the years 0001-9999 as `-1`
     * and its seconds from 1970-01-01T00:00:00 (a long), which the engine reads as it reads
     * the text (`read_compact` in bindings-mobile/src/convert.rs); anything else (a fraction
     * of a second, which the engine refuses naming the interval) as its text. Formatting
     * and encoding the text was most of sending a month of 15-minute points.
     */
    @JvmStatic
    fun writeDateTime(value: LocalDateTime, buf: ByteBuffer) {
        if (value.nano != 0 || value.year !in 1..9999) {
            putText(dateTime(value), buf)
            return
        }
        if (buf.remaining() < COMPACT_BYTES) throw java.nio.BufferOverflowException()
        buf.putInt(-1)
        buf.putLong(value.toEpochSecond(java.time.ZoneOffset.UTC))
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
