'use strict'
// Hostile input through the Node API (issue 16, part A): each is refused with a typed
// error naming the field, quickly, and the process keeps running.
const test = require('node:test')
const assert = require('node:assert/strict')
const gridcore = require('gridcore')

const FLAT = { id: 't', name: { zh: '试', en: 't' }, energy: { flat: { price: '0.5' } } }
const NOV = { start: '2026-11-01', end: '2026-12-01' }

function refused(fn, expected = {}) {
  let error
  try {
    fn()
  } catch (e) {
    error = e
  }
  assert.ok(error instanceof Error, 'expected an Error to be thrown')
  assert.notEqual(error.kind, 'internal', error.message)
  for (const [k, v] of Object.entries(expected)) assert.equal(error[k], v, `${k}: ${error.message}`)
  return error
}

test('deep and self-referencing values are refused, not a stack overflow', () => {
  let deep = {}
  for (let i = 0; i < 15000; i++) deep = { a: deep }
  refused(() => gridcore.Tariff.fromObject({ ...FLAT, zz: deep }), { code: 'invalid_field' })
  const looped = { name: 'x' }
  looped.name = looped
  refused(() => gridcore.renderNotice(gridcore.TemplateSet.builtin(), 'bill_notice', { channel: 'sms', locale: 'zh-CN', values: looped }))
})

test('ten million intervals are refused before they are converted', () => {
  const point = { start: '2026-11-01T00:00:00', kwh: '1' }
  const points = new Array(10_000_000).fill(point)
  const started = Date.now()
  refused(() => new gridcore.BillRequest(gridcore.Tariff.fromObject(FLAT), { account: { account_id: '1' }, period: NOV, as_of: '2026-12-01', usage: { intervals: { minutes: 15, points } } }),
    { code: 'invalid_field', path: 'usage.intervals.points' })
  assert.ok(Date.now() - started < 5000)
})

test('one grammar for decimals; bounded magnitudes; lone surrogates', () => {
  for (const price of ['1e3', '1_000', '+12', '12.', '.5', ' 12 ', '0.000000000000000000000000000001', '79228162514264337593543950335']) {
    refused(() => gridcore.Tariff.fromObject({ ...FLAT, energy: { flat: { price } } }), { code: 'invalid_field', path: 'tariff.energy.flat.price' })
  }
  refused(() => gridcore.Tariff.fromObject({ ...FLAT, id: 'a\ud800b' }), { code: 'invalid_field', path: 'tariff.id' })
  const ledger = new gridcore.Ledger('c')
  refused(() => ledger.apply({ op: 'award', key: 'a', date: '2026-01-01', points: '9223372036854775807', expires_on: '2027-01-01' }), { path: 'operation.points' })
  assert.equal(ledger.balance, 0)
})

test('templates that would run forever, grow without bound or unescape', () => {
  const list = `[${Array.from({ length: 1000 }, (_, i) => i).join(',')}]`
  const loops = [0, 1, 2, 3].map((i) => `{% for v${i} in ${list} %}`).join('') + '{{ p }}' + '{% endfor %}'.repeat(4)
  const doc = (t) => ({ sms: { signature: '国网', opt_out: '拒收请回复R' }, templates: [{ code: 't', name: { zh: 't', en: 't' }, category: 'service', locale: 'zh-CN', ...t }] })
  const sms = gridcore.TemplateSet.fromObject(doc({ channel: 'sms', variables: [{ name: 'p', type: 'text', max_len: 10 }], sms: { text: loops } }))
  const started = Date.now()
  refused(() => gridcore.renderNotice(sms, 't', { channel: 'sms', locale: 'zh-CN', values: { p: 'x' } }))
  assert.ok(Date.now() - started < 5000)
  const email = (html, subject = 's') => doc({ channel: 'email', variables: [{ name: 'p', type: 'text', max_len: 100 }], email: { subject, html } })
  refused(() => gridcore.TemplateSet.fromObject(email('{% autoescape false %}{{ p }}{% endautoescape %}')), { code: 'invalid_field', path: 'messages.templates[0].email.html' })
  const ok = gridcore.TemplateSet.fromObject(email('<p>{{ p }}</p>', 's {{ p }}'))
  refused(() => gridcore.renderNotice(ok, 't', { channel: 'email', locale: 'zh-CN', values: { p: 'x\r\nBcc: a@b.c' } }), { code: 'invalid_field', path: 'email.subject' })
  const values = { name: '张伟', account: '3300012345', period: '2026年11月', kwh: '300', amount: '-1.00', due_date: '2026-12-15' }
  refused(() => gridcore.renderNotice(gridcore.TemplateSet.builtin(), 'bill_notice', { channel: 'sms', locale: 'zh-CN', values }), { code: 'negative', path: 'values.amount' })
})

test('error reasons never echo the input', () => {
  const e = refused(() => gridcore.Tariff.fromObject({ ...FLAT, energy: { flat: { price: '9'.repeat(10_000_000) } } }))
  assert.ok(e.reason.length <= 500)
})

// The conversion layer, fuzzed: any JS value is converted or refused with a typed error.
test('any JS value is converted or refused with a gridcore error', () => {
  const fc = require('fast-check')
  const tariff = gridcore.Tariff.fromObject(FLAT)
  const anything = fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withMap: true, withSet: true })
  const calls = [
    (v) => gridcore.Tariff.fromObject({ ...FLAT, energy: v }),
    (v) => new gridcore.BillRequest(tariff, { account: v, period: NOV, usage: {}, as_of: '2026-12-01' }),
    (v) => gridcore.bill(new gridcore.BillRequest(tariff, { account: { account_id: '1' }, period: NOV, usage: v, as_of: '2026-12-01' })),
    (v) => gridcore.renderNotice(gridcore.TemplateSet.builtin(), 'bill_notice', { channel: 'sms', locale: 'zh-CN', values: { name: v } }),
    (v) => new gridcore.Ledger('c').apply(v),
    (v) => gridcore.PointsRules.fromObject({ rules: [v] }),
  ]
  fc.assert(fc.property(anything, fc.nat(calls.length - 1), (v, i) => {
    try {
      calls[i](v)
    } catch (e) {
      if (!(e instanceof Error)) throw e
      if (e.code === undefined) return e instanceof TypeError // napi's own argument checks
      assert.notEqual(e.kind, 'internal', e.message)
    }
  }), { numRuns: 300 })
})
