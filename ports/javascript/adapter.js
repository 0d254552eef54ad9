#!/usr/bin/env node
// Protocol 1 adapter (docs/protocol.md) for the mlp-spec network: 3 layers, sigmoid, no biases.
// Plain Node.js, no dependencies. JavaScript numbers are IEEE float64, as the protocol requires.
'use strict';

const readline = require('readline');

const IMPLEMENTATION = { name: 'mlp-spec-port-javascript', language: 'JavaScript', version: '1.0.0' };
const RULES = ['article', 'book', 'gradient'];
const MAX_STEPS = 1000000;
const MAX_EPOCHS = 1000;
const MAX_SAMPLE_NUMBERS = 10000000;
const MAX_ENTRIES = 100000; // in any vector, and in any row or column of a matrix

// A rejected input. The message always has the form "<argument>: <problem>".
class Rejected extends Error {}
const reject = (arg, problem) => { throw new Rejected(`${arg}: ${problem}`); };

// ---- how values are quoted in messages ----
// The reference is Python, and its messages show values with repr(); these give the same text for anything
// JSON can carry. One blind spot: JSON.parse reads 3.0 as 3, so an integral float shows as "3", not "3.0".

// Whether json.loads would most likely have made an int (-0 can only have been written as -0.0).
const isInt = (v) => Number.isSafeInteger(v) && !Object.is(v, -0);

// repr() of a float: 1 -> "1.0", 1e-7 -> "1e-07". toExponential() gives the shortest round-trip digits.
function pyFloat(x) {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const text = String(x); // JS writes fixed notation over this whole range
  return text.includes('.') ? text : `${text}.0`;
}

const ESCAPES = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function pyStr(s) {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'"; // Python's choice of quote
  const escaped = s.replace(/[\x00-\x1f\x7f\\]/g,
    (c) => ESCAPES[c] || `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function pyRepr(v) {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return isInt(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

// The Python type name json.loads would have produced, for "must be a list, got dict".
function pyType(v) {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return isInt(v) ? 'int' : 'float';
  return { boolean: 'bool', string: 'str', object: 'dict' }[typeof v];
}

// ---- validation: each helper returns the decoded value or throws Rejected ----

// JSON cannot carry NaN or infinity, so requests spell them as strings; we decode them only to reject them.
const NON_FINITE = new Map([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]]);
const decode = (v) => (typeof v === 'string' && NON_FINITE.has(v) ? NON_FINITE.get(v) : v);

function present(obj, field) {
  if (!Object.prototype.hasOwnProperty.call(obj, field)) reject(field, 'missing');
  return obj[field];
}

function number(arg, where, v) {
  const x = decode(v);
  if (typeof x !== 'number') reject(arg, `entry ${where} is not a number (got ${pyRepr(v)})`);
  if (Number.isNaN(x)) reject(arg, `entry ${where} is NaN`);
  if (!Number.isFinite(x)) reject(arg, `entry ${where} is infinite`);
  return x;
}

function list(arg, v) {
  if (!Array.isArray(v)) reject(arg, `must be a list, got ${pyType(v)}`);
  if (v.length > MAX_ENTRIES) reject(arg, `has ${v.length} entries, more than the ${MAX_ENTRIES} allowed`);
  if (v.length === 0) reject(arg, 'must not be empty');
  return v;
}

const vector = (arg, v) => list(arg, v).map((x, i) => number(arg, `[${i}]`, x));

// Row by row, as the reference does: a row's shape, then its entries, then the next row.
const matrix = (arg, m) => list(arg, m).map((row, r) => {
  if (!Array.isArray(row)) reject(arg, `row ${r} must be a list, got ${pyType(row)}`);
  if (row.length === 0) reject(arg, `row ${r} is empty`);
  if (row.length > MAX_ENTRIES) reject(arg, `row ${r} has ${row.length} entries, more than the ${MAX_ENTRIES} allowed`);
  if (row.length !== m[0].length) {
    reject(arg, `ragged matrix: row ${r} has ${row.length} entries, row 0 has ${m[0].length}`);
  }
  return row.map((x, c) => number(arg, `[${r}][${c}]`, x));
});

// The three arrays come first, then their shapes, so a later array's own problem wins over a mismatch.
function network(args) {
  const [wih, who, inputs] = [matrix('wih', args.wih), matrix('who', args.who), vector('inputs', args.inputs)];
  if (who[0].length !== wih.length) {
    reject('who', `${who[0].length} columns do not match wih's ${wih.length} rows`);
  }
  if (inputs.length !== wih[0].length) {
    reject('inputs', `length ${inputs.length} does not match wih's ${wih[0].length} columns`);
  }
  return { wih, who, inputs };
}

function targetsFor(v, who) {
  const targets = vector('targets', v);
  if (targets.length !== who.length) {
    reject('targets', `length ${targets.length} does not match who's ${who.length} rows`);
  }
  // The value is shown as a float ("1.0"), as the reference shows it.
  targets.forEach((t, i) => {
    if (!(t > 0 && t < 1)) {
      reject('targets', `entry [${i}] is ${pyFloat(t)}, outside the open interval (0, 1): ` +
        'the sigmoid never reaches 0 or 1');
    }
  });
  return targets;
}

function ruleOf(v) {
  if (typeof v !== 'string' || !RULES.includes(v)) {
    reject('rule', `unknown rule ${pyRepr(v)} (known: ${RULES.join(', ')})`);
  }
  return v;
}

// The article's update takes inner products of 1-D arrays (numpy.dot), which only exist when the two
// vectors have equal length; numpy would raise, so the protocol rejects instead (backward included).
function checkRuleFits(rule, wih, who) {
  if (rule !== 'article') return;
  const [n, m, k] = [wih[0].length, wih.length, who.length];
  if (k !== m) reject('rule', `article needs as many hidden as output nodes (${m} hidden, ${k} output)`);
  if (n !== m) reject('rule', `article needs as many inputs as hidden nodes (${n} inputs, ${m} hidden)`);
}

function learningRate(v) {
  const x = decode(v);
  if (typeof x !== 'number' || !(x > 0 && x < Infinity)) {
    reject('learning_rate', `must be a number > 0 (got ${pyRepr(x)})`);
  }
  return x;
}

function stepsOf(v) {
  // JSON.parse turns 3.0 into 3, so an integral float is accepted, as the protocol asks.
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_STEPS) {
    reject('steps', `must be a whole number from 1 to ${MAX_STEPS} (got ${pyRepr(v)})`);
  }
  return v;
}

function epochsOf(v) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_EPOCHS) {
    reject('epochs', `must be a whole number from 1 to ${MAX_EPOCHS} (got ${pyRepr(v)})`);
  }
  return v;
}

// A data set: inputs N×n (one sample a row) and, for fit, targets N×k, each target in (0, 1).
function dataSet(args, withTargets) {
  const [wih, who, inputs] = [matrix('wih', args.wih), matrix('who', args.who), matrix('inputs', args.inputs)];
  if (who[0].length !== wih.length) {
    reject('who', `${who[0].length} columns do not match wih's ${wih.length} rows`);
  }
  const [n, k] = [wih[0].length, who.length];
  if (inputs.length * inputs[0].length > MAX_SAMPLE_NUMBERS) {
    reject('inputs', `holds ${inputs.length * inputs[0].length} numbers, more than the ${MAX_SAMPLE_NUMBERS} allowed`);
  }
  if (inputs[0].length !== n) reject('inputs', `rows of ${inputs[0].length} entries do not match wih's ${n} columns`);
  if (!withTargets) return { wih, who, inputs };
  const targets = matrix('targets', args.targets);
  if (targets.length !== inputs.length || targets[0].length !== k) {
    reject('targets', `is ${targets.length}×${targets[0].length} where ${inputs.length}×${k} is needed ` +
      `(one row of ${k} per sample)`);
  }
  targets.forEach((row, r) => row.forEach((t, c) => {
    if (!(t > 0 && t < 1)) {
      reject('targets', `entry [${r}][${c}] is ${pyFloat(t)}, outside the open interval (0, 1): ` +
        'the sigmoid never reaches 0 or 1');
    }
  }));
  return { wih, who, inputs, targets };
}

// Finite arguments can still overflow; the reference then rejects, blaming the argument that caused it,
// rather than answer with numbers JSON cannot carry.
function finite(arg, values, what) {
  if (!values.flat().every(Number.isFinite)) {
    reject(arg, `${what} overflows float64 (a result is infinite or NaN)`);
  }
}

// ---- arithmetic: every sum runs j = 0, 1, 2, … like numpy's dot on small arrays ----

function dot(u, v) {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += u[j] * v[j];
  return s;
}

const matVec = (m, v) => m.map((row) => dot(row, v));
const transposeVec = (m, v) => m[0].map((_, j) => { // mᵀ·v without building mᵀ
  let s = 0;
  for (let i = 0; i < m.length; i++) s += m[i][j] * v[i];
  return s;
});

// σ(x) = 1/(1+exp(-x)) for every x: the protocol's formula, and what scipy.special.expit computes.
// It cannot fail in float64: for x < -709.78 exp(-x) is Infinity and 1/Infinity is 0, the right limit.
// The sign-split exp(x)/(1+exp(x)) for x < 0 is not used: it rounds differently from expit for about a
// fifth of all inputs, σ(-100) included (3.720075976020836e-44 instead of 3.7200759760208356e-44).
const sigma = (x) => 1 / (1 + Math.exp(-x));

function forward(wih, who, inputs) {
  const hidden_inputs = matVec(wih, inputs);
  const hidden_outputs = hidden_inputs.map(sigma);
  const final_inputs = matVec(who, hidden_outputs);
  const final_outputs = final_inputs.map(sigma);
  return { hidden_inputs, hidden_outputs, final_inputs, final_outputs };
}

// e∘o∘(1−o), multiplied left to right as the article's numpy expression is.
const delta = (e, y) => e.map((ei, i) => ei * y[i] * (1 - y[i]));

function backward(wih, who, inputs, targets, rule) {
  const f = forward(wih, who, inputs);
  const output_errors = targets.map((t, i) => t - f.final_outputs[i]);
  const back = rule === 'gradient' ? delta(output_errors, f.final_outputs) : output_errors;
  return { f, output_errors, hidden_errors: transposeVec(who, back) };
}

// w + lr·(d hᵀ): the outer product is formed before scaling by lr, as numpy evaluates lr * dot(d, hᵀ).
const addOuter = (w, lr, d, h) => w.map((row, i) => row.map((x, j) => x + lr * (d[i] * h[j])));
const addScalar = (w, s) => w.map((row) => row.map((x) => x + s));

function step(wih, who, inputs, targets, lr, rule) {
  const { f, output_errors, hidden_errors } = backward(wih, who, inputs, targets, rule);
  const dOut = delta(output_errors, f.final_outputs);
  const dHid = delta(hidden_errors, f.hidden_outputs); // hidden_errors came from the old who
  if (rule === 'article') {
    return {
      who: addScalar(who, lr * dot(dOut, f.hidden_outputs)),
      wih: addScalar(wih, lr * dot(dHid, inputs)),
      f,
      hidden_errors,
    };
  }
  return { who: addOuter(who, lr, dOut, f.hidden_outputs), wih: addOuter(wih, lr, dHid, inputs), f, hidden_errors };
}

// `count` steps over the samples (rows of inputs and targets), in order. An overflowed sum saturates σ and
// silences the deltas, so the weights alone would not show it: every step's sums are checked, in the
// reference's order. At the first step the given weights are to blame; later, the learning rate's steps.
function trained(wih, who, inputs, targets, lr, rule, count) {
  for (let s = 1; s <= count; s++) {
    const i = (s - 1) % inputs.length;
    let f, hidden_errors;
    ({ wih, who, f, hidden_errors } = step(wih, who, inputs[i], targets[i], lr, rule));
    finite(s === 1 ? 'wih' : 'learning_rate', f.hidden_inputs, `wih · inputs at step ${s}`);
    finite(s === 1 ? 'who' : 'learning_rate', f.final_inputs, `who · hidden_outputs at step ${s}`);
    finite(s === 1 ? 'who' : 'learning_rate', hidden_errors, `the hidden errors' sum at step ${s}`);
  }
  finite('learning_rate', wih, 'training (wih)');
  finite('learning_rate', who, 'training (who)');
  return { wih, who };
}

// ---- ops: every argument is validated before anything is computed ----

// The required arguments of each op, in the order they are checked; `steps` is optional (default 1).
const ARGS = {
  matmul: ['a', 'b'],
  sigmoid: ['x'],
  forward: ['wih', 'who', 'inputs'],
  backward: ['wih', 'who', 'inputs', 'targets', 'rule'],
  train: ['wih', 'who', 'inputs', 'targets', 'learning_rate', 'rule'],
  query: ['wih', 'who', 'inputs'],
  fit: ['wih', 'who', 'inputs', 'targets', 'learning_rate', 'rule'],
};
const OPTIONAL = { train: ['steps'], fit: ['epochs'] };

const OPS = {
  matmul(args) {
    const a = matrix('a', args.a);
    // b is a matrix when its first item is a list; anything else is checked as a vector.
    const bIsMatrix = Array.isArray(list('b', args.b)[0]);
    const b = bIsMatrix ? matrix('b', args.b) : vector('b', args.b);
    if (b.length !== a[0].length) {
      const what = bIsMatrix ? `${b.length} rows do not` : `length ${b.length} does not`;
      reject('b', `${what} match a's ${a[0].length} columns`);
    }
    const column = (c) => b.map((row) => row[c]);
    const product = bIsMatrix ? a.map((row) => b[0].map((_, c) => dot(row, column(c)))) : matVec(a, b);
    finite('a', product, 'a · b');
    return { product };
  },

  sigmoid(args) {
    return { y: vector('x', args.x).map(sigma) };
  },

  forward(args) {
    const { wih, who, inputs } = network(args);
    const f = forward(wih, who, inputs);
    finite('wih', f.hidden_inputs, 'wih · inputs');
    finite('who', f.final_inputs, 'who · hidden_outputs');
    return f;
  },

  backward(args) {
    const { wih, who, inputs } = network(args);
    const targets = targetsFor(args.targets, who);
    const rule = ruleOf(args.rule);
    checkRuleFits(rule, wih, who);
    const { f, output_errors, hidden_errors } = backward(wih, who, inputs, targets, rule);
    finite('wih', f.hidden_inputs, 'wih · inputs');
    finite('who', f.final_inputs, 'who · hidden_outputs');
    finite('who', hidden_errors, "the hidden errors' sum");
    return { output_errors, hidden_errors };
  },

  train(args) {
    const { wih, who, inputs } = network(args);
    const targets = targetsFor(args.targets, who);
    const lr = learningRate(args.learning_rate);
    const rule = ruleOf(args.rule);
    const n = Object.prototype.hasOwnProperty.call(args, 'steps') ? stepsOf(args.steps) : 1;
    checkRuleFits(rule, wih, who);
    return trained(wih, who, [inputs], [targets], lr, rule, n);
  },

  query(args) {
    const { wih, who, inputs } = dataSet(args, false);
    const final_outputs = inputs.map((x) => {
      const f = forward(wih, who, x);
      finite('wih', f.hidden_inputs, 'wih · inputs');
      finite('who', f.final_inputs, 'who · hidden_outputs');
      return f.final_outputs;
    });
    return { final_outputs };
  },

  fit(args) {
    const { wih, who, inputs, targets } = dataSet(args, true);
    const lr = learningRate(args.learning_rate);
    const rule = ruleOf(args.rule);
    const epochs = Object.prototype.hasOwnProperty.call(args, 'epochs') ? epochsOf(args.epochs) : 1;
    checkRuleFits(rule, wih, who);
    return trained(wih, who, inputs, targets, lr, rule, epochs * inputs.length);
  },
};

// ---- transport ----

const send = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// Returns the answer to one line, or null for stop.
function answer(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return { seq: null, error: `line: not valid JSON (${err.message})` };
  }
  if (!isObject(msg)) return { seq: null, error: 'line: must be a JSON object' };
  // An answer carries the line's seq when that is an integer, and null otherwise, whatever the cmd.
  const seq = Number.isSafeInteger(msg.seq) ? msg.seq : null;
  try {
    switch (present(msg, 'cmd')) {
      case 'stop':
        return null;
      case 'start': {
        const protocol = present(msg, 'protocol');
        if (protocol !== 1) reject('protocol', `unsupported protocol ${pyRepr(protocol)} (supported: 1)`);
        return { protocol: 1, implementation: IMPLEMENTATION, ops: Object.keys(OPS), rules: RULES };
      }
      case 'run': {
        // The harness numbers its requests 1, 2, 3 …
        if (seq === null) reject('seq', `must be an integer (got ${pyRepr(present(msg, 'seq'))})`);
        const op = present(msg, 'op');
        if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(OPS, op)) {
          reject('op', `unknown op ${pyRepr(op)} (known: ${Object.keys(OPS).join(', ')})`);
        }
        const args = present(msg, 'args');
        if (!isObject(args)) reject('args', `must be an object, got ${pyType(args)}`);
        ARGS[op].forEach((name) => present(args, name));
        // A misspelt argument ("step") would otherwise be ignored, and its default used without a word.
        const known = [...ARGS[op], ...(OPTIONAL[op] || [])];
        Object.keys(args).forEach((name) => {
          if (!known.includes(name)) reject(name, `unknown argument of ${op} (known: ${known.join(', ')})`);
        });
        return { seq, result: OPS[op](args) };
      }
      default:
        return reject('cmd', `unknown command ${pyRepr(msg.cmd)} (known: start, run, stop)`);
    }
  } catch (err) {
    if (err instanceof Rejected) return { seq, error: err.message };
    // A bug here must not take the adapter down; report it on the line that caused it.
    process.stderr.write(`${err.stack}\n`);
    return { seq, error: `internal: ${err.message}` };
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
let stopped = false;
rl.on('line', (line) => {
  if (stopped || line.trim() === '') return; // a blank line gets no answer
  const reply = answer(line);
  if (reply !== null) return void send(reply);
  stopped = true;
  rl.close();
  // Exit only once everything already written has reached stdout.
  process.stdout.write('', () => process.exit(0));
});
rl.on('close', () => { if (!stopped) process.stdout.write('', () => process.exit(0)); });
