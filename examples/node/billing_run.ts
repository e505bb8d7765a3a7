// The monthly billing run from TypeScript: the bundled sample requests billed on a
// worker thread with `billMany`, then a run summary. Type-checked by `make test`,
// compiled and run by `make demo`.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { BillRequest, Tariff, bill, billMany, compare, whatIf, type Bill, type BillRequestFields, type GridcoreError, type TariffDocument } from 'gridcore'

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
  for (const result of results) {
    if (result instanceof Error) {
      const e = result as GridcoreError
      console.log(`NOT BILLED: [${e.code}] ${e.path}: ${e.reason}`)
      continue
    }
    const b: Bill = result
    totals.push(b.total)
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
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
