package io.gridcore

import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime

/** The conformance cases, and their JSON inputs turned into the binding's native records
 *  (BigDecimal, LocalDate, LocalDateTime): objects in, not a JSON pass-through. */
object Cases {
    val dir: File = File(System.getProperty("gridcore.conformance") ?: "../../tests/conformance")

    fun all(): List<File> = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }

    /** Thrown when a case's input cannot be expressed with the typed API (e.g. a JSON
     *  number where the format wants a decimal string: BigDecimal can't be a float). */
    class NotTyped(message: String) : Exception(message)

    private fun dec(o: JSONObject, key: String): BigDecimal =
        (o.get(key) as? String)?.let { BigDecimal(it) } ?: throw NotTyped("$key is not a decimal string")

    private fun decOr(o: JSONObject, key: String, default: BigDecimal?): BigDecimal? = if (o.has(key)) dec(o, key) else default

    private fun date(s: String): LocalDate = LocalDate.parse(s)

    private fun <T> list(a: JSONArray?, f: (Int) -> T): List<T> = if (a == null) emptyList() else (0 until a.length()).map(f)

    private fun enumName(s: String) = s.uppercase()

    fun request(tariff: Tariff, input: JSONObject): BillRequest {
        val known = setOf("tariff", "account", "period", "usage", "year_to_date_kwh", "holidays", "as_of")
        input.keySet().firstOrNull { it !in known }?.let { throw NotTyped("unknown field $it") }
        val a = input.getJSONObject("account")
        val p = input.getJSONObject("period")
        val u = input.getJSONObject("usage")
        val meter = u.optJSONObject("meter")
        return BillRequest(
            tariff = tariff,
            account = Account(
                accountId = a.getString("account_id"),
                name = a.optString("name").ifEmpty { null },
                tierExtraKwh = list(a.optJSONArray("tier_extra_kwh")) { BigDecimal(a.getJSONArray("tier_extra_kwh").getString(it)) },
                openedOn = if (a.has("opened_on")) date(a.getString("opened_on")) else null,
                closedOn = if (a.has("closed_on")) date(a.getString("closed_on")) else null,
            ),
            period = Period(date(p.getString("start")), date(p.getString("end"))),
            usage = UsageInput(
                meter = Meter(
                    ctRatio = meter?.let { decOr(it, "ct_ratio", BigDecimal.ONE) } ?: BigDecimal.ONE,
                    ptRatio = meter?.let { decOr(it, "pt_ratio", BigDecimal.ONE) } ?: BigDecimal.ONE,
                    digits = if (meter?.has("digits") == true) meter.getInt("digits") else null,
                ),
                readings = u.optJSONArray("readings")?.let { r ->
                    list(r) {
                        val o = r.getJSONObject(it)
                        Reading(Register.valueOf(enumName(o.getString("register"))), dec(o, "start"), dec(o, "end"), o.optBoolean("rollover"), o.optBoolean("estimated"))
                    }
                },
                intervals = u.optJSONObject("intervals")?.let { i ->
                    val pts = i.getJSONArray("points")
                    IntervalData(i.getInt("minutes"), list(pts) { IntervalPoint(LocalDateTime.parse(pts.getJSONObject(it).getString("start")), dec(pts.getJSONObject(it), "kwh")) })
                },
                losses = list(u.optJSONArray("losses")) {
                    val l = u.getJSONArray("losses").getJSONObject(it)
                    Loss(LossKind.valueOf(enumName(l.getString("kind"))), decOr(l, "fixed_kwh", null), decOr(l, "percent", null))
                },
            ),
            yearToDateKwh = decOr(input, "year_to_date_kwh", BigDecimal.ZERO)!!,
            holidays = list(input.optJSONArray("holidays")) { date(input.getJSONArray("holidays").getString(it)) },
            asOf = date(input.getString("as_of")),
        )
    }

    fun lateFeeRequest(input: JSONObject) = LateFeeRequest(
        customerClass = CustomerClass.valueOf(enumName(input.getString("customer_class"))),
        arrears = dec(input, "arrears"),
        dueDate = date(input.getString("due_date")),
        asOf = date(input.getString("as_of")),
    )

    /** A LateFee record in the JSON form, field by field (objects out, not a JSON pass-through). */
    fun lateFeeJson(fee: LateFee): JSONObject = JSONObject()
        .put("arrears", fee.arrears.toPlainString())
        .put("days_late", fee.daysLate)
        .put("lines", JSONArray(fee.lines.map { l ->
            JSONObject().put("first_day", l.firstDay.toString()).put("last_day", l.lastDay.toString()).put("days", l.days)
                .put("daily_rate", l.dailyRate.toPlainString()).put("amount", l.amount.toPlainString())
        }))
        .put("minimum_applied", fee.minimumApplied)
        .put("amount", fee.amount.toPlainString())

    /** A GridcoreException as the conformance error object. */
    fun error(e: GridcoreException): JSONObject {
        val (kind, code, path) = when (e) {
            is GridcoreException.Tariff -> Triple("tariff", e.code, e.path)
            is GridcoreException.Request -> Triple("request", e.code, e.path)
            is GridcoreException.Metering -> Triple("metering", e.code, e.path)
            is GridcoreException.Internal -> Triple("internal", e.code, e.path)
        }
        return JSONObject().put("error", JSONObject().put("kind", kind).put("code", code).put("path", path))
    }
}
