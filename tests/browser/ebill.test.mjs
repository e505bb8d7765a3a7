// The e-bills in a real browser: headless Chromium (Debian's package) loads the e-bills of
// a residential tiered, a time-of-use and an industrial account at a phone's width (360 px)
// and as A4 print, and checks what a reader would notice: no horizontal scrolling, every
// chart drawn, bars as tall as their values, at most two printed pages, no console error
// and no request beyond the document itself. Screenshots land in target/browser/
// (`make ebill-screenshots` copies them to docs/images/).
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { BillRequest, bill, compare, renderEbill } from 'gridcore'

const ROOT = new URL('../../', import.meta.url).pathname
const OUT = join(ROOT, 'target', 'browser')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const history = JSON.parse(readFileSync(join(ROOT, 'examples/data/ebills/history.json'), 'utf8')).accounts
const request = (name) => JSON.parse(readFileSync(join(ROOT, `examples/data/requests/${name}.json`), 'utf8'))
const billOf = (doc) => bill(BillRequest.fromJson(JSON.stringify(doc)))

function ebills() {
  const res = request('01-zhejiang-tier-crossing')
  const november = billOf(res)
  const october = billOf({ ...res, period: { start: '2026-10-01', end: '2026-11-01' }, as_of: '2026-11-01', year_to_date_kwh: '2400',
    usage: { readings: [{ register: 'total', start: '8000', end: '8200' }] } })
  const of = (name, account, options) => {
    const b = name === 'residential' ? november : billOf(request(account))
    return { name, html: renderEbill(b, { history: history[b.account_id], due_date: '2026-12-15', ...options }) }
  }
  return [
    of('residential', null, { comparison: compare(october, november), payment: { state: 'unpaid' }, points_balance: 87 }),
    of('tou', '04-zhejiang-residential-tou', { payment: { state: 'paid', paid: '148.80', paid_on: '2026-12-05' }, points_balance: 128 }),
    of('industrial', '07-factory-two-part-pf', { locale: 'en', payment: { state: 'overdue', amount_due: '199666.12', late_fee: '299.05' } }),
  ]
}

const SIZES = [
  { size: '360', viewport: { width: 360, height: 780 }, media: 'screen' },
  { size: 'a4', viewport: { width: 794, height: 1123 }, media: 'print' },
]

test('e-bills in headless Chromium', async (t) => {
  mkdirSync(OUT, { recursive: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    for (const { name, html } of ebills()) {
      const file = join(OUT, `${name}.html`)
      writeFileSync(file, html)
      const url = pathToFileURL(file).href
      for (const { size, viewport, media } of SIZES) {
        await t.test(`${name} at ${size}`, async () => {
          const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
          const page = await context.newPage()
          const problems = []
          page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
          page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
          await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : (problems.push(`request: ${route.request().url()}`), route.abort())))
          await page.emulateMedia({ media })
          await page.goto(url, { waitUntil: 'load' })
          const facts = await page.evaluate(() => {
            const root = document.documentElement
            const charts = [...document.querySelectorAll('svg.gc-chart')].map((svg) => {
              const r = svg.getBoundingClientRect()
              return { cls: svg.getAttribute('class'), width: r.width, height: r.height }
            })
            const series = [...document.querySelectorAll('svg.gc-history')].map((svg) =>
              [...svg.querySelectorAll('rect.bar')].map((b) => ({ value: Number(b.dataset.value), height: b.getBoundingClientRect().height })))
            return { scrollWidth: root.scrollWidth, width: window.innerWidth, charts, series }
          })
          assert.ok(facts.scrollWidth <= facts.width, `no horizontal overflow: ${facts.scrollWidth} > ${facts.width}`)
          assert.ok(facts.charts.length >= 2, 'the history charts are there')
          for (const c of facts.charts) assert.ok(c.width > 0 && c.height > 0, `${c.cls} is drawn (${c.width} × ${c.height})`)
          for (const bars of facts.series) {
            assert.ok(bars.length >= 2, 'a bar per month')
            const top = bars.reduce((a, b) => (b.value > a.value ? b : a))
            for (const b of bars) {
              // Test arithmetic on screen pixels, not money: each bar's height is its share of the tallest.
              const want = b.value <= 0 ? 0 : (b.value / top.value) * top.height
              assert.ok(Math.abs(b.height - want) <= 0.75, `bar ${b.value}: ${b.height}px, proportional would be ${want.toFixed(2)}px`)
            }
          }
          await page.screenshot({ path: join(OUT, `ebill-${name}-${size}.png`), fullPage: true })
          if (media === 'print') {
            const pdf = await page.pdf({ format: 'A4', printBackground: true })
            writeFileSync(join(OUT, `${name}.pdf`), pdf)
            const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
            assert.ok(pages >= 1 && pages <= 2, `${pages} A4 pages (at most 2)`)
          }
          assert.deepEqual(problems, [])
          await context.close()
        })
      }
    }
  } finally {
    await browser.close()
  }
})
