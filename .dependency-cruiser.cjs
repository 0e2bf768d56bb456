/**
 * The allowed directions between the parts of src/ (docs/architecture.md), checked in CI with
 * `npm run deps`. Layers: routes → services → repositories → db; modules → core; a module imports
 * only the modules below it in `moduleDependencies`; nothing imports the simulators or the demo
 * data but the commands that start them.
 */

/** Which modules each module may import (the others below it). Everything may import core and db. */
const moduleDependencies = {
  rules: [],
  formats: [],
  access: ['rules'],
  audit: ['access'],
  // secrets at rest: the key outside the database, the ciphertexts in `secrets`
  secrets: ['access', 'audit'],
  units: ['access', 'audit'],
  auth: ['access', 'audit', 'units'],
  // paying accounts per province and programme (maker-checker through auth)
  payers: ['access', 'audit', 'auth', 'units'],
  registry: ['access', 'audit', 'auth', 'formats', 'rules', 'units'],
  quality: ['access', 'audit', 'auth', 'registry', 'units'],
  population: ['access', 'audit', 'auth', 'quality', 'registry', 'units'],
  notifications: ['access', 'audit', 'auth', 'formats', 'registry', 'units'],
  accounts: ['access', 'audit', 'auth', 'formats', 'notifications', 'population', 'registry', 'rules', 'units'],
  ledger: ['access', 'audit'],
  payroll: ['access', 'accounts', 'audit', 'auth', 'formats', 'ledger', 'notifications', 'quality', 'registry', 'rules', 'units'],
  disbursement: ['access', 'accounts', 'audit', 'auth', 'formats', 'ledger', 'notifications', 'payers', 'payroll', 'population', 'registry', 'rules', 'secrets', 'units'],
  // above disbursement: prices its items (and payroll's lines before there are items); payroll reads the totals through its port CycleFees
  fees: ['access', 'audit', 'auth', 'disbursement', 'formats', 'payroll', 'rules', 'units'],
  // reads only, through the published relations of the modules below it (no table of its own)
  reporting: ['access', 'accounts', 'complaints', 'disbursement', 'fees', 'formats', 'payroll', 'rules', 'units'],
  // the monthly reports as units submit them up (frozen versions), confirm, return, remind
  submissions: ['access', 'audit', 'auth', 'notifications', 'payroll', 'reporting', 'rules', 'units'],
  // complaints and requests about a person (and one of their cycles): reads people, cycles and lines, assigns to users
  complaints: ['access', 'audit', 'auth', 'payroll', 'registry', 'units'],
  // the beneficiary's public page: the accounts' self-service code, then their payments (payroll's lines, disbursement's outcomes) and complaints
  beneficiary: ['access', 'accounts', 'audit', 'complaints', 'disbursement', 'notifications', 'payroll', 'registry', 'rules', 'units'],
  // backup and restore of the whole database (the mechanism in db/backup.ts): the chain's and the ledger's totals in the snapshot, the secrets' keys, the ledger check after a restore
  operations: ['access', 'audit', 'disbursement', 'ledger', 'secrets'],
};

const modulePath = (name) => `^src/modules/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle between files: split the shared part into a file both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds money, months, dates, text, errors and assertions: it imports nothing of the application.',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'db-below-modules',
      severity: 'error',
      comment: 'src/db is the database access shared by all modules: it imports core and the bounds of limits.ts only.',
      from: { path: '^src/db/' },
      to: { path: '^src/(?!core/|db/|limits\\.ts$)' },
    },
    ...Object.entries(moduleDependencies).map(([name, allowed]) => ({
      name: `module-${name}`,
      severity: 'error',
      comment: `The module ${name} may import only ${allowed.length ? allowed.join(', ') : 'no other module'} (see moduleDependencies).`,
      from: { path: modulePath(name) },
      to: { path: '^src/modules/([^/]+)/', pathNot: [modulePath(name), ...allowed.map(modulePath)] },
    })),
    {
      name: 'modules-use-the-app-kernel-only',
      severity: 'error',
      comment: 'A module may import the context, the command declaration, the HTTP helpers and the shared response-schema helpers of src/app, not the app itself (its *.cli.ts files declare CLI commands with src/cli).',
      from: { path: '^src/modules/', pathNot: '\\.cli\\.ts$' },
      to: { path: '^src/(app|cli|server|main)', pathNot: '^src/app/(context|command|http|schemas)\\.ts$' },
    },
    {
      name: 'repositories-are-the-bottom-of-a-module',
      severity: 'error',
      comment: 'routes → services → repositories → db: a repository never imports a service or a route of its module.',
      from: { path: '^src/modules/([^/]+)/.*\\.repository\\.ts$' },
      to: { path: '^src/modules/$1/.*\\.(service|routes)\\.ts$' },
    },
    {
      name: 'other-modules-call-the-service',
      severity: 'error',
      comment: 'A module reads and writes its own tables; another module calls its service, never its repository.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'services-do-not-import-routes',
      severity: 'error',
      from: { path: '\\.service\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'adapters-use-pure-formats-only',
      severity: 'error',
      comment: 'Clients of outside systems speak formats; they never import a module’s services or repositories.',
      from: { path: '^src/adapters/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/formats/' },
    },
    {
      name: 'no-simulators-or-demo-in-production-code',
      severity: 'error',
      comment: 'Only the commands that start the simulators or seed the demo import them.',
      from: { path: '^src/', pathNot: ['^src/(simulators|demo)/', '\\.(cli|commands)\\.ts$', '^src/cli/', '^src/server\\.ts$', '^src/main\\.ts$'] },
      to: { path: '^src/(simulators|demo)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
