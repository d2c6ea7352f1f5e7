/**
 * The import rules of STYLE.md "Allowed imports", checked by `npm run check:deps`
 * (which `npm run lint` runs).
 *
 *           protocol            (imports nothing from the repo)
 *         ↗    ↑     ↖
 *    server  agent   web        (each imports protocol only, by its package name)
 *         ↖    ↑     ↗
 *             e2e               (may import @tasuke/protocol, never package internals)
 *
 * Paths are relative to the repo root. `@tasuke/protocol` resolves through the
 * `paths` of tsconfig.spec.json to packages/protocol/src/index.ts.
 */

/** Tests, contract suites and their helpers: exempt from the rules that say so. */
const TESTS = ['\\.(test|spec|contract)\\.tsx?$', '(^|/)test-support/', '(^|/)__fixtures__/']

const PROTOCOL_ENTRY = '^packages/protocol/src/index\\.ts$'
const SERVER = '^packages/server/src/'
const WEB = '^packages/web/src/'

/** A transport file of a server feature: routes.ts, socket.ts, or a `*-routes.ts` / `*-socket.ts`. */
const TRANSPORT_FILE = '(^|/|-)(routes|socket)\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ── Whole repo ──────────────────────────────────────────────────────────
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (STYLE.md "Allowed imports": no cycles).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import must resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        "A package's code may only import npm packages named in that package's own package.json " +
        '(npm workspaces would otherwise let it resolve anything that is hoisted).',
      from: {
        pathNot: [
          ...TESTS,
          '^packages/[^/]+/[^/]+\\.config\\.[cm]?[jt]s$',
          '^packages/agent/src/build/',
        ],
      },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Production code never imports a test, a contract suite or test support.',
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },

    // ── Between packages ────────────────────────────────────────────────────
    {
      name: 'protocol-imports-no-other-package',
      severity: 'error',
      comment: 'protocol is the contract: it imports nothing else from the repo.',
      from: { path: '^packages/protocol/' },
      to: { path: '^(packages|e2e|bench)/', pathNot: '^packages/protocol/' },
    },
    {
      name: 'nothing-imports-server-agent-web',
      severity: 'error',
      comment:
        'server, agent and web are deployables: no other package, and not e2e/ (which starts them ' +
        'as processes and drives web through a browser), imports them.',
      from: { path: '^(packages/[^/]+|e2e|bench)/' },
      to: { path: '^packages/(server|agent|web)/', pathNot: '^$1/' },
    },
    {
      name: 'packages-do-not-import-e2e-or-bench',
      severity: 'error',
      comment: 'Packages import only protocol from the repo; e2e/ and bench/ sit above them.',
      from: { path: '^packages/' },
      to: { path: '^(e2e|bench)/' },
    },
    {
      name: 'protocol-only-through-its-entry',
      severity: 'error',
      comment:
        "Import protocol as '@tasuke/protocol' only: its index.ts is its whole public surface " +
        '(e2e/ included: it never imports package internals).',
      from: { path: '^(packages/[^/]+|e2e|bench)/', pathNot: '^packages/protocol/' },
      to: { path: '^packages/protocol/', pathNot: PROTOCOL_ENTRY },
    },
    {
      name: 'protocol-by-package-name',
      severity: 'error',
      comment: "Import protocol by its package name '@tasuke/protocol', never by a relative path.",
      from: { path: '^(packages/[^/]+|e2e|bench)/', pathNot: '^packages/protocol/' },
      to: { path: '^packages/protocol/', dependencyTypesNot: ['aliased'] },
    },

    // ── Inside server ───────────────────────────────────────────────────────
    {
      name: 'server-only-store-imports-kysely',
      severity: 'error',
      comment:
        "Only a feature's store.ts and src/store/ may import kysely (SQL stays in the stores); " +
        'others may name its types (a handle passed through), never run a query.',
      from: {
        path: SERVER,
        pathNot: [`${SERVER}store/`, '(^|/)store\\.ts$', ...TESTS],
      },
      to: { path: '(^|/)node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-only-store-imports-db-drivers',
      severity: 'error',
      comment:
        'src/store/ owns the database: only it picks and imports a driver (pg, better-sqlite3).',
      from: { path: SERVER, pathNot: [`${SERVER}store/`, ...TESTS] },
      to: { path: '(^|/)node_modules/(pg|better-sqlite3)/' },
    },
    {
      name: 'server-feature-rules-without-transport',
      severity: 'error',
      comment:
        'Inside a server feature folder only routes.ts / socket.ts (or *-routes.ts / *-socket.ts) ' +
        "touch the transport: the feature's rules and its store.ts import no fastify, @fastify/* or ws. " +
        '(http/ holds the cross-cutting Fastify plugins and is exempt.)',
      from: {
        path: `${SERVER}(?!http/)[^/]+/`,
        pathNot: [TRANSPORT_FILE, ...TESTS],
      },
      to: { path: '(^|/)node_modules/(fastify|@fastify/[^/]+|ws)/' },
    },
    {
      name: 'server-feature-uses-other-features-rules-only',
      severity: 'error',
      comment:
        "A feature may call another feature's rules, never its routes, socket or store.ts " +
        '(app.ts wires routes; each store.ts belongs to its feature).',
      from: { path: `${SERVER}([^/]+)/`, pathNot: TESTS },
      to: {
        path: ['(^|/)store\\.ts$', TRANSPORT_FILE],
        pathNot: [`${SERVER}$1/`, `^(?!${SERVER.slice(1)}[^/]+/)`],
      },
    },
    {
      name: 'server-cluster-implementation-chosen-in-app',
      severity: 'error',
      comment:
        'cluster/local.ts and cluster/redis.ts are picked in app.ts only; everything else uses the ' +
        'cluster/ interface.',
      from: { path: SERVER, pathNot: [`${SERVER}app\\.ts$`, `${SERVER}cluster/`, ...TESTS] },
      to: { path: `${SERVER}cluster/(local|redis)(\\.ts$|/)` },
    },

    // ── Inside agent ────────────────────────────────────────────────────────
    {
      name: 'agent-platform-capture-only-through-factory',
      severity: 'error',
      comment: 'A capture platform folder (capture/x11/ …) is imported by capture/index.ts only.',
      from: {
        path: '^packages/agent/src/',
        pathNot: [
          '^packages/agent/src/capture/index\\.ts$',
          '^packages/agent/src/capture/[^/]+/',
          ...TESTS,
        ],
      },
      to: { path: '^packages/agent/src/capture/[^/]+/' },
    },
    {
      name: 'agent-platform-input-only-through-factory',
      severity: 'error',
      comment: 'An input platform folder (input/x11/ …) is imported by input/index.ts only.',
      from: {
        path: '^packages/agent/src/',
        pathNot: [
          '^packages/agent/src/input/index\\.ts$',
          '^packages/agent/src/input/[^/]+/',
          ...TESTS,
        ],
      },
      to: { path: '^packages/agent/src/input/[^/]+/' },
    },

    // ── Inside web ──────────────────────────────────────────────────────────
    {
      name: 'web-viewer-imports-no-app-nor-i18n',
      severity: 'error',
      comment:
        'viewer/ is the framework-free library the apps use: it never imports console/, entry/, ' +
        'widget/ or shared/i18n.',
      from: { path: `${WEB}viewer/` },
      to: { path: `${WEB}(console|entry|widget)/|${WEB}shared/i18n(/|\\.tsx?$)` },
    },
    {
      name: 'web-apps-do-not-import-each-other',
      severity: 'error',
      comment:
        'console/, entry/ and widget/ never import each other (shared code goes to shared/ or viewer/).',
      from: { path: `${WEB}(console|entry|widget)/` },
      to: { path: `${WEB}(console|entry|widget)/`, pathNot: `${WEB}$1/` },
    },
    {
      name: 'web-shared-imports-no-app',
      severity: 'error',
      comment: 'shared/ sits below the apps: it never imports console/, entry/ or widget/.',
      from: { path: `${WEB}shared/` },
      to: { path: `${WEB}(console|entry|widget)/` },
    },
    {
      name: 'web-widget-stays-small',
      severity: 'error',
      comment:
        "The widget runs on customers' pages as one small script: it imports only shared/ and " +
        'protocol, no viewer/ and no UI framework.',
      from: { path: `${WEB}widget/` },
      to: { path: [`${WEB}viewer/`, '(^|/)node_modules/preact/'] },
    },
  ],

  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Build outputs and scratch folders of the repo (not of node_modules: packages ship dist/).
    exclude: { path: ['^packages/[^/]+/(dist|coverage|data)/', '^(dist|coverage|data|\\.cache)/'] },
    // Type-only imports count: `import type { Kysely }` in a feature's rules is still SQL there.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.spec.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
}
