package io.gridcore

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

/** Every tests/conformance case through the Kotlin API: the tariff document through
 *  Tariff.fromJson, the request as native records, the result as a Bill record whose JSON
 *  form (billToJson) must equal the case's expected JSON exactly. URDB rates and annual
 *  bills (`annual_bill`) go through UrdbCases likewise. */
class ConformanceTest {
    private fun run(case: JSONObject): JSONObject {
        val input = case.getJSONObject("input")
        return try {
            if (case.getString("kind") == "tariff") {
                JSONObject().put("tariff", JSONObject(Tariff.fromJson(input.toString()).toJson()))
            } else if (case.getString("kind") == "late_fee") {
                Cases.lateFeeJson(lateFee(Cases.lateFeeRequest(input)))
            } else if (case.getString("kind") == "tag_transition") {
                JSONObject(transitionTag(input.getJSONObject("tag").toString(), TagState.valueOf(input.getString("to").uppercase())))
            } else if (case.getString("kind") == "points") {
                Cases.points(input)
            } else if (case.getString("kind") == "payments") {
                PaymentCases.payments(input)
            } else if (case.getString("kind") == "reconcile") {
                PaymentCases.reconcile(input)
            } else if (case.getString("kind") == "notice") {
                Cases.notice(input)
            } else if (case.getString("kind") == "delivery") {
                Cases.delivery(input)
            } else if (case.getString("kind") == "segment") {
                val customers = input.getJSONArray("customers").let { a -> (0 until a.length()).map { Cases.customer(a.getJSONObject(it)) } }
                val features = input.getJSONArray("features").let { a -> (0 until a.length()).map { i -> Fact.entries.first { Cases.fact(it) == a.getString(i) } } }
                Cases.segmentationJson(segmentCustomers(customers, features, input.getInt("k"), input.getLong("seed"), java.time.LocalDate.parse(input.getString("as_of"))))
            } else if (case.getString("kind") == "merge") {
                val primary = Cases.customer(input.getJSONObject("primary"))
                val other = Cases.customer(input.getJSONObject("other"))
                val m = mergeCustomers(primary, other)
                assertTrue(unmergeCustomers(m) == listOf(primary, other), "unmerge gives both records back")
                Cases.mergeJson(m)
            } else if (case.getString("kind") in setOf("customer_view", "attribute_search", "confirmations", "mood", "tags", "score", "profiles")) {
                val config = CustomerConfig.fromJson(input.getJSONObject("config").toString())
                when (case.getString("kind")) {
                    "customer_view" -> Cases.viewJson(customerView(config, Cases.customer(input.getJSONObject("customer")), input.getString("role")))
                    "attribute_search" -> JSONObject().put("matches", Cases.matchesJson(searchAttributes(config, input.getString("query"), input.getInt("limit"))))
                    "confirmations" -> JSONObject().put("list", Cases.confirmationsJson(
                        confirmationsRequired(config, Cases.customer(input.getJSONObject("customer")), input.getString("business"), java.time.LocalDate.parse(input.getString("as_of")))))
                    "tags" -> JSONObject().put("list", Cases.tagsJson(evaluateTags(config, Cases.customer(input.getJSONObject("customer")), java.time.LocalDate.parse(input.getString("as_of")))))
                    "score" -> Cases.scoreJson(customerScore(config, Cases.customer(input.getJSONObject("customer")), input.getString("model"), java.time.LocalDate.parse(input.getString("as_of"))))
                    "profiles" -> JSONObject().put("list", Cases.profilesJson(customerProfiles(config,
                        input.getJSONArray("customers").let { a -> (0 until a.length()).map { Cases.customer(a.getJSONObject(it)) } }, java.time.LocalDate.parse(input.getString("as_of")))))
                    else -> Cases.moodJson(customerMood(config, Cases.customer(input.getJSONObject("customer")), java.time.LocalDate.parse(input.getString("as_of"))))
                }
            } else if (case.getString("kind") == "annual_bill") {
                UrdbCases.annualBill(input)
            } else if (case.getString("kind") == "ebill") {
                ebill(input)
            } else if (case.getString("kind") == "compare") {
                val side = { name: String ->
                    val o = input.getJSONObject(name)
                    bill(Cases.request(Tariff.fromJson(o.getJSONObject("tariff").toString()), o))
                }
                Cases.comparisonJson(compare(side("before"), side("after")))
            } else if (case.getString("kind") == "what_if") {
                val r = input.getJSONObject("request")
                val tariffs = input.getJSONArray("tariffs").let { a -> (0 until a.length()).map { Tariff.fromJson(a.getJSONObject(it).toString()) } }
                Cases.whatIfJson(whatIf(Cases.request(Tariff.fromJson(r.getJSONObject("tariff").toString()), r), tariffs))
            } else {
                val tariff = Tariff.fromJson(input.getJSONObject("tariff").toString())
                val bill = try {
                    bill(Cases.request(tariff, input))
                } catch (e: Cases.NotTyped) {
                    // Not expressible with typed records (a float for money): the JSON API.
                    billJson(input.toString())
                }
                JSONObject(billToJson(bill))
            }
        } catch (e: GridcoreException) {
            Cases.error(e)
        }
    }

    /** Native: bill → compare → renderEbill; then the same through ebillJson, which must agree. */
    private fun ebill(input: JSONObject): JSONObject {
        val billOf = { o: JSONObject -> bill(Cases.request(Tariff.fromJson(o.getJSONObject("tariff").toString()), o)) }
        val b = billOf(input.getJSONObject("bill"))
        val options = JSONObject(input.getJSONObject("options").toString())
        if (input.has("before")) {
            val after = if (input.has("after")) billOf(input.getJSONObject("after")) else b
            options.put("comparison", Cases.comparisonJson(compare(billOf(input.getJSONObject("before")), after)))
        }
        val html = renderEbill(b, options.toString())
        val out = JSONObject(ebillJson(JSONObject().put("bill", JSONObject(billToJson(b))).put("options", options).toString()))
        assertTrue(out.getString("html") == html, "renderEbill and ebillJson agree")
        return JSONObject().put("statement", out.getJSONObject("statement")).put("facts", htmlFacts(html))
    }

    /** The facts docs/conformance.md reads from an e-bill's HTML. */
    private fun htmlFacts(html: String): JSONObject {
        val between = { start: String, end: Char -> html.split(start).drop(1).map { it.substringBefore(end) } }
        val count = { s: String -> html.split(s).size - 1 }
        return JSONObject()
            .put("totals", between("data-fact=\"total\">", '<')).put("line_codes", between("data-code=\"", '"'))
            .put("line_amounts", between("data-fact=\"line-amount\">", '<')).put("bars", count("<rect class=\"bar\""))
            .put("current", between("gc-current\" data-month=\"", '"')).put("last_year", between("gc-last-year\" data-month=\"", '"'))
            .put("scripts", count("<script")).put("external", count(" src=") + count(" href=") + count("url(") + count("@import"))
    }

    @TestFactory
    fun cases(): List<DynamicTest> {
        val files = Cases.all()
        assertTrue(files.size >= 25, "expected at least 25 cases in ${Cases.dir}")
        return files.map { file ->
            DynamicTest.dynamicTest(file.nameWithoutExtension) {
                val case = JSONObject(file.readText())
                val got = run(case)
                // Cases whose expected output is a list are compared as {"matches"/"list": [...]}.
                val raw = case.get("expected")
                val expected = when {
                    raw is org.json.JSONArray && case.getString("kind") == "attribute_search" -> JSONObject().put("matches", raw)
                    raw is org.json.JSONArray -> JSONObject().put("list", raw)
                    else -> raw as JSONObject
                }
                assertTrue(got.similar(expected), "${file.name}\n expected $expected\n got      $got")
            }
        }
    }
}
