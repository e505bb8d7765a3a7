package io.gridcore

import org.json.JSONArray
import org.json.JSONObject
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.YearMonth
import java.time.format.DateTimeFormatter

/** The payments and reconciliation conformance cases through the Kotlin API: typed
 *  setups, operations and booked records in, typed results out, written back as the
 *  case's JSON form field by field. */
object PaymentCases {
    private val time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
    private fun ts(t: LocalDateTime) = t.format(time)
    private fun str(o: JSONObject, key: String): String? = if (o.has(key) && !o.isNull(key)) o.getString(key) else null
    private fun dec(o: JSONObject, key: String) = BigDecimal(o.getString(key))
    private fun day(o: JSONObject, key: String) = LocalDate.parse(o.getString(key))
    private fun at(o: JSONObject, key: String) = LocalDateTime.parse(o.getString(key))
    private fun snake(e: Enum<*>) = e.name.lowercase()
    private fun orNull(v: Any?): Any = v ?: JSONObject.NULL
    private fun text(t: Text) = JSONObject().put("zh", t.zh).put("en", t.en)
    private fun <T> each(a: JSONArray, f: (JSONObject) -> T): List<T> = (0 until a.length()).map { f(a.getJSONObject(it)) }

    fun setup(o: JSONObject): AccountSetup {
        val p = o.optJSONObject("policy")
        val policy = p?.let {
            PaymentPolicy(
                str(it, "order")?.let { s -> BillOrder.valueOf(s.uppercase()) },
                str(it, "late_fee")?.let { s -> LateFeeOrder.valueOf(s.uppercase()) },
                it.optBoolean("exact_match_first", false),
                it.optJSONArray("components")?.let { a -> (0 until a.length()).map { i -> a.getString(i) } } ?: emptyList(),
                str(it, "named_bill_rest")?.let { s -> NamedBillRest.valueOf(s.uppercase()) },
            )
        }
        return AccountSetup(o.getString("account_id"), CustomerClass.valueOf(o.getString("customer_class").uppercase()), policy)
    }

    fun operation(o: JSONObject): PaymentOperation = when (o.getString("op")) {
        "issue" -> o.getJSONObject("bill").let { b ->
            PaymentOperation.Issue(o.getString("key"), day(o, "issued_on"), Receivable(b.getString("bill_id"), YearMonth.parse(b.getString("bill_month")), day(b, "due_date"), dec(b, "amount"),
                b.optJSONArray("components")?.let { a -> each(a) { c -> BillComponent(c.getString("code"), dec(c, "amount")) } } ?: emptyList()))
        }
        "pay" -> PaymentOperation.Pay(o.getString("key"), o.getString("channel"), o.getString("txn_no"), dec(o, "amount"), at(o, "paid_at"), str(o, "bill_id"))
        "reverse" -> PaymentOperation.Reverse(o.getString("key"), o.getString("payment_key"), at(o, "at"), str(o, "reason"))
        "refund" -> PaymentOperation.Refund(o.getString("key"), dec(o, "amount"), at(o, "at"), o.getString("channel"), o.getString("txn_no"), str(o, "payment_key"))
        "write_off" -> PaymentOperation.WriteOff(o.getString("key"), day(o, "on"), o.getString("bill_id"), str(o, "reason"))
        "adjust" -> PaymentOperation.Adjust(o.getString("key"), day(o, "on"), o.getString("bill_id"), o.getString("component"), dec(o, "amount"), str(o, "reason"))
        else -> throw IllegalArgumentException("no operation ${o.getString("op")}")
    }

    fun entryJson(e: PaymentEntry): JSONObject = JSONObject().put("seq", e.seq).put("key", e.key).put("kind", snake(e.kind)).put("amount", e.amount.toPlainString())
        .put("at", ts(e.at)).put("bill_id", e.billId).put("component", e.component).put("source", e.source).put("reason", e.reason?.let { text(it) }).put("operation", e.operation)

    fun outcomeJson(o: PaymentOutcome): JSONObject = JSONObject().put("key", o.key).put("replayed", o.replayed).put("entries", JSONArray(o.entries.map { entryJson(it) }))
        .put("amount_due", o.amountDue.toPlainString()).put("prepaid", o.prepaid.toPlainString())

    fun arrearsJson(a: Arrears): JSONObject = JSONObject().put("account_id", a.accountId).put("as_of", a.asOf.toString())
        .put("items", JSONArray(a.items.map { i ->
            JSONObject().put("bill_id", i.billId).put("bill_month", i.billMonth.toString()).put("due_date", i.dueDate.toString())
                .put("components", JSONArray(i.components.map { c -> JSONObject().put("code", c.code).put("billed", c.billed.toPlainString()).put("open", c.open.toPlainString()) }))
                .put("principal", i.principal.toPlainString()).put("late_fee_assessed", i.lateFeeAssessed.toPlainString()).put("late_fee_to_date", i.lateFeeToDate.toPlainString())
                .put("amount_due", i.amountDue.toPlainString()).put("days_overdue", i.daysOverdue.toLong())
        }))
        .put("principal", a.principal.toPlainString()).put("late_fee", a.lateFee.toPlainString()).put("amount_due", a.amountDue.toPlainString())
        .put("prepaid", a.prepaid.toPlainString()).put("days_overdue", a.daysOverdue.toLong())

    fun eventsJson(e: PaymentEvents): JSONObject = JSONObject().put("points", JSONArray(e.points.map { JSONObject(it) })).put("notice", JSONObject(e.notice))

    /** A payments case: the ledger, then operations, arrears views and payment events in order. */
    fun payments(input: JSONObject): JSONObject {
        val ledger = AccountLedger(setup(input.getJSONObject("account")))
        val steps = each(input.getJSONArray("steps")) { step ->
            try {
                when {
                    step.has("operation") -> outcomeJson(ledger.apply(operation(step.getJSONObject("operation"))))
                    step.has("arrears") -> arrearsJson(ledger.arrears(LocalDate.parse(step.getString("arrears"))))
                    else -> eventsJson(ledger.paymentEvents(step.getString("events")))
                }
            } catch (e: GridcoreException) {
                Cases.error(e)
            }
        }
        return JSONObject().put("steps", JSONArray(steps)).put("amount_due", ledger.amountDue().toPlainString()).put("prepaid", ledger.prepaid().toPlainString())
            .put("entries", JSONArray(ledger.entries().map { entryJson(it) }))
    }

    fun booked(o: JSONObject) = Booked(o.getString("channel"), o.getString("txn_no"), o.getString("key"), BookedKind.valueOf(o.getString("kind").uppercase()), dec(o, "amount"), at(o, "at"), o.optBoolean("reversed", false))

    fun reconciliationJson(r: Reconciliation): JSONObject = JSONObject()
        .put("items", JSONArray(r.items.map { i ->
            JSONObject().put("status", snake(i.status)).put("channel", i.channel).put("txn_no", i.txnNo).put("kind", snake(i.kind)).put("line", orNull(i.line))
                .put("file_amount", orNull(i.fileAmount?.toPlainString())).put("engine_amount", orNull(i.engineAmount?.toPlainString())).put("key", orNull(i.key)).put("note", text(i.note))
        }))
        .put("totals", JSONArray(r.totals.map { t -> JSONObject().put("status", snake(t.status)).put("count", t.count).put("file_amount", t.fileAmount.toPlainString()).put("engine_amount", t.engineAmount.toPlainString()) }))
        .put("by_channel", JSONArray(r.byChannel.map { c ->
            JSONObject().put("channel", c.channel).put("status", snake(c.status)).put("count", c.count).put("file_amount", c.fileAmount.toPlainString()).put("engine_amount", c.engineAmount.toPlainString())
        }))
        .put("malformed", JSONArray(r.malformed.map { m -> JSONObject().put("line", m.line).put("reason", m.reason) }))
        .put("file_rows", r.fileRows).put("file_payments", r.filePayments.toPlainString()).put("file_refunds", r.fileRefunds.toPlainString())

    /** A reconciliation case: the layout as JSON, the file's text, typed booked records. */
    fun reconcile(input: JSONObject): JSONObject = try {
        val report = reconcileFile(input.getJSONObject("layout").toString(), input.getString("file"), each(input.getJSONArray("booked")) { booked(it) }, at(input, "cutoff"))
        check(report.table.isNotEmpty()) { "the report comes with its table" }
        reconciliationJson(report)
    } catch (e: GridcoreException) {
        Cases.error(e)
    }
}
