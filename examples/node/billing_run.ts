// The monthly billing run from TypeScript: the bundled sample requests billed on a
// worker thread with `billMany`, then a run summary, the counter questions and the points
// step (each bill's payment through the rule book into the customer's ledger, one refund).
// Type-checked by `make test`, compiled and run by `make demo`.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { BillRequest, Ledger, PointsRules, Tariff, TemplateSet, bill, billMany, compare, planDelivery, renderNotice, whatIf, type Bill, type BillRequestFields, type GridcoreError, type PointsEvent, type TariffDocument } from 'gridcore'

// Run from the repository root (as `make demo` does), or pass the data folder.
const data = process.argv[2] ?? join(process.cwd(), 'examples', 'data')

/** Adds exact decimal strings with BigInt (never through a JS number). */
function addDecimals(values: string[], scale = 2): string {
  const units = values.reduce((acc, v) => {
    const [i, f = ''] = v.split('.')
    return acc + BigInt(i + f.padEnd(scale, '0'))
  }, 0n)
  const s = units.toString().padStart(scale + 1, '0')
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`
}

async function main(): Promise<void> {
  const files = readdirSync(join(data, 'requests')).filter((f) => f.endsWith('.json')).sort()
  const requests = files.map((f) => BillRequest.fromJson(readFileSync(join(data, 'requests', f), 'utf8')))
  const results = await billMany(requests, { errors: 'return' })

  console.log(`Node: ${requests.length} accounts billed`)
  const totals: string[] = []
  const billed = new Map<string, Bill>()
  for (const result of results) {
    if (result instanceof Error) {
      const e = result as GridcoreError
      console.log(`NOT BILLED: [${e.code}] ${e.path}: ${e.reason}`)
      continue
    }
    const b: Bill = result
    totals.push(b.total)
    billed.set(b.account_id, b)
    console.log(`${b.account_id.padEnd(12)} ${b.tariff_id.padEnd(30)} ${b.usage.billed_kwh.padStart(10)} ${b.total.padStart(12)}  ${b.lines.map((l) => l.code).join(', ')}`)
  }
  console.log(`${''.padEnd(12)} ${'amount due'.padEnd(30)} ${''.padStart(10)} ${addDecimals(totals).padStart(12)}`)

  // A single bill, built from a tariff and fields: decimals are strings, dates "YYYY-MM-DD".
  const tariff = Tariff.fromFile(join(data, 'tariffs', 'zj-residential-tiered.json'))
  const one = bill(
    new BillRequest(tariff, {
      account: { account_id: '3300012345' },
      period: { start: '2026-11-01', end: '2026-12-01' },
      usage: { readings: [{ register: 'total', start: '8200', end: '8500' }] },
      year_to_date_kwh: '2600',
      as_of: '2026-12-01',
    }),
  )
  console.log(`one bill: ${one.lines.map((l) => `${l.quantity} kWh × ${l.unit_price} = ${l.amount}`).join(' + ')} = ${one.total}`)

  // Why did the household's bill change, and would the time-of-use option be cheaper?
  const scenario = (name: string) => JSON.parse(readFileSync(join(data, 'scenarios', name), 'utf8'))
  const request = ({ tariff: doc, ...fields }: { tariff: TariffDocument } & BillRequestFields) => new BillRequest(Tariff.fromObject(doc), fields)
  const pair = scenario('compare-household.json')
  const c = compare(bill(request(pair.before)), bill(request(pair.after)))
  console.log(`why ${c.account_id}'s bill changed by ${c.difference}: ${c.contributions.map((x) => `${x.kind} ${x.amount}`).join(', ')}`)
  const question = scenario('what-if-household.json')
  const w = whatIf(request(question.request), question.tariffs.map((t: TariffDocument) => Tariff.fromObject(t)))
  console.log(`what if: ${w.options.map((o) => `${o.rank}. ${o.tariff_id} ${o.total} (saves ${o.saving})`).join('; ')}`)

  // A reading cycle across 1 January, cut there for the annual tiers.
  const cycle = bill(request(scenario('december-january-household.json')))
  console.log(`across 1 January (${cycle.account_id}): ${cycle.lines.map((l) => `${l.code} [${l.from}–${l.to}] ${l.amount}`).join(' + ')} = ${cycle.total}`)

  // Points: each bill's payment (amount = the bill's total) and sign-ups through the rules.
  const rules = PointsRules.fromFile(join(data, 'points', 'rules.json'))
  const run = JSON.parse(readFileSync(join(data, 'points', 'payments.json'), 'utf8'))
  const ledgers = new Map<string, Ledger>()
  for (const p of run.payments) {
    const b = billed.get(p.account_id)
    if (!b) continue
    const ledger = new Ledger(p.account_id)
    ledgers.set(p.account_id, ledger)
    const events: PointsEvent[] = [{ key: `pay-${p.account_id}-2026-11`, date: p.paid_date, customer_tags: p.customer_tags ?? [],
      event: { type: 'bill_paid', amount: b.total, due_date: p.due_date, paid_date: p.paid_date, channel: p.channel } }]
    if (p.e_bill_opted_in) events.push({ key: `e_bill-${p.account_id}`, date: p.paid_date, event: { type: 'e_bill_opted_in' } })
    if (p.auto_pay_enrolled) events.push({ key: `auto_pay-${p.account_id}`, date: p.paid_date, event: { type: 'auto_pay_enrolled' } })
    const awards = events.flatMap((e) => ledger.process(rules, e).entries.filter((x) => x.points !== 0))
    console.log(`points ${p.account_id}: ${awards.map((x) => `${x.rule} +${x.points}`).join(', ') || 'none (paid late)'} → balance ${ledger.balance}`)
  }
  for (const r of run.refunds) {
    const refund: PointsEvent = { key: `refund-${r.account_id}-2026-11`, date: r.date, event: { type: 'bill_refunded', payment_key: `pay-${r.account_id}-2026-11` } }
    const out = ledgers.get(r.account_id)!.process(rules, refund)
    console.log(`refund ${r.account_id}: ${out.entries.reduce((a, e) => a + e.points, 0)} points, balance ${out.balance}`)
  }
  console.log(`balances: ${[...ledgers].map(([a, l]) => `${a} ${l.balance}`).join(', ')}`)

  // Notices: a bill SMS per account (amounts as the bill's exact strings) and a marketing plan.
  const templates = TemplateSet.builtin()
  for (const [account, b] of billed) {
    const n = renderNotice(templates, 'bill_notice', { channel: 'sms', locale: 'en', values: {
      name: 'Customer', account, period: 'Nov 2026', kwh: b.usage.billed_kwh, amount: b.total, due_date: '2026-12-15' } })
    console.log(`sms ${account}: ${n.sms!.length} chars, ${n.sms!.segments} segment(s)`)
  }
  const plan = planDelivery({ channel: 'sms', category: 'marketing', consent: [{ channel: 'sms', service: true, marketing: true }], as_of: '2026-12-20T21:30:00' })
  console.log(`marketing at 21:30: ${plan.action} until ${plan.at} (${plan.text.en})`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
