// Runs every tests/conformance case through the Node API (Tariff.fromObject, new
// BillRequest, bill) and compares the result with the case's expected JSON exactly.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  renderEbill,
  ebillJson,
  Tariff,
  BillRequest,
  CustomerConfig,
  bill,
  lateFee,
  compare,
  whatIf,
  customerView,
  searchAttributes,
  confirmationsRequired,
  customerMood,
  evaluateTags,
  transitionTag,
  customerScore,
  customerProfiles,
  segmentCustomers,
  mergeCustomers,
  unmergeCustomers,
  Ledger,
  AccountLedger,
  reconcileFile,
  PointsRules,
  TemplateSet,
  renderNotice,
  planDelivery,
  UrdbTariff,
  billAnnual,
} from 'gridcore'


// The error's reason speaks to a person: no type names or parser jargon (tests/jargon.json).
const JARGON = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'jargon.json'), 'utf8'))
function plain(e) {
  const text = e.reason.replace(new RegExp(JARGON.quoted, 'g'), '')
  const found = [...JARGON.phrases.filter((p) => text.includes(p)), ...JARGON.patterns.map((p) => text.match(new RegExp(p))?.[0]).filter(Boolean)]
  assert.deepEqual(found, [], `jargon in ${JSON.stringify(e.reason)}`)
  return e
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'conformance')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

function request(input) {
  const { tariff, ...fields } = input
  return new BillRequest(Tariff.fromObject(tariff), fields)
}

// Steps through a Ledger: events by process, operations by apply.
function points(i) {
  const rules = PointsRules.fromObject(i.rules)
  const ledger = new Ledger(i.customer_id)
  const steps = i.steps.map((s) => {
    try {
      return s.event ? ledger.process(rules, s.event) : ledger.apply(s.operation)
    } catch (e) {
      if (!e.code || !e.kind) throw e
      return { error: { kind: plain(e).kind, code: e.code, path: e.path } }
    }
  })
  return { steps, balance: ledger.balance, lots: ledger.lots(), entries: ledger.entries() }
}

// Steps through an AccountLedger: operations by apply, the arrears view, a payment's events.
function payments(i) {
  const ledger = new AccountLedger(i.account)
  const steps = i.steps.map((s) => {
    try {
      if (s.operation) return ledger.apply(s.operation)
      if (s.arrears) return ledger.arrears(s.arrears)
      return ledger.paymentEvents(s.events)
    } catch (e) {
      if (!e.code || !e.kind) throw e
      return { error: { kind: plain(e).kind, code: e.code, path: e.path } }
    }
  })
  return { steps, amount_due: ledger.amountDue, prepaid: ledger.prepaid, entries: ledger.entries() }
}

// The bill through the public API; SAM-derived cases also within 1e-6 $ of SAM's doubles
// (a float here only to compare with SAM's figures).
function annual(c) {
  const b = billAnnual(UrdbTariff.fromObject(c.input.urdb), c.input.request)
  if (c.sam) {
    b.months.forEach((m, i) => {
      for (const k of ['energy', 'demand', 'fixed', 'minimum', 'total']) {
        assert.ok(Math.abs(Number(m[k]) - c.sam[k][i]) <= 1e-6, `month ${i + 1} ${k}: ${m[k]} but SAM ${c.sam[k][i]}`)
      }
    })
  }
  return b
}

// The facts docs/conformance.md reads from an e-bill's HTML.
function htmlFacts(html) {
  const between = (start, end) => html.split(start).slice(1).map((rest) => rest.split(end)[0])
  const count = (s) => html.split(s).length - 1
  return {
    totals: between('data-fact="total">', '<'), line_codes: between('data-code="', '"'),
    line_amounts: between('data-fact="line-amount">', '<'), bars: count('<rect class="bar"'),
    current: between('gc-current" data-month="', '"'), last_year: between('gc-last-year" data-month="', '"'),
    scripts: count('<script'), external: count(' src=') + count(' href=') + count('url(') + count('@import'),
  }
}

// Native: bill → compare → renderEbill; then the same through ebillJson, which must agree.
function ebill(i) {
  const b = bill(request(i.bill))
  const options = { ...i.options }
  if (i.before) options.comparison = compare(bill(request(i.before)), i.after ? bill(request(i.after)) : b)
  const html = renderEbill(b, options)
  const out = JSON.parse(ebillJson(JSON.stringify({ bill: b.toObject(), options })))
  assert.equal(out.html, html)
  return { statement: out.statement, facts: htmlFacts(html) }
}

function run(c) {
  try {
    if (c.kind === 'tariff') return { tariff: Tariff.fromObject(c.input).toObject() }
    if (c.kind === 'late_fee') return lateFee(c.input)
    const i = c.input
    if (c.kind === 'customer_view') return customerView(CustomerConfig.fromObject(i.config), i.customer, i.role)
    if (c.kind === 'attribute_search') return searchAttributes(CustomerConfig.fromObject(i.config), i.query, i.limit)
    if (c.kind === 'confirmations') return confirmationsRequired(CustomerConfig.fromObject(i.config), i.customer, i.business, i.as_of)
    if (c.kind === 'mood') return customerMood(CustomerConfig.fromObject(i.config), i.customer, i.as_of)
    if (c.kind === 'tags') return evaluateTags(CustomerConfig.fromObject(i.config), i.customer, i.as_of)
    if (c.kind === 'tag_transition') return transitionTag(i.tag, i.to)
    if (c.kind === 'score') return customerScore(CustomerConfig.fromObject(i.config), i.customer, i.model, i.as_of)
    if (c.kind === 'profiles') return customerProfiles(CustomerConfig.fromObject(i.config), i.customers, i.as_of)
    if (c.kind === 'segment') return segmentCustomers(i.customers, i.features, i.k, i.seed, i.as_of)
    if (c.kind === 'merge') {
      const m = mergeCustomers(i.primary, i.other)
      assert.deepStrictEqual(unmergeCustomers(m), [m.primary, m.other], 'unmerge gives both records back')
      return m
    }
    if (c.kind === 'points') return points(i)
    if (c.kind === 'payments') return payments(i)
    if (c.kind === 'reconcile') return reconcileFile(i.layout, i.file, i.booked, i.cutoff)
    if (c.kind === 'notice') {
      const set = i.templates === 'builtin' ? TemplateSet.builtin() : TemplateSet.fromObject(i.templates)
      return renderNotice(set, i.code, { channel: i.channel, locale: i.locale, values: i.values })
    }
    if (c.kind === 'delivery') return planDelivery(i)
    if (c.kind === 'ebill') return ebill(c.input)
    if (c.kind === 'compare') return compare(bill(request(c.input.before)), bill(request(c.input.after)))
    if (c.kind === 'annual_bill') return annual(c)
    if (c.kind === 'what_if') return whatIf(request(c.input.request), c.input.tariffs.map((t) => Tariff.fromObject(t)))
    return bill(request(c.input)).toObject()
  } catch (e) {
    if (!e.code || !e.kind) throw e
    return { error: { kind: plain(e).kind, code: e.code, path: e.path } }
  }
}

test('there are enough cases', () => assert.ok(files.length >= 25))

for (const f of files) {
  test(f.replace(/\.json$/, ''), () => {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8'))
    assert.deepStrictEqual(run(c), c.expected)
  })
}
