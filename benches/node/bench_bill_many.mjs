// Benchmark: 100,000 residential bills from Node. Compares `billMany` (one call, the
// batch on a worker thread) with a loop of synchronous `bill` calls, and reports the
// cost of building the requests. Best of several runs; figures in docs/performance.md.
//
//   make bench-node
import { performance } from 'node:perf_hooks'
import { BillRequest, Tariff, bill, billMany } from 'gridcore'

const N = 100_000
const tariff = Tariff.fromFile('examples/data/tariffs/zj-residential-tiered.json')

async function best(f, repeats = 3) {
  let min = Infinity
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    await f()
    min = Math.min(min, performance.now() - t)
  }
  return min / 1000
}

const build = () =>
  Array.from({ length: N }, (_, i) => {
    const start = 10_000 + (i % 5_000)
    return new BillRequest(tariff, {
      account: { account_id: `33${String(i).padStart(8, '0')}` },
      period: { start: '2026-11-01', end: '2026-12-01' },
      usage: { readings: [{ register: 'total', start: String(start), end: String(start + 50 + (i % 400)) }] },
      year_to_date_kwh: String((i * 7) % 5_000),
      as_of: '2026-12-01',
    })
  })

const tBuild = await best(build, 1)
const requests = build()
const tMany = await best(() => billMany(requests))
const tLoop = await best(() => requests.map((r) => bill(r)))
const us = (t) => ((t / N) * 1e6).toFixed(2)
console.log(`${N.toLocaleString()} residential bills (浙江 annual tiers), best of 3:`)
console.log(`  build requests : ${tBuild.toFixed(3)} s  (${us(tBuild)} µs/request)`)
console.log(`  billMany       : ${tMany.toFixed(3)} s  (${us(tMany)} µs/bill, ${Math.round(N / tMany).toLocaleString()} bills/s)`)
console.log(`  loop of bill() : ${tLoop.toFixed(3)} s  (${us(tLoop)} µs/bill)`)
