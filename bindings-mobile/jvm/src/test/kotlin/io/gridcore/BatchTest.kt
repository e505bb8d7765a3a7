package io.gridcore

import org.json.JSONObject
import java.math.BigDecimal
import java.time.LocalDate
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

// Billing.billMany / billBatch (the tariffs cross once per batch) against the conformance
// cases and the generated billMany, and billing from 16 threads against a sequential run.
class BatchTest {
    private fun json(r: BillResult): String = when (r) {
        is BillResult.Ok -> billToJson(r.bill)
        is BillResult.Err -> Cases.error(r.error).toString()
    }

    @Test
    fun everyBillCaseInOneBatchGivesItsExpectedResult() {
        val names = ArrayList<String>()
        val expected = ArrayList<JSONObject>()
        val requests = ArrayList<BillRequest>()
        for (file in Cases.all()) {
            val case = JSONObject(file.readText())
            if (case.getString("kind") != "bill") continue
            val input = case.getJSONObject("input")
            val tariff = try { Tariff.fromJson(input.getJSONObject("tariff").toString()) } catch (e: GridcoreException) { continue }
            val request = try { Cases.request(tariff, input) } catch (e: Cases.NotTyped) { continue } catch (e: GridcoreException) { continue }
            names.add(file.name); expected.add(case.getJSONObject("expected")); requests.add(request)
        }
        assertTrue(requests.size >= 60, "only ${requests.size} bill cases")
        val results = Billing.billMany(requests)
        assertEquals(requests.size, results.size)
        for (i in requests.indices) {
            val got = JSONObject(json(results[i]))
            assertTrue(got.similar(expected[i]), "${names[i]}\n expected ${expected[i]}\n got      $got")
        }
        // The same bytes as the generated billMany, request by request.
        assertEquals(billMany(requests).map(::json), results.map(::json))
    }

    @Test
    fun theJniPathIsBoundAndBillsAsTheJnaPathDoes() {
        // The tests load the library from a directory, the jar from a deleted temporary
        // file (tests/dist/Jobs.java checks that one): both must bind the natives.
        assertTrue(Billing.usesJni, "the JNI functions were not registered")
        val tariffs = listOf(zj(), Tariff.fromJson(java.io.File(Cases.dir, "../../examples/data/tariffs/bj-residential-tiered.json").readText()))
        // More than one native call's worth (Billing.BATCH), with failures among them.
        val requests = (0 until Billing.BATCH + 10).map { i ->
            val end = if (i % 89 == 0) 10_000 - 1 else 10_000 + i % 700
            request(tariffs[i % 2], end.toString()).copy(
                usage = UsageInput(Meter(BigDecimal.ONE, BigDecimal.ONE, null), listOf(Reading(Register.TOTAL, BigDecimal(10_000), BigDecimal(end), false, false)), null, emptyList()),
            )
        }
        val results = Billing.billMany(requests, jni = true)
        val jni = results.map(::json)
        assertEquals(Billing.billMany(requests, jni = false).map(::json), jni)
        assertEquals(billMany(requests).map(::json), jni)
        assertEquals(requests.size / 89 + 1, results.count { it is BillResult.Err })
    }

    @Test
    fun aNewThreadsBufferGrowsAsRequestsOverflowIt() {
        // A new thread starts with a 64 kB buffer: requests of uneven sizes (some with
        // 3,000 holidays, ~42 kB) overflow it mid-request and it is grown; the results are
        // those of the generated call.
        val holidays = (0 until 3_000).map { LocalDate.of(2026, 1, 1).plusDays(it % 365L) }
        val requests = (0 until 600).map { i -> request(end = (8300 + i).toString()).copy(holidays = if (i % 7 == 3) holidays else emptyList()) }
        var jni: List<String>? = null
        val t = Thread { jni = Billing.billMany(requests, jni = true).map(::json) }
        t.start()
        t.join()
        assertEquals(billMany(requests).map(::json), jni)
    }

    @Test
    fun batchesOverEightMegabytesCrossInSeveralCalls() {
        // 2.8 MB of holidays a request: 8 requests need three native calls.
        val holidays = (0 until 200_000).map { LocalDate.of(2026, 1, 1).plusDays(it % 365L) }
        val requests = (0 until 8).map { i -> request(end = (8300 + 10 * i).toString()).copy(holidays = if (i == 5) emptyList() else holidays) }
        val jni = Billing.billMany(requests, jni = true).map(::json)
        assertEquals(Billing.billMany(requests, jni = false).map(::json), jni)
        assertEquals(8, jni.size)
    }

    @Test
    fun aRequestTheEngineCannotReadFailsTheBatchAsTheGeneratedCallDoes() {
        // The JNI path bills each request as it reads it: one it cannot read (a decimal no
        // field takes) after good ones must still fail the whole batch, as the generated
        // billBatch fails it (there uniffi's InternalException, "Failed to convert arg"),
        // and the thread's next batch must bill as before.
        val good = (0 until 50).map { request(end = (8300 + it).toString()) }
        val hostile = request().copy(yearToDateKwh = BigDecimal("1E-100000000"))
        val batch = good + hostile + good
        val generated = assertThrows(InternalException::class.java) { Billing.billMany(batch, jni = false) }
        assertTrue("out of range" in generated.message!!, generated.message)
        val jni = assertThrows(GridcoreException.Request::class.java) { Billing.billMany(batch, jni = true) }
        assertEquals("invalid_field", jni.code)
        assertTrue("out of range" in jni.reason, jni.reason)
        assertEquals(Billing.billMany(good, jni = false).map(::json), Billing.billMany(good, jni = true).map(::json))
    }

    @Test
    fun tariffIdCrossesByJniAndAnswersAsTheJnaCallDid() {
        val t = zj()
        assertEquals(JSONObject(t.toJson()).getString("id"), Jni.tariffId(t), "the JNI answer")
        assertEquals(Jni.tariffId(t), t.id(), "the generated method asks Jni first")
        t.close()
        assertThrows(IllegalStateException::class.java) { t.id() }
        assertThrows(IllegalStateException::class.java) { Jni.tariffId(t) }
    }

    @Test
    fun aClosedTariffIsRefusedOnBothPaths() {
        val t = zj()
        t.close()
        for (jni in listOf(true, false)) {
            val e = assertThrows(IllegalStateException::class.java) { Billing.billMany(listOf(request(t)), jni) }
            assertTrue("destroyed" in e.message!!, e.message)
        }
        assertThrows(IllegalStateException::class.java) { Billing.bill(request(t)) }
        // The generated calls too (tools/uniffi-bindgen guards uniffi's lowering).
        assertThrows(IllegalStateException::class.java) { bill(request(t)) }
        assertThrows(IllegalStateException::class.java) { billMany(listOf(request(t))) }
        assertThrows(IllegalStateException::class.java) { billBatch(listOf(t), emptyList()) }
    }

    @Test
    fun aTariffIndexOutsideTheBatchFailsThatRequestOnly() {
        val r = request()
        val good = BatchRequest(0u, r.account, r.period, r.usage, r.yearToDateKwh, r.holidays, r.asOf)
        val bad = good.copy(tariff = 3u)
        val badVersion = good.copy(tariffVersions = listOf(BatchTariffVersion(LocalDate.of(2026, 11, 15), 1u, emptyList())))
        val results = billBatch(listOf(zj()), listOf(good, bad, badVersion))
        assertEquals(BigDecimal("168.40"), (results[0] as BillResult.Ok).bill.total)
        for ((i, path) in listOf(1 to "tariff", 2 to "tariff_versions[0].tariff")) {
            val e = assertInstanceOf(BillResult.Err::class.java, results[i]).error
            assertInstanceOf(GridcoreException.Request::class.java, e)
            assertEquals("out_of_range", e.code)
            assertEquals(path, e.path)
            assertTrue("1 tariffs" in e.reason, e.reason)
        }
    }

    @Test
    fun sixteenThreadsGiveTheSameBytesAsOneThread() {
        val tariffs = listOf(zj(), Tariff.fromJson(java.io.File(Cases.dir, "../../examples/data/tariffs/bj-residential-tiered.json").readText()))
        val requests = (0 until 2_000).map { i ->
            val start = 10_000 + i % 5_000
            // Every 97th request reads backwards and fails: failures must match too.
            val end = if (i % 97 == 0) start - 1 else start + 50 + i % 400
            request(tariffs[i % 2], end.toString()).copy(
                usage = UsageInput(Meter(BigDecimal.ONE, BigDecimal.ONE, null), listOf(Reading(Register.TOTAL, BigDecimal(start), BigDecimal(end), false, false)), null, emptyList()),
                yearToDateKwh = BigDecimal((i * 7L) % 5_000),
            )
        }
        val sequentialMany = Billing.billMany(requests).map(::json)
        val sequentialOne = requests.map { r -> try { billToJson(bill(r)) } catch (e: GridcoreException) { Cases.error(e).toString() } }
        assertEquals(sequentialMany, sequentialOne)
        val pool = Executors.newFixedThreadPool(16)
        try {
            val tasks = (0 until 16).map { t ->
                Callable {
                    if (t % 2 == 0) Billing.billMany(requests).map(::json)
                    else requests.map { r -> try { billToJson(bill(r)) } catch (e: GridcoreException) { Cases.error(e).toString() } }
                }
            }
            for (f in pool.invokeAll(tasks)) assertEquals(sequentialMany, f.get())
        } finally {
            pool.shutdown()
            pool.awaitTermination(1, TimeUnit.MINUTES)
        }
    }

    @Test
    fun aDecimalsBufferBoundHoldsWhatIsWritten() {
        val rnd = java.util.Random(11)
        val values = listOf(BigDecimal.ZERO, BigDecimal("-0.00"), BigDecimal("1E+3"), BigDecimal("-1E-12"), BigDecimal("1E-100000000"), BigDecimal("9E+100000")) +
            (0 until 5_000).map { BigDecimal(java.math.BigInteger(rnd.nextInt(100), rnd).let { if (rnd.nextBoolean()) it.negate() else it }, rnd.nextInt(80) - 40) }
        for (v in values) {
            val written = 4 + Lowering.decimal(v).toByteArray(Charsets.UTF_8).size
            assertTrue(Lowering.decimalSize(v) >= written.toULong(), "$v: ${Lowering.decimalSize(v)} < $written")
        }
        // Written into the buffer: the very bytes of the text's String, and within the bound.
        fun stringBytes(text: String): ByteArray = text.toByteArray(Charsets.UTF_8).let { java.nio.ByteBuffer.allocate(4 + it.size).putInt(it.size).put(it).array() }
        fun written(size: ULong, write: (java.nio.ByteBuffer) -> Unit): ByteArray {
            val b = java.nio.ByteBuffer.allocate(size.toInt() + 3).put(1)
            write(b)
            assertTrue(b.position() <= size.toInt() + 1, "past the bound")
            return b.array().copyOfRange(1, b.position())
        }
        val small = (0 until 5_000).map { BigDecimal.valueOf(rnd.nextLong() % 1_000_000_000_000_000_000L shr rnd.nextInt(60), rnd.nextInt(20)) } +
            listOf(BigDecimal("0.00"), BigDecimal("-0.05"), BigDecimal("999999999999999999"), BigDecimal("-0.000000000000000001"), BigDecimal("1E+3"), BigDecimal("-7E-19"))
        // Up to 18 digits at a scale of 0 to 28 in the compact form (-1 - scale, then the
        // unscaled long), which the engine reads as it reads the text; anything else as text.
        fun compactBytes(v: BigDecimal): ByteArray = java.nio.ByteBuffer.allocate(12).putInt(-1 - v.scale()).putLong(v.unscaledValue().longValueExact()).array()
        val deep = (0 until 1_000).map { BigDecimal.valueOf(rnd.nextLong() shr rnd.nextInt(64), rnd.nextInt(29)) }
        var compacts = 0
        for (v in values + small + deep) {
            val compact = v.scale() in 0..28 && v.precision() <= 18
            if (compact) compacts++
            val expected = if (compact) compactBytes(v) else stringBytes(Lowering.decimal(v))
            assertArrayEquals(expected, written(Lowering.decimalSize(v)) { Lowering.writeDecimal(v, it) }, v.toPlainString().take(80))
            // Read back by the Kotlin reader too: the same value and scale.
            if (compact) assertEquals(v, Lowering.readDecimal(java.nio.ByteBuffer.wrap(expected)))
        }
        assertTrue(compacts > 5_000, "only $compacts compact values")
        val days = listOf(LocalDate.of(0, 1, 1), LocalDate.of(999, 12, 31), LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.of(-1, 6, 1)) +
            (0 until 5_000).map { LocalDate.ofEpochDay(rnd.nextLong(-800_000, 2_950_000)) }
        for (d in days) assertArrayEquals(stringBytes(d.toString()), written(20UL) { Lowering.writeDate(d, it) }, d.toString())
        // A buffer one byte short overflows as a relative put would, writing nothing.
        for ((size, write) in listOf<Pair<Int, (java.nio.ByteBuffer) -> Unit>>(
            12 - 1 to { Lowering.writeDecimal(BigDecimal("168.40"), it) }, 4 + 25 - 1 to { Lowering.writeDecimal(BigDecimal("1234567890123456789.12345"), it) }, 4 + 10 - 1 to { Lowering.writeDate(LocalDate.of(2026, 11, 1), it) })) {
            val b = java.nio.ByteBuffer.allocate(size)
            assertThrows(java.nio.BufferOverflowException::class.java) { write(b) }
            assertEquals(0, b.position())
        }
        // Read back from the bytes: the same value and scale as BigDecimal(text).
        val texts = listOf("0", "-0", "-0.00", "168.40", "000123.4500", "999999999999999999", "1000000000000000000",
            "-79228162514264337593543950335", "0.000000000001", "12.", ".5", "-", "", "1e3", "9223372036854775807", "-9223372036854775808") +
            (0 until 5_000).map { BigDecimal(java.math.BigInteger(rnd.nextInt(90), rnd).let { if (rnd.nextBoolean()) it.negate() else it }, rnd.nextInt(30)).toPlainString() }
        for (t in texts) {
            val bytes = t.toByteArray()
            val b = java.nio.ByteBuffer.allocate(bytes.size + 5).putInt(bytes.size).put(bytes).put(7)
            b.flip()
            val expected = runCatching { BigDecimal(t) }
            val got = runCatching { Lowering.readDecimal(b) }
            assertEquals(expected.getOrNull(), got.getOrNull(), t)
            assertEquals(expected.isFailure, got.isFailure, t)
            if (got.isSuccess) assertEquals(7.toByte(), b.get(), "$t: read to its end")
        }
        // The compact form of the JNI replies: -1 - scale, then the unscaled long.
        val compact = listOf(0L to 0, 0L to 2, 16840L to 2, -1L to 28, Long.MAX_VALUE to 0, Long.MIN_VALUE to 28) +
            (0 until 5_000).map { rnd.nextLong() shr rnd.nextInt(64) to rnd.nextInt(29) }
        for ((unscaled, scale) in compact) {
            val b = java.nio.ByteBuffer.allocate(13).putInt(-1 - scale).putLong(unscaled).put(7)
            b.flip()
            val got = Lowering.readDecimal(b)
            assertEquals(BigDecimal.valueOf(unscaled, scale), got, "$unscaled at scale $scale")
            assertEquals(scale, got.scale())
            assertEquals(7.toByte(), b.get(), "$unscaled at scale $scale: read to its end")
        }
        for (t in listOf("2026-11-01", "0001-01-01", "9999-12-31", "+10000-01-01")) {
            val bytes = t.toByteArray()
            val b = java.nio.ByteBuffer.allocate(bytes.size + 5).putInt(bytes.size).put(bytes).put(7)
            b.flip()
            assertEquals(LocalDate.parse(t), Lowering.readDate(b), t)
            assertEquals(7.toByte(), b.get(), "$t: read to its end")
        }
        // Non-ASCII text still goes through the encoder, and round-trips.
        val name = "张伟 ☀ é"
        val buf = java.nio.ByteBuffer.allocate(FfiConverterString.allocationSize(name).toInt())
        FfiConverterString.write(name, buf)
        buf.flip()
        assertEquals(name, FfiConverterString.read(buf))
    }

    @Test
    fun theFastDateConversionsAgreeWithJavaTime() {
        val rnd = java.util.Random(7)
        val fixed = listOf(LocalDate.of(1, 1, 1), LocalDate.of(999, 12, 31), LocalDate.of(2024, 2, 29), LocalDate.of(9999, 12, 31))
        for (d in fixed + (0 until 5_000).map { LocalDate.ofEpochDay(rnd.nextLong(-700_000, 2_900_000)) }) {
            assertEquals(d, Lowering.date(d.toString()), d.toString())
        }
        assertEquals(LocalDate.of(10000, 1, 1), Lowering.date("+10000-01-01"))
        val iso = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME
        val times = (0 until 5_000).map {
            java.time.LocalDateTime.of(LocalDate.ofEpochDay(rnd.nextLong(-700_000, 2_900_000)), java.time.LocalTime.ofSecondOfDay(rnd.nextLong(86_400)))
        } + listOf(java.time.LocalDateTime.of(2026, 12, 1, 0, 0, 0, 500_000_000), java.time.LocalDateTime.of(10000, 1, 1, 0, 0))
        for (t in times) assertEquals(t.format(iso), Lowering.dateTime(t))
        // Written for the engine: a whole second of 0001-9999 as -1 and its epoch seconds
        // (read by the engine as it reads the text, bindings-mobile/tests/wire_text.rs),
        // anything else as the text, and never more than the converter's bound of 40.
        val edges = listOf(java.time.LocalDateTime.of(1, 1, 1, 0, 0), java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59), java.time.LocalDateTime.of(0, 12, 31, 23, 59, 59))
        for (t in times + edges) {
            val b = java.nio.ByteBuffer.allocate(40)
            Lowering.writeDateTime(t, b)
            val expected = if (t.nano == 0 && t.year in 1..9999) java.nio.ByteBuffer.allocate(12).putInt(-1).putLong(t.toEpochSecond(java.time.ZoneOffset.UTC)).array()
                else Lowering.dateTime(t).toByteArray().let { java.nio.ByteBuffer.allocate(4 + it.size).putInt(it.size).put(it).array() }
            assertArrayEquals(expected, b.array().copyOf(b.position()), t.toString())
        }
        val short = java.nio.ByteBuffer.allocate(11)
        assertThrows(java.nio.BufferOverflowException::class.java) { Lowering.writeDateTime(edges[0], short) }
        assertEquals(0, short.position())
    }
}
