'use strict'
// The points centre through the Node API: a hand-checked walk-through, errors with paths,
// a stored ledger loading back, and fast-check properties with the shipped arbitraries.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const fc = require('fast-check')
const { Ledger, PointsRules } = require('gridcore')
const { pointsRules, pointsEvents } = require('gridcore/testing')

const RULES = path.join(__dirname, '..', '..', 'examples', 'data', 'points', 'rules.json')
const paid = (key, date, amount, channel = 'counter', due = date) => ({ key, date, event: { type: 'bill_paid', amount, due_date: due, paid_date: date, channel } })

test('sample rules: proportional points, app bonus, retry, conflict, refund', () => {
  const rules = PointsRules.fromFile(RULES)
  const ledger = new Ledger('C1')
  // 168.40 元 on time: 1 point per 10 元, rounded down → 16.
  const first = ledger.process(rules, paid('pay-1', '2026-11-20', '168.40'))
  assert.deepEqual([first.balance, first.entries.map((e) => e.kind)], [16, ['event', 'award']])
  // Late: recorded, nothing awarded.
  assert.equal(ledger.process(rules, paid('pay-2', '2026-11-21', '500', 'counter', '2026-11-18')).entries.length, 1)
  // In the app: bonus 5 + 30.
  assert.equal(ledger.process(rules, paid('pay-3', '2026-11-22', '300', 'app')).balance, 51)
  const again = ledger.process(rules, paid('pay-3', '2026-11-22', '300', 'app'))
  assert.ok(again.replayed)
  assert.throws(() => ledger.process(rules, paid('pay-3', '2026-11-22', '301', 'app')), (e) => e.code === 'idempotency_conflict' && e.path === 'event.key')
  const refund = ledger.process(rules, { key: 'refund-1', date: '2026-11-23', event: { type: 'bill_refunded', payment_key: 'pay-1' } })
  assert.equal(refund.balance, 35)
  assert.equal(ledger.balance, ledger.entries().reduce((a, e) => a + e.points, 0))
})

test('redeem earliest-expiring first, expire at the day boundary, load a stored ledger', () => {
  const ledger = new Ledger('C1')
  ledger.apply({ op: 'award', key: 'a', date: '2026-01-01', points: 100, expires_on: '2026-06-01' })
  ledger.apply({ op: 'award', key: 'b', date: '2026-01-02', points: 50, expires_on: '2026-03-01' })
  const out = ledger.apply({ op: 'redeem', key: 'r', date: '2026-02-28', points: 60 })
  assert.deepEqual(out.entries.map((e) => [e.lot, e.points]), [[2, -50], [1, -10]])
  assert.deepEqual([ledger.usable('2026-05-31'), ledger.usable('2026-06-01')], [90, 0])
  assert.equal(ledger.apply({ op: 'expire', key: 'x', as_of: '2026-06-01' }).balance, 0)
  const back = Ledger.fromJson(ledger.toJson())
  assert.deepEqual(back.entries(), ledger.entries())
  assert.throws(() => PointsRules.fromObject({ rules: [{ code: 'x', name: { zh: 'x', en: 'x' }, event: 'bill_paid', points: { fixed: 1 }, expires_after_days: 1, caps: { per_day: 0 } }] }), (e) => e.path === 'points.rules[0].caps.per_day')
  assert.throws(() => new Ledger('C1').process(PointsRules.fromFile(RULES), paid('k', '2026-01-01', 1.5)), (e) => e.path.startsWith('event.event'))
})

test('duplicated and retried events change nothing; balance = Σ entries', () => {
  fc.assert(
    fc.property(pointsRules(), pointsEvents(), fc.array(fc.nat(), { maxLength: 20 }), (doc, events, retries) => {
      const rules = PointsRules.fromObject(doc)
      const once = new Ledger('C1')
      for (const e of events) {
        const { balance } = once.process(rules, e)
        assert.equal(balance, once.entries().reduce((a, x) => a + x.points, 0))
        if (doc.refund_shortfall === 'forgive') assert.ok(balance >= 0)
      }
      const noisy = new Ledger('C1')
      events.forEach((e, i) => {
        noisy.process(rules, e)
        assert.ok(noisy.process(rules, e).replayed)
        for (const r of retries.slice(0, i % 4)) assert.ok(noisy.process(rules, events[r % (i + 1)]).replayed)
      })
      assert.equal(noisy.toJson(), once.toJson())
    }),
    { numRuns: 150 },
  )
})
