package io.gridcore

import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.YearMonth

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

    /** A billing month; a malformed one cannot be a YearMonth, so the case goes as JSON. */
    private fun month(s: String): YearMonth =
        if (Regex("\\d{4}-\\d{2}").matches(s)) YearMonth.parse(s) else throw NotTyped("billing month $s is not YYYY-MM")

    private fun <T> list(a: JSONArray?, f: (Int) -> T): List<T> = if (a == null) emptyList() else (0 until a.length()).map(f)

    private fun enumName(s: String) = s.uppercase()

    fun request(tariff: Tariff, input: JSONObject): BillRequest {
        val known = setOf("tariff", "account", "period", "usage", "year_to_date_kwh", "holidays", "as_of", "tariff_versions", "billing_month", "new_year_readings")
        input.keySet().firstOrNull { it !in known }?.let { throw NotTyped("unknown field $it") }
        val a = input.getJSONObject("account")
        val p = input.getJSONObject("period")
        val u = input.optJSONObject("usage")
        val meter = u?.optJSONObject("meter")
        return BillRequest(
            tariff = tariff,
            account = Account(
                accountId = a.getString("account_id"),
                name = a.optString("name").ifEmpty { null },
                tierExtraKwh = list(a.optJSONArray("tier_extra_kwh")) { BigDecimal(a.getJSONArray("tier_extra_kwh").getString(it)) },
                openedOn = if (a.has("opened_on")) date(a.getString("opened_on")) else null,
                closedOn = if (a.has("closed_on")) date(a.getString("closed_on")) else null,
                basicCharge = a.optJSONObject("basic_charge")?.let { b ->
                    BasicChargeContract(
                        method = BasicMethod.valueOf(enumName(b.getString("method"))),
                        capacityKva = dec(b, "capacity_kva"),
                        contractDemandKw = decOr(b, "contract_demand_kw", null),
                        capacityChanges = list(b.optJSONArray("capacity_changes")) {
                            val c = b.getJSONArray("capacity_changes").getJSONObject(it)
                            CapacityChange(date(c.getString("from")), dec(c, "capacity_kva"), ChangeReason.valueOf(enumName(c.getString("reason"))))
                        },
                    )
                },
                powerFactorStandard = if (a.has("power_factor_standard")) standard(a.getString("power_factor_standard")) else null,
            ),
            period = Period(date(p.getString("start")), date(p.getString("end"))),
            usage = if (u == null) null else UsageInput(
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
                    IntervalData(i.getInt("minutes"), list(pts) {
                        val o = pts.getJSONObject(it)
                        IntervalPoint(LocalDateTime.parse(o.getString("start")), dec(o, "kwh"), decOr(o, "kvarh", null))
                    })
                },
                losses = list(u.optJSONArray("losses")) {
                    val l = u.getJSONArray("losses").getJSONObject(it)
                    Loss(LossKind.valueOf(enumName(l.getString("kind"))), decOr(l, "fixed_kwh", null), decOr(l, "percent", null))
                },
                maxDemand = decOr(u, "max_demand", null),
            ),
            yearToDateKwh = decOr(input, "year_to_date_kwh", BigDecimal.ZERO)!!,
            holidays = list(input.optJSONArray("holidays")) { date(input.getJSONArray("holidays").getString(it)) },
            asOf = date(input.getString("as_of")),
            tariffVersions = list(input.optJSONArray("tariff_versions")) {
                val v = input.getJSONArray("tariff_versions").getJSONObject(it)
                TariffVersion(
                    effectiveFrom = date(v.getString("effective_from")),
                    tariff = Tariff.fromJson(v.getJSONObject("tariff").toString()),
                    readings = list(v.optJSONArray("readings")) { i ->
                        val r = v.getJSONArray("readings").getJSONObject(i)
                        RegisterValue(Register.valueOf(enumName(r.getString("register"))), dec(r, "value"))
                    },
                )
            },
            billingMonth = if (input.has("billing_month")) month(input.getString("billing_month")) else null,
            newYearReadings = list(input.optJSONArray("new_year_readings")) { i ->
                val r = input.getJSONArray("new_year_readings").getJSONObject(i)
                RegisterValue(Register.valueOf(enumName(r.getString("register"))), dec(r, "value"))
            },
        )
    }

    private fun standard(s: String): Standard = when (BigDecimal(s).stripTrailingZeros()) {
        BigDecimal("0.9") -> Standard.P90
        BigDecimal("0.85") -> Standard.P85
        BigDecimal("0.8") -> Standard.P80
        else -> throw NotTyped("power_factor_standard $s is not a Standard")
    }

    private fun text(t: Text) = JSONObject().put("zh", t.zh).put("en", t.en)

    private fun summary(s: BillSummary) = JSONObject()
        .put("period", JSONObject().put("start", s.period.start.toString()).put("end", s.period.end.toString()).put("days", s.period.days))
        .put("tariff_id", s.tariffId).put("billed_kwh", s.billedKwh.toPlainString()).put("total", s.total.toPlainString())

    /** A Comparison record in the JSON form, field by field. */
    fun comparisonJson(c: Comparison): JSONObject = JSONObject()
        .put("account_id", c.accountId).put("before", summary(c.before)).put("after", summary(c.after))
        .put("difference", c.difference.toPlainString())
        .put("contributions", JSONArray(c.contributions.map { x ->
            JSONObject().put("kind", x.kind.name.lowercase()).put("amount", x.amount.toPlainString()).put("codes", JSONArray(x.codes)).put("text", text(x.text))
        }))

    /** A WhatIf record in the JSON form; each option's bill through billToJson. */
    fun whatIfJson(w: WhatIf): JSONObject = JSONObject()
        .put("account_id", w.accountId).put("current_tariff_id", w.currentTariffId)
        .put("options", JSONArray(w.options.map { o ->
            JSONObject().put("rank", o.rank).put("tariff_id", o.tariffId).put("tariff_name", text(o.tariffName)).put("current", o.current)
                .put("total", o.total.toPlainString()).put("saving", o.saving.toPlainString()).put("bill", JSONObject(billToJson(o.bill)))
        }))

    fun lateFeeRequest(input: JSONObject) = LateFeeRequest(
        customerClass = CustomerClass.valueOf(enumName(input.getString("customer_class"))),
        arrears = dec(input, "arrears"),
        dueDate = date(input.getString("due_date")),
        asOf = date(input.getString("as_of")),
        billMonth = if (input.has("bill_month")) month(input.getString("bill_month")) else null,
        carriedOver = if (input.has("carried_over")) CarriedOver.valueOf(enumName(input.getString("carried_over"))) else null,
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

    private fun str(o: JSONObject, key: String): String? = if (o.has(key) && !o.isNull(key)) o.getString(key) else null

    /** A customer document as the binding's records. */
    fun customer(o: JSONObject): Customer = Customer(
        customerId = o.getString("customer_id"),
        name = o.getString("name"),
        customerClass = CustomerClass.valueOf(enumName(o.getString("customer_class"))),
        idNumber = str(o, "id_number"),
        since = date(o.getString("since")),
        accounts = list(o.optJSONArray("accounts")) {
            val a = o.getJSONArray("accounts").getJSONObject(it)
            CustomerAccount(
                accountId = a.getString("account_id"),
                accountName = a.getString("account_name"),
                voltage = VoltageClass.valueOf(enumName(a.getString("voltage"))),
                centralisedMeterBox = a.optBoolean("centralised_meter_box"),
                address = str(a, "address"),
                usagePoints = list(a.optJSONArray("usage_points")) { i ->
                    val u = a.getJSONArray("usage_points").getJSONObject(i)
                    UsagePoint(u.getString("usage_point_id"), str(u, "meter_id"))
                },
                agreement = a.optJSONObject("agreement")?.let { g ->
                    CustomerAgreement(g.getString("tariff_id"), decOr(g, "contract_capacity_kva", null), decOr(g, "operating_capacity_kva", null), decOr(g, "contract_demand_kw", null))
                },
                arrears = decOr(a, "arrears", BigDecimal.ZERO)!!,
                annualKwh = decOr(a, "annual_kwh", null),
            )
        },
        contacts = list(o.optJSONArray("contacts")) {
            val c = o.getJSONArray("contacts").getJSONObject(it)
            Contact(ContactKind.valueOf(enumName(c.getString("kind"))), c.getString("value"), c.getString("source"), date(c.getString("confirmed_on")), c.optBoolean("for_notices"))
        },
        confirmations = o.optJSONObject("confirmations")?.let { m -> m.keySet().associateWith { date(m.getString(it)) } } ?: emptyMap(),
        history = list(o.optJSONArray("history")) {
            val e = o.getJSONArray("history").getJSONObject(it)
            ServiceEvent(date(e.getString("date")), EventKind.valueOf(enumName(e.getString("kind"))),
                str(e, "outcome")?.let { x -> Outcome.valueOf(enumName(x)) }, decOr(e, "amount", null), str(e, "note"))
        },
        eBill = o.optBoolean("e_bill"),
        autoPay = o.optBoolean("auto_pay"),
    )

    private fun snake(e: Enum<*>) = e.name.lowercase()

    fun viewJson(v: CustomerView): JSONObject = JSONObject().put("customer_id", v.customerId).put("role", v.role)
        .put("fields", JSONArray(v.fields.map { f -> JSONObject().put("code", f.code).put("name", text(f.name)).put("path", f.path).put("value", f.value).put("masked", f.masked) }))

    fun matchesJson(ms: List<AttributeMatch>): JSONArray = JSONArray(ms.map { m ->
        JSONObject().put("code", m.code).put("name", text(m.name)).put("group", m.group).put("path", m.path).put("score", m.score).put("matched_by", snake(m.matchedBy))
    })

    fun confirmationsJson(cs: List<Confirmation>): JSONArray = JSONArray(cs.map { c ->
        JSONObject().put("group", c.group).put("reason", snake(c.reason)).put("account_id", c.accountId)
            .put("last_confirmed", c.lastConfirmed?.toString()).put("due_on", c.dueOn?.toString()).put("text", text(c.text))
    })

    fun moodJson(m: Mood): JSONObject = JSONObject().put("level", snake(m.level)).put("points", m.points).put("from", m.from.toString()).put("to", m.to.toString())
        .put("events", JSONArray(m.events.map { e ->
            JSONObject().put("index", e.index).put("date", e.date.toString()).put("kind", snake(e.kind)).put("outcome", e.outcome?.let { snake(it) }).put("points", e.points)
        }))
        .put("text", text(m.text))

    /** Fact names as in JSON: PAYMENTS12M → payments_12m. */
    fun fact(f: Fact) = f.name.lowercase().replace("12m", "_12m")

    fun tagsJson(ts: List<TagResult>) = JSONArray(ts.map { t ->
        JSONObject().put("code", t.code).put("name", text(t.name)).put("version", t.version).put("state", snake(t.state)).put("applies", t.applies).put("reason", t.reason)
    })

    fun scoreJson(s: Score): JSONObject = JSONObject().put("model", s.model).put("score", s.score.toPlainString()).put("grade", s.grade)
        .put("contributions", JSONArray(s.contributions.map { c ->
            JSONObject().put("fact", fact(c.fact)).put("value", c.value.toPlainString()).put("weight", c.weight.toPlainString()).put("points", c.points.toPlainString())
        }))

    fun profilesJson(ps: List<Profile>) = JSONArray(ps.map { p ->
        JSONObject().put("customer_id", p.customerId).put("tags", JSONArray(p.tags))
            .put("scores", JSONArray(p.scores.map { s -> JSONObject().put("model", s.model).put("score", s.score.toPlainString()).put("grade", s.grade) }))
    })

    fun segmentationJson(s: Segmentation): JSONObject = JSONObject().put("features", JSONArray(s.features.map { fact(it) }))
        .put("segments", JSONArray(s.segments.map { x -> JSONObject().put("segment", x.segment).put("size", x.size).put("centre", JSONArray(x.centre.map { it.toPlainString() })) }))
        .put("assignments", JSONArray(s.assignments.map { a -> JSONObject().put("customer_id", a.customerId).put("segment", a.segment) }))

    private fun <T> arr(items: List<T>, f: (T) -> Any): JSONArray? = if (items.isEmpty()) null else JSONArray(items.map(f))

    /** A Customer record in the JSON form, field by field (empty lists and absent values left out, as the core does). */
    fun customerJson(c: Customer): JSONObject = JSONObject()
        .put("customer_id", c.customerId).put("name", c.name).put("customer_class", snake(c.customerClass)).put("id_number", c.idNumber).put("since", c.since.toString())
        .put("accounts", arr(c.accounts) { a ->
            JSONObject().put("account_id", a.accountId).put("account_name", a.accountName).put("voltage", snake(a.voltage)).put("centralised_meter_box", a.centralisedMeterBox)
                .put("address", a.address)
                .put("usage_points", arr(a.usagePoints) { u -> JSONObject().put("usage_point_id", u.usagePointId).put("meter_id", u.meterId) })
                .put("agreement", a.agreement?.let { g ->
                    JSONObject().put("tariff_id", g.tariffId).put("contract_capacity_kva", g.contractCapacityKva?.toPlainString())
                        .put("operating_capacity_kva", g.operatingCapacityKva?.toPlainString()).put("contract_demand_kw", g.contractDemandKw?.toPlainString())
                })
                .put("arrears", a.arrears.toPlainString()).put("annual_kwh", a.annualKwh?.toPlainString())
        })
        .put("contacts", arr(c.contacts) { x ->
            JSONObject().put("kind", snake(x.kind)).put("value", x.value).put("source", x.source).put("confirmed_on", x.confirmedOn.toString()).put("for_notices", x.forNotices)
        })
        .put("confirmations", if (c.confirmations.isEmpty()) null else JSONObject(c.confirmations.mapValues { it.value.toString() }))
        .put("history", arr(c.history) { e ->
            JSONObject().put("date", e.date.toString()).put("kind", snake(e.kind)).put("outcome", e.outcome?.let { snake(it) })
                .put("amount", e.amount?.toPlainString()).put("note", e.note)
        })
        .put("e_bill", c.eBill).put("auto_pay", c.autoPay)

    fun mergeJson(m: Merge): JSONObject = JSONObject().put("customer", customerJson(m.customer))
        .put("conflicts", JSONArray(m.conflicts.map { x -> JSONObject().put("field", x.field).put("kept", x.kept).put("dropped", x.dropped) }))
        .put("primary", customerJson(m.primary)).put("other", customerJson(m.other))

    /** A points event from its JSON form, as typed records. */
    fun pointsEvent(o: JSONObject): PointsEvent {
        val e = o.getJSONObject("event")
        val body = when (e.getString("type")) {
            "bill_paid" -> PointsEventBody.BillPaid(dec(e, "amount"), date(e.getString("due_date")), date(e.getString("paid_date")), e.getString("channel"))
            "e_bill_opted_in" -> PointsEventBody.EBillOptedIn
            "auto_pay_enrolled" -> PointsEventBody.AutoPayEnrolled
            "bill_refunded" -> PointsEventBody.BillRefunded(e.getString("payment_key"))
            "referral" -> PointsEventBody.Referral(e.getString("referred_customer_id"))
            else -> PointsEventBody.Generic(e.getString("name"), e.optJSONObject("attributes")?.let { a -> a.keySet().associateWith { a.getString(it) } } ?: emptyMap())
        }
        return PointsEvent(o.getString("key"), date(o.getString("date")), list(o.optJSONArray("customer_tags")) { o.getJSONArray("customer_tags").getString(it) }, body)
    }

    /** A whole number as JSON has it (`getLong` would read "1.5" as 1). */
    private fun whole(o: JSONObject, name: String): Long = (o.get(name) as? Number)?.takeIf { it is Int || it is Long }?.toLong()
        ?: throw NotTyped("$name is not a JSON integer")

    /** A ledger operation from its JSON form. */
    fun operation(o: JSONObject): Operation = when (o.getString("op")) {
        "award" -> Operation.Award(o.getString("key"), date(o.getString("date")), whole(o, "points"), date(o.getString("expires_on")), str(o, "rule"), str(o, "reason"))
        "redeem" -> Operation.Redeem(o.getString("key"), date(o.getString("date")), whole(o, "points"), str(o, "reason"))
        "reverse" -> Operation.Reverse(o.getString("key"), date(o.getString("date")), o.getString("award_key"),
            Shortfall.valueOf(enumName(str(o, "shortfall") ?: "refuse")), str(o, "reason"))
        "expire" -> Operation.Expire(o.getString("key"), date(o.getString("as_of")))
        else -> throw NotTyped("no operation `${o.getString("op")}`")
    }

    fun entryJson(e: LedgerEntry): JSONObject = JSONObject().put("seq", e.seq).put("key", e.key).put("date", e.date.toString()).put("kind", snake(e.kind))
        .put("points", e.points).put("lot", e.lot).put("expires_on", e.expiresOn?.toString()).put("rule", e.rule).put("reverses", e.reverses)
        .put("reason", e.reason).put("operation", e.operation)

    fun outcomeJson(o: PointsOutcome): JSONObject = JSONObject().put("key", o.key).put("replayed", o.replayed)
        .put("entries", JSONArray(o.entries.map { entryJson(it) })).put("balance", o.balance)

    fun lotJson(l: Lot): JSONObject = JSONObject().put("lot", l.lot).put("key", l.key).put("awarded", l.awarded).put("remaining", l.remaining)
        .put("expires_on", l.expiresOn.toString())

    /** A points case: events through `process`, operations through `apply`, step by step. */
    fun points(input: JSONObject): JSONObject {
        val rules = PointsRules.fromJson(input.getJSONObject("rules").toString())
        val ledger = Ledger(input.getString("customer_id"))
        val steps = list(input.getJSONArray("steps")) { i ->
            val step = input.getJSONArray("steps").getJSONObject(i)
            try {
                outcomeJson(
                    try {
                        if (step.has("event")) ledger.process(rules, pointsEvent(step.getJSONObject("event"))) else ledger.apply(operation(step.getJSONObject("operation")))
                    } catch (e: Exception) {
                        if (e is GridcoreException) throw e
                        // NotTyped, or a field a record cannot hold (a missing or fractional
                        // number, an impossible date): the engine must say which.
                        // Not expressible with typed records: the JSON entry points.
                        if (step.has("event")) ledger.processJson(rules, step.getJSONObject("event").toString()) else ledger.applyJson(step.getJSONObject("operation").toString())
                    },
                )
            } catch (e: GridcoreException) {
                error(e)
            }
        }
        return JSONObject().put("steps", JSONArray(steps)).put("balance", ledger.balance())
            .put("lots", JSONArray(ledger.lots().map { lotJson(it) })).put("entries", JSONArray(ledger.entries().map { entryJson(it) }))
    }

    private fun locale(s: String) = if (s == "zh-CN") Locale.ZH_CN else Locale.EN
    private fun localeName(l: Locale) = if (l == Locale.ZH_CN) "zh-CN" else "en"

    /** A notice case through renderNotice, the result in its JSON form. */
    fun notice(input: JSONObject): JSONObject {
        val t = input.get("templates")
        val set = if (t == "builtin") TemplateSet.builtin() else TemplateSet.fromJson(t.toString())
        val v = input.getJSONObject("values")
        val n = renderNotice(set, input.getString("code"), Channel.valueOf(enumName(input.getString("channel"))), locale(input.getString("locale")),
            v.keySet().associateWith { v.getString(it) })
        val out = JSONObject().put("code", n.code).put("channel", snake(n.channel)).put("category", snake(n.category)).put("locale", localeName(n.locale))
        n.sms?.let { out.put("sms", JSONObject().put("text", it.text).put("length", it.length).put("segments", it.segments).put("parts", JSONArray(it.parts))) }
        n.wechat?.let { w -> out.put("wechat", JSONObject().put("template_id", w.templateId)
            .put("fields", JSONArray(w.fields.map { JSONObject().put("key", it.key).put("value", it.value).put("truncated", it.truncated) }))) }
        n.push?.let { out.put("push", JSONObject().put("title", it.title).put("body", it.body)) }
        n.email?.let { out.put("email", JSONObject().put("subject", it.subject).put("html", it.html)) }
        return out
    }

    /** A delivery case through planDelivery. */
    fun delivery(input: JSONObject): JSONObject {
        val consent = list(input.getJSONArray("consent")) { i -> input.getJSONArray("consent").getJSONObject(i).let {
            Consent(Channel.valueOf(enumName(it.getString("channel"))), it.getBoolean("service"), it.getBoolean("marketing")) } }
        val history = list(input.getJSONArray("history")) { i -> input.getJSONArray("history").getJSONObject(i).let {
            Sent(Channel.valueOf(enumName(it.getString("channel"))), Category.valueOf(enumName(it.getString("category"))), java.time.LocalDateTime.parse(it.getString("at"))) } }
        val d = planDelivery(Channel.valueOf(enumName(input.getString("channel"))), Category.valueOf(enumName(input.getString("category"))), consent, history,
            java.time.LocalDateTime.parse(input.getString("as_of")), input.optJSONObject("policy")?.toString())
        return JSONObject().put("action", snake(d.action)).put("at", d.at?.toString()?.let { if (it.length == 16) "$it:00" else it }).put("reason", d.reason).put("text", text(d.text))
    }

    /** A GridcoreException as the conformance error object; its reason must be plain words. */
    fun error(e: GridcoreException): JSONObject {
        val kind = when (e) {
            is GridcoreException.Tariff -> "tariff"
            is GridcoreException.Request -> "request"
            is GridcoreException.Metering -> "metering"
            is GridcoreException.Internal -> "internal"
        }
        plain(e.reason)
        return JSONObject().put("error", JSONObject().put("kind", kind).put("code", e.code).put("path", e.path))
    }

    private val jargon = JSONObject(File(dir, "../jargon.json").readText())

    /** No type names or parser jargon in a reason (tests/jargon.json), quoted input aside. */
    fun plain(reason: String) {
        val text = Regex(jargon.getString("quoted")).replace(reason, "")
        val phrases = jargon.getJSONArray("phrases").map { it as String }.filter { it in text }
        val patterns = jargon.getJSONArray("patterns").mapNotNull { Regex(it as String).find(text)?.value }
        check(phrases.isEmpty() && patterns.isEmpty()) { "jargon ${phrases + patterns} in \"$reason\"" }
    }
}
