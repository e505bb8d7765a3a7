// The e-bill from Node: plain options in, the core's HTML out (conversion only).
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BillRequest, bill, renderEbill, RequestError } from '../index.mjs'

const sample = (name) => bill(BillRequest.fromJson(readFileSync(new URL(`../../examples/data/requests/${name}.json`, import.meta.url), 'utf8')))

test('the e-bill shows the total once, a bar per month and the tier progress', () => {
  const html = renderEbill(sample('01-zhejiang-tier-crossing'), { locale: 'en', history: [{ month: '2026-10', kwh: '200', amount: '107.60' }], points_balance: 87 })
  assert.equal(html.split('data-fact="total">¥168.40<').length, 2)
  assert.equal(html.split('<rect class="bar"').length - 1, 4)
  assert.match(html, /1,900 kWh left before the next tier/)
})

test('a number where a decimal belongs is refused, naming the field', () => {
  assert.throws(() => renderEbill(sample('01-zhejiang-tier-crossing'), { history: [{ month: '2026-10', kwh: 200, amount: '1.00' }] }),
    (e) => e instanceof RequestError && e.path === 'options.history[0].kwh')
})
