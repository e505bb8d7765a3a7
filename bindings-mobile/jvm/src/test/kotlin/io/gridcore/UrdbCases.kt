package io.gridcore

import org.json.JSONArray
import org.json.JSONObject
import java.math.BigDecimal
import java.time.LocalDate

/** The `annual_bill` conformance cases through the Kotlin API: the URDB rate through
 *  UrdbTariff.fromJson, the request as a native AnnualRequest (BigDecimal kWh, LocalDate
 *  holidays, enums), the bill as an AnnualBill record written back by annualBillToJson.
 *  A request the record cannot express goes through billAnnualJson as JSON text. */
object UrdbCases {
    private val decimal = Regex("-?([0-9]+)(\\.([0-9]+))?")
    private val day = Regex("[0-9]{4}-[0-9]{2}-[0-9]{2}")

    /** A decimal string as the binding's BigDecimal carries it (the engine's grammar:
     *  at most 15 digits before the point, 12 after it, 64 characters); anything else
     *  can only be sent as JSON text. */
    private fun kwh(v: Any?, i: Int): BigDecimal {
        val s = v as? String ?: throw Cases.NotTyped("hourly_kwh[$i] is not a decimal string")
        val m = decimal.matchEntire(s) ?: throw Cases.NotTyped("hourly_kwh[$i] is not a plain decimal")
        if (s.length > 64 || m.groupValues[1].trimStart('0').length > 15 || m.groupValues[3].trimEnd('0').length > 12) {
            throw Cases.NotTyped("hourly_kwh[$i] is beyond what a BigDecimal field carries")
        }
        return BigDecimal(s)
    }

    private fun holiday(v: Any?, i: Int): LocalDate {
        val s = (v as? String)?.takeIf { day.matches(it) } ?: throw Cases.NotTyped("holidays[$i] is not YYYY-MM-DD")
        val d = try { LocalDate.parse(s) } catch (e: java.time.format.DateTimeParseException) { throw Cases.NotTyped("holidays[$i] is not a date") }
        return if (d.year >= 1) d else throw Cases.NotTyped("holidays[$i] is before year 1")
    }

    /** The request JSON as an AnnualRequest record, or NotTyped. */
    fun request(value: Any?): AnnualRequest {
        val o = value as? JSONObject ?: throw Cases.NotTyped("the request is not an object")
        val known = setOf("calendar", "year", "hourly_kwh", "holidays", "allocation", "amounts")
        o.keySet().firstOrNull { it !in known }?.let { throw Cases.NotTyped("unknown field $it") }
        val calendar = o.opt("calendar")
        val year: Int? = when {
            calendar == "sam" && !o.has("year") -> null
            (calendar == null || calendar == "year") && o.has("year") ->
                o.get("year") as? Int ?: throw Cases.NotTyped("year is not a whole number")
            else -> throw Cases.NotTyped("calendar $calendar with year ${o.opt("year")}")
        }
        val hours = o.opt("hourly_kwh") as? JSONArray ?: throw Cases.NotTyped("hourly_kwh is not a list")
        val holidays = if (!o.has("holidays")) emptyList() else {
            val a = o.get("holidays") as? JSONArray ?: throw Cases.NotTyped("holidays is not a list")
            (0 until a.length()).map { holiday(a.get(it), it) }
        }
        val allocation = when (val a = o.opt("allocation")) {
            null -> null
            "proportional" -> Allocation.PROPORTIONAL
            "chronological" -> Allocation.CHRONOLOGICAL
            else -> throw Cases.NotTyped("allocation $a")
        }
        val amounts = when (val a = o.opt("amounts")) {
            null, "rounded" -> AnnualAmounts.ROUNDED
            "unrounded" -> AnnualAmounts.UNROUNDED
            else -> throw Cases.NotTyped("amounts $a")
        }
        return AnnualRequest(year, (0 until hours.length()).map { kwh(hours.get(it), it) }, holidays, allocation, amounts)
    }

    /** One `annual_bill` case: its bill's JSON form (errors are thrown, as GridcoreException). */
    fun annualBill(input: JSONObject): JSONObject {
        val tariff = UrdbTariff.fromJson(JSONObject.valueToString(input.get("urdb")))
        val requestJson = JSONObject.valueToString(input.get("request"))
        val request = try {
            request(input.get("request"))
        } catch (e: Cases.NotTyped) {
            // Not expressible with the typed record (a kWh that is not a decimal string, an
            // unknown field, a calendar and a year): the JSON API.
            return JSONObject(billAnnualJson(tariff, requestJson))
        }
        val json = annualBillToJson(billAnnual(tariff, request))
        // The typed records carry the bill exactly: the same bytes as the JSON API (which
        // must not refuse what the typed call billed).
        val viaJson = try { billAnnualJson(tariff, requestJson) } catch (e: GridcoreException) { "${Cases.error(e)}" }
        check(json == viaJson) { "annualBillToJson(billAnnual(…)) differs from billAnnualJson(…): $viaJson" }
        return JSONObject(json)
    }
}
