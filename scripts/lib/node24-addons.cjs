// Preloaded (NODE_OPTIONS --require) by scripts/test.sh for the unit-test run on Node.js 24 only.
// better-sqlite3's addon in node_modules is built for the V8 ABI of the Node.js that installed
// it (20); loads of it are redirected to a copy built for Node.js 24 (TASUKE_BETTER_SQLITE3_NODE),
// so node_modules is never modified and Node.js 20 processes are never affected.
'use strict'

const path = require('node:path')

const replacement = process.env.TASUKE_BETTER_SQLITE3_NODE
const addonDir = `${path.sep}better-sqlite3${path.sep}build${path.sep}`

if (replacement !== undefined && replacement !== '') {
  const dlopen = process.dlopen.bind(process)
  process.dlopen = (module, filename, ...flags) => {
    const isBetterSqlite3 =
      path.basename(filename) === 'better_sqlite3.node' && filename.includes(addonDir)
    return dlopen(module, isBetterSqlite3 ? replacement : filename, ...flags)
  }
}
