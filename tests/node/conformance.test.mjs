// Runs every tests/conformance case through the Node API (Tariff.fromObject, new
// BillRequest, bill) and compares the result with the case's expected JSON exactly.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Tariff, BillRequest, bill, lateFee } from 'gridcore'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'conformance')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

function run(c) {
  try {
    if (c.kind === 'tariff') return { tariff: Tariff.fromObject(c.input).toObject() }
    if (c.kind === 'late_fee') return lateFee(c.input)
    const { tariff, ...fields } = c.input
    return bill(new BillRequest(Tariff.fromObject(tariff), fields)).toObject()
  } catch (e) {
    if (!e.code || !e.kind) throw e
    return { error: { kind: e.kind, code: e.code, path: e.path } }
  }
}

test('there are enough cases', () => assert.ok(files.length >= 25))

for (const f of files) {
  test(f.replace(/\.json$/, ''), () => {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8'))
    assert.deepStrictEqual(run(c), c.expected)
  })
}
