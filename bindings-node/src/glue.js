// Run once per Node thread by lib.rs's module-exports hook, with the addon's exports:
// what a JS user expects and napi-rs has no attribute for. Presentation only — no rule of
// the engine lives here.
(function gridcoreGlue(exports) {
  'use strict'

  // Error classes for `instanceof`. The engine throws plain `Error`s whose `name` is the
  // class name (errors.rs), so that a worker thread's errors are recognised too: the
  // classes match by name and `code` rather than by prototype.
  const KINDS = { TariffError: 'tariff', RequestError: 'request', MeteringError: 'metering', InternalError: 'internal' }
  const isGridcore = (e) => e instanceof Error && Object.hasOwn(KINDS, e.name) && typeof e.code === 'string'
  class GridcoreError extends Error {
    static [Symbol.hasInstance](e) {
      return this === GridcoreError ? isGridcore(e) : isGridcore(e) && e.name === this.name
    }
  }
  Object.defineProperty(exports, 'GridcoreError', { value: GridcoreError, enumerable: true })
  for (const name of Object.keys(KINDS)) {
    const cls = { [name]: class extends GridcoreError {} }[name]
    Object.defineProperty(exports, name, { value: cls, enumerable: true })
  }

  // `console.log(bill)` shows the fields, not `Bill {}`: the objects keep their data in
  // Rust and expose getters, which `util.inspect` does not call.
  const custom = Symbol.for('nodejs.util.inspect.custom')
  const shown = {
    Bill: (b) => b.toJSON(),
    Tariff: (t) => ({ id: t.id, name: t.name }),
    BillRequest: (r) => ({ accountId: r.accountId, tariff: r.tariff.id }),
    Ledger: (l) => ({ customerId: l.customerId, balance: l.balance }),
  }
  for (const [name, view] of Object.entries(shown)) {
    const cls = exports[name]
    if (typeof cls !== 'function') continue
    Object.defineProperty(cls.prototype, custom, {
      value(depth, options, inspect) {
        if (depth < 0) return options.stylize(`[${name}]`, 'special')
        const inner = { ...options, depth: options.depth == null ? null : options.depth - 1 }
        return `${name} ${inspect(view(this), inner)}`
      },
    })
  }

  // A plain object where a gridcore object goes is refused before the native call, naming
  // the parameter as Node's own APIs do (napi-rs would say "Failed to recover `Tariff`
  // type from napi value"). One `instanceof` per argument: nanoseconds beside a bill.
  const made = {
    Tariff: 'Tariff.fromJson, fromFile or fromObject',
    BillRequest: 'new BillRequest(tariff, fields)',
    Bill: 'bill(request)',
    CustomerConfig: 'CustomerConfig.fromJson, fromFile or fromObject',
    PointsRules: 'PointsRules.fromJson, fromFile or fromObject',
    TemplateSet: 'TemplateSet.builtin, fromJson or fromFile',
  }
  const describe = (v) =>
    v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `an instance of ${v.constructor?.name ?? 'Object'}` : `type ${typeof v}`
  const refuse = (where, param, cls, v) => {
    const e = new TypeError(`${where}: the "${param}" argument must be a ${cls} (made by ${made[cls]}), not ${describe(v)}`)
    e.code = 'ERR_INVALID_ARG_TYPE'
    return e
  }
  // [position, parameter, class, is a list]
  const checks = {
    bill: [[0, 'request', 'BillRequest']],
    billMany: [[0, 'requests', 'BillRequest', true]],
    compare: [[0, 'before', 'Bill'], [1, 'after', 'Bill']],
    whatIf: [[0, 'request', 'BillRequest'], [1, 'tariffs', 'Tariff', true]],
    customerView: [[0, 'config', 'CustomerConfig']],
    searchAttributes: [[0, 'config', 'CustomerConfig']],
    confirmationsRequired: [[0, 'config', 'CustomerConfig']],
    customerMood: [[0, 'config', 'CustomerConfig']],
    evaluateTags: [[0, 'config', 'CustomerConfig']],
    customerScore: [[0, 'config', 'CustomerConfig']],
    customerProfiles: [[0, 'config', 'CustomerConfig']],
    renderNotice: [[0, 'templates', 'TemplateSet']],
  }
  // The native classes, captured before BillRequest is proxied below: `instanceof` on a
  // Proxy takes ~400 ns, on the class itself a few.
  const native = Object.fromEntries(Object.keys(made).map((c) => [c, exports[c]]))
  const check = (where, list, args) => {
    for (const [i, param, cls, many] of list) {
      const v = args[i]
      const ok = (x) => x instanceof native[cls]
      if (many ? Array.isArray(v) && v.every(ok) : ok(v)) continue
      if (many && Array.isArray(v)) {
        const at = v.findIndex((x) => !ok(x))
        throw refuse(where, `${param}[${at}]`, cls, v[at])
      }
      throw refuse(where, param, cls, v)
    }
  }
  for (const [name, list] of Object.entries(checks)) {
    const fn = exports[name]
    if (typeof fn !== 'function') throw new Error(`gridcore glue: no export ${name}`)
    const checked = { [name](...args) { check(name, list, args); return fn.apply(this, args) } }[name]
    Object.defineProperty(exports, name, { value: checked, enumerable: true, writable: true, configurable: true })
  }
  const method = (cls, name, list) => {
    const proto = exports[cls].prototype
    const fn = proto[name]
    Object.defineProperty(proto, name, { value: { [name](...args) { check(`${cls}.${name}`, list, args); return fn.apply(this, args) } }[name], writable: true, configurable: true })
  }
  method('Ledger', 'process', [[0, 'rules', 'PointsRules']])
  const NativeRequest = exports.BillRequest
  exports.BillRequest = new Proxy(NativeRequest, {
    construct(target, args, newTarget) {
      // napi-rs's own factories (`BillRequest.fromJson`) construct through `this` with no
      // arguments: only a caller's `new BillRequest(tariff, fields)` is checked.
      if (args.length > 0) check('new BillRequest', [[0, 'tariff', 'Tariff']], args)
      return Reflect.construct(target, args, newTarget === exports.BillRequest ? target : newTarget)
    },
  })
})
