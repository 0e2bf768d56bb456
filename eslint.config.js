import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Money is `AmountVnd` (src/core/money.ts): made only by its checked constructors, converted out only
 * by vndToNumber / vndToString. This rule refuses, in every file but money.ts, a bare conversion of
 * something that looks like money — `BigInt(…)`, `Number(…)`, `parseInt`, `parseFloat`,
 * `Number.parseInt/parseFloat`, `String(…)`, `Math.round/floor/ceil/trunc(…)`, unary `+`, and
 * `.toString()` / `.toFixed()` / `.toLocaleString()` — and any `as AmountVnd` cast. "Looks like
 * money": a name matching `moneyName` in the converted expression (an identifier, or the property read),
 * or in the name it is given (object key, variable, assignment target, the function it is returned
 * from, the function it is passed to). A name-based check, so it sees what a reader sees: an amount
 * in a variable called `x` escapes it, and the type system catches the rest (a plain bigint is not
 * an AmountVnd).
 */
const moneyName = /vnd|amount|total|money|fee|balance/i;
const convertingFunctions = new Set(['BigInt', 'Number', 'parseInt', 'parseFloat', 'String']);
const convertingStatics = { Number: new Set(['parseInt', 'parseFloat']), Math: new Set(['round', 'floor', 'ceil', 'trunc']) };
const convertingMethods = new Set(['toString', 'toFixed', 'toLocaleString']);
/** Nodes an amount passes through unchanged (or by arithmetic) before it gets a name. */
const passThrough = new Set(['ConditionalExpression', 'LogicalExpression', 'BinaryExpression', 'UnaryExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ChainExpression', 'AwaitExpression', 'ParenthesizedExpression']);

function propertyName(node) {
  if (!node) return null;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'PrivateIdentifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'MemberExpression' && !node.computed) return propertyName(node.property);
  return null;
}

/** A money-like name anywhere in the expression, not looking into functions defined in it. */
function mentionsMoney(node) {
  if (!node || typeof node !== 'object') return false;
  switch (node.type) {
    case 'Identifier':
      return moneyName.test(node.name);
    case 'MemberExpression':
      // `row.amountVnd` by its property; `totals.count` is a count; `amounts[i]` by the array's name
      return node.computed ? mentionsMoney(node.object) || mentionsMoney(node.property) : moneyName.test(node.property.name ?? '');
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'Literal':
    case 'TemplateElement':
      return false;
    default:
      for (const [key, value] of Object.entries(node)) {
        if (key === 'parent' || key === 'loc' || key === 'range' || key === 'typeAnnotation' || key === 'typeArguments') continue;
        if (Array.isArray(value) ? value.some(mentionsMoney) : value && typeof value.type === 'string' && mentionsMoney(value)) return true;
      }
      return false;
  }
}

function functionName(fn) {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator') return propertyName(parent.id);
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') return propertyName(parent.key);
  return null;
}

/** The name the converted value is given: key, variable, assignment target, enclosing function, or callee. */
function receivingName(node) {
  let child = node;
  let parent = node.parent;
  while (parent && passThrough.has(parent.type) && !(parent.type === 'ConditionalExpression' && parent.test === child)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return null;
  switch (parent.type) {
    case 'Property':
      return parent.value === child ? propertyName(parent.key) : null;
    case 'PropertyDefinition':
      return propertyName(parent.key);
    case 'VariableDeclarator':
      return parent.init === child ? propertyName(parent.id) : null;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.right === child ? propertyName(parent.left) : null;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee === child ? null : propertyName(parent.callee);
    case 'ReturnStatement': {
      let fn = parent.parent;
      while (fn && !/Function/.test(fn.type)) fn = fn.parent;
      return fn ? functionName(fn) : null;
    }
    case 'ArrowFunctionExpression':
      return parent.body === child ? functionName(parent) : null;
    default:
      return null;
  }
}

const moneyPlugin = {
  rules: {
    'no-bare-conversion': {
      meta: {
        type: 'problem',
        docs: { description: 'Money is converted only by the constructors and conversions of src/core/money.ts' },
        messages: {
          conversion: '{{what}} of money: use src/core/money.ts (vnd, vndFromDb, readVnd/parseVnd in; vndToNumber, vndToString out; addVnd, sumVnd… for arithmetic).',
          cast: 'An AmountVnd is made by the constructors of src/core/money.ts, never by a cast.',
        },
        schema: [],
      },
      create(context) {
        const check = (node, converted, what) => {
          const name = receivingName(node);
          if (mentionsMoney(converted) || (name !== null && moneyName.test(name))) context.report({ node, messageId: 'conversion', data: { what } });
        };
        return {
          CallExpression(node) {
            const callee = node.callee;
            const argument = node.arguments[0];
            if (callee.type === 'Identifier' && convertingFunctions.has(callee.name) && argument) check(node, argument, `${callee.name}(…)`);
            if (callee.type !== 'MemberExpression' || callee.computed) return;
            const method = callee.property.name;
            if (callee.object.type === 'Identifier' && convertingStatics[callee.object.name]?.has(method)) {
              if (argument) check(node, argument, `${callee.object.name}.${method}(…)`);
            } else if (convertingMethods.has(method)) {
              check(node, callee.object, `.${method}()`);
            }
          },
          UnaryExpression(node) {
            if (node.operator === '+') check(node, node.argument, 'Unary +');
          },
          'TSAsExpression, TSTypeAssertion'(node) {
            const type = node.typeAnnotation;
            if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'AmountVnd') context.report({ node, messageId: 'cast' });
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['bench/tmp/**', 'dist/**', 'node_modules/**', 'data/**', 'bench/results/**', '.tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', document: 'readonly', window: 'readonly', navigator: 'readonly', localStorage: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', Blob: 'readonly', FormData: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Server, bench and scripts, and the tests (a test that builds a fixture with a bare conversion says so in an eslint-disable comment). Not web/: it has its own money.ts.
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    ignores: ['src/core/money.ts'],
    plugins: { money: moneyPlugin },
    rules: { 'money/no-bare-conversion': 'error' },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
);
