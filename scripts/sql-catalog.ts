/**
 * The SQL of the code, as reviewable text (`npm run sql`, checked in CI with `--check`):
 *  - every `sql` template of src/ is written to sql/<path of its file>.sql, in file order, under the
 *    name of the function that holds it; an interpolation is written as its placeholder `${…}` with
 *    the expression it stands for, so a reviewer sees each query change as SQL;
 *  - a statement belongs in the repository (`*.repository.ts`) of the module that owns its tables
 *    (scripts/table-owners.ts). What the code does otherwise today is listed in sql/debts.json, per
 *    file: the check fails when a file has more statements outside a repository, or touches more
 *    tables of other modules, than listed there — the list may only shrink.
 *
 * `--check` fails when a file under sql/ differs from what the code gives (run `npm run sql`), or
 * when a debt grows. `--debts` rewrites sql/debts.json from the code (for a debt paid back).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { tableOwners } from './table-owners.js';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const sourceDir = join(root, 'src');
const outputDir = join(root, 'sql');
const debtsPath = join(outputDir, 'debts.json');

interface Statement {
  file: string;
  line: number;
  holder: string;
  text: string;
  tables: string[];
}

interface FileDebt {
  /** Statements in a file that is not a repository. */
  outsideRepository: number;
  /** Tables of other modules this file's statements name. */
  foreignTables: string[];
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    })
    .sort();
}

/** The name of the function, method or variable a node sits in, for the reader of the catalog. */
function holderOf(node: ts.Node): string {
  const names: string[] = [];
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if ((ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current) || ts.isVariableDeclaration(current) || ts.isPropertyAssignment(current)) && current.name) {
      names.unshift(current.name.getText());
    }
  }
  return names.join(' › ') || '(module)';
}

function isSqlTag(node: ts.TaggedTemplateExpression): boolean {
  return ts.isIdentifier(node.tag) && node.tag.text === 'sql';
}

/** The template's text with each interpolation as `${expression}` (one line per statement line). */
function templateText(node: ts.TaggedTemplateExpression, source: ts.SourceFile): string {
  const template = node.template;
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.rawText ?? template.text;
  let text = template.head.rawText ?? template.head.text;
  for (const span of template.templateSpans) {
    text += `\${${span.expression.getText(source).replace(/\s+/g, ' ')}}` + (span.literal.rawText ?? span.literal.text);
  }
  return text;
}

function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => line.match(/^ */)![0].length);
  const indent = Math.min(...indents.slice(1), Infinity);
  return lines.map((line, index) => (index === 0 ? line.trim() : line.slice(Number.isFinite(indent) ? indent : 0))).join('\n');
}

const tablePattern = new RegExp(`\\b(${Object.keys(tableOwners).sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');

function statementsOf(path: string): Statement[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const statements: Statement[] = [];
  const visit = (node: ts.Node, inside: boolean): void => {
    if (ts.isTaggedTemplateExpression(node) && isSqlTag(node)) {
      // A fragment inside another statement is shown within it, not again on its own.
      if (!inside) {
        const text = dedent(templateText(node, source));
        const tables = [...new Set(text.match(tablePattern) ?? [])].sort();
        statements.push({ file: relative(root, path), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, holder: holderOf(node), text, tables });
      }
      ts.forEachChild(node, (child) => visit(child, true));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, false);
  return statements;
}

function moduleOf(file: string): string {
  const match = /^src\/modules\/([^/]+)\//.exec(file) ?? /^src\/([^/]+)\//.exec(file);
  return match ? match[1]! : 'app';
}

function catalogText(file: string, statements: Statement[]): string {
  const blocks = statements.map((statement) => `-- ${statement.holder} (line ${statement.line})\n${statement.text};`);
  return `-- ${file}: its SQL, generated by \`npm run sql\` (do not edit).\n\n${blocks.join('\n\n')}\n`;
}

function debtsOf(byFile: Map<string, Statement[]>): Record<string, FileDebt> {
  const debts: Record<string, FileDebt> = {};
  for (const [file, statements] of byFile) {
    const module = moduleOf(file);
    const outsideRepository = file.endsWith('.repository.ts') || file.startsWith('src/db/') ? 0 : statements.length;
    const foreignTables = [...new Set(statements.flatMap((statement) => statement.tables).filter((table) => tableOwners[table] !== module))].sort();
    if (outsideRepository > 0 || foreignTables.length > 0) debts[file] = { outsideRepository, foreignTables };
  }
  return debts;
}

function main(): void {
  const byFile = new Map<string, Statement[]>();
  for (const path of sourceFiles(sourceDir)) {
    const statements = statementsOf(path);
    if (statements.length > 0) byFile.set(relative(root, path), statements);
  }
  const expected = new Map<string, string>();
  for (const [file, statements] of byFile) expected.set(join(outputDir, file.replace(/^src\//, '').replace(/\.ts$/, '.sql')), catalogText(file, statements));
  const debts = debtsOf(byFile);
  const check = process.argv.includes('--check');
  if (!check) {
    if (existsSync(outputDir)) for (const entry of readdirSync(outputDir)) if (entry !== 'debts.json') rmSync(join(outputDir, entry), { recursive: true });
    for (const [path, text] of expected) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    if (process.argv.includes('--debts') || !existsSync(debtsPath)) writeFileSync(debtsPath, `${JSON.stringify(debts, null, 2)}\n`);
    console.log(`wrote ${expected.size} files of SQL under sql/`);
    return;
  }
  const problems: string[] = [];
  const written = new Set<string>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path !== debtsPath) written.add(path);
    }
  };
  if (existsSync(outputDir)) walk(outputDir);
  for (const [path, text] of expected) {
    if (!written.has(path)) problems.push(`${relative(root, path)} is missing`);
    else if (readFileSync(path, 'utf8') !== text) problems.push(`${relative(root, path)} differs from the code`);
  }
  for (const path of written) if (!expected.has(path)) problems.push(`${relative(root, path)} has no source any more`);
  if (problems.length > 0) problems.push('run `npm run sql` and commit sql/ with the change, so that a reviewer reads it as SQL');
  const allowed = JSON.parse(readFileSync(debtsPath, 'utf8')) as Record<string, FileDebt>;
  for (const [file, debt] of Object.entries(debts)) {
    const allowance = allowed[file] ?? { outsideRepository: 0, foreignTables: [] };
    if (debt.outsideRepository > allowance.outsideRepository) {
      problems.push(`${file}: ${debt.outsideRepository} SQL statements outside a repository (at most ${allowance.outsideRepository}): move them into the module's *.repository.ts`);
    }
    for (const table of debt.foreignTables) {
      if (!allowance.foreignTables.includes(table)) problems.push(`${file}: reads or writes ${table}, a table of ${tableOwners[table]}: call its service instead`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`sql/ matches the code (${expected.size} files); no debt grew.`);
}

main();
