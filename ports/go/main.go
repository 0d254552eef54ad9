// Command mlp-spec-port-go is a Protocol 1 adapter (docs/protocol.md) for the mlp-spec network: 3 layers,
// sigmoid, no biases. Go's standard library only; Go's float64 is IEEE binary64, as the protocol requires.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

var implementation = map[string]string{"name": "mlp-spec-port-go", "language": "Go", "version": "1.0.0"}

var rules = []string{"article", "book", "gradient"}

const (
	maxSide          = 100_000    // entries in any vector, or in any row or column of a matrix
	maxSteps         = 1_000_000  // train's steps
	maxEpochs        = 1_000      // fit's passes over the samples
	maxSampleNumbers = 10_000_000 // numbers in query's or fit's inputs
)

// The arguments of each op, in the order they are checked; the last of train and fit is optional.
var opArgs = map[string][]string{
	"matmul":   {"a", "b"},
	"sigmoid":  {"x"},
	"forward":  {"wih", "who", "inputs"},
	"backward": {"wih", "who", "inputs", "targets", "rule"},
	"train":    {"wih", "who", "inputs", "targets", "learning_rate", "rule", "steps"},
	"query":    {"wih", "who", "inputs"},
	"fit":      {"wih", "who", "inputs", "targets", "learning_rate", "rule", "epochs"},
}
var optional = map[string]bool{"steps": true, "epochs": true}
var opNames = []string{"matmul", "sigmoid", "forward", "backward", "train", "query", "fit"}

// ---- validation: each helper returns the decoded value, or panics with a rejection ----

// rejection is a rejected input, "<argument>: <problem>". It travels by panic up to answer(), as a thrown
// error would in the JavaScript port, so that the checks read as a list rather than a ladder of ifs.
type rejection string

func reject(arg, format string, a ...any) { panic(rejection(arg + ": " + fmt.Sprintf(format, a...))) }

// show quotes a value in a message as JSON, shortened.
func show(v any) string {
	text, _ := json.Marshal(v)
	if len(text) > 60 {
		return string(text[:57]) + "..."
	}
	return string(text)
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "list"
	}
	return "object"
}

// JSON cannot carry NaN or infinity, so requests spell them as strings; we decode them only to reject them.
var nonFinite = map[string]float64{"NaN": math.NaN(), "Infinity": math.Inf(1), "-Infinity": math.Inf(-1)}

// toFloat is the float64 a number stands for; ok is false for what is not a number. Numbers are read as text
// (json.Decoder.UseNumber), so that one beyond float64 becomes ±Inf here instead of failing the whole line.
func toFloat(v any, namesToo bool) (x float64, ok bool) {
	switch t := v.(type) {
	case json.Number:
		x, _ = strconv.ParseFloat(string(t), 64) // the syntax is JSON's; the only error is a range, as ±Inf
		return x, true
	case string:
		x, ok = nonFinite[t]
		return x, ok && namesToo
	}
	return 0, false
}

// index spells a position as the messages do: [r][c].
func index(at []int) string {
	text := ""
	for _, i := range at {
		text += fmt.Sprintf("[%d]", i)
	}
	return text
}

// number is v as a finite float64; at is its index, spelt out only in a rejection.
func number(arg string, v any, at ...int) float64 {
	x, ok := toFloat(v, true)
	if ok && !math.IsNaN(x) && !math.IsInf(x, 0) {
		return x
	}
	where := "entry " + index(at)
	switch {
	case !ok:
		reject(arg, "%s is not a number (got %s)", where, show(v))
	case math.IsNaN(x):
		reject(arg, "%s is NaN", where)
	}
	reject(arg, "%s is infinite or too large for float64", where)
	return 0
}

func list(arg, what string, v any) []any {
	items, ok := v.([]any)
	switch {
	case !ok:
		reject(arg, "%smust be a list, got %s", what, kind(v))
	case len(items) > maxSide:
		reject(arg, "%shas %d entries, more than the %d allowed", what, len(items), maxSide)
	case len(items) == 0:
		reject(arg, "%smust not be empty", what)
	}
	return items
}

func vector(arg string, v any) []float64 {
	items := list(arg, "", v)
	out := make([]float64, len(items))
	for i, x := range items {
		out[i] = number(arg, x, i)
	}
	return out
}

// matrix checks row by row, as the reference does: a row's shape, then its entries, then the next row.
func matrix(arg string, v any) [][]float64 {
	rows := list(arg, "", v)
	out := make([][]float64, len(rows))
	for r, row := range rows {
		items := list(arg, fmt.Sprintf("row %d ", r), row)
		if width := len(out[0]); r > 0 && len(items) != width {
			reject(arg, "ragged matrix: row %d has %d entries, row 0 has %d", r, len(items), width)
		}
		out[r] = make([]float64, len(items))
		for c, x := range items {
			out[r][c] = number(arg, x, r, c)
		}
	}
	return out
}

// layers gives wih (m×n) and who (k×m), checked against each other.
func layers(args map[string]any) (wih, who [][]float64) {
	wih, who = matrix("wih", args["wih"]), matrix("who", args["who"])
	if len(who[0]) != len(wih) {
		reject("who", "%d columns do not match wih's %d rows", len(who[0]), len(wih))
	}
	return wih, who
}

func inputsFor(v any, wih [][]float64) []float64 {
	inputs := vector("inputs", v)
	if len(inputs) != len(wih[0]) {
		reject("inputs", "length %d does not match wih's %d columns", len(inputs), len(wih[0]))
	}
	return inputs
}

// samples is a data set's inputs, N×n, one sample a row.
func samples(v any, wih [][]float64) [][]float64 {
	inputs := matrix("inputs", v)
	if size := len(inputs) * len(inputs[0]); size > maxSampleNumbers {
		reject("inputs", "holds %d numbers, more than the %d allowed", size, maxSampleNumbers)
	}
	if len(inputs[0]) != len(wih[0]) {
		reject("inputs", "rows of %d entries do not match wih's %d columns", len(inputs[0]), len(wih[0]))
	}
	return inputs
}

func inUnitInterval(t float64, at ...int) {
	if !(t > 0 && t < 1) {
		reject("targets", "entry %s is %v, outside the open interval (0, 1): the sigmoid never reaches 0 or 1",
			index(at), t)
	}
}

func targetsFor(v any, who [][]float64) []float64 {
	targets := vector("targets", v)
	if len(targets) != len(who) {
		reject("targets", "length %d does not match who's %d rows", len(targets), len(who))
	}
	for i, t := range targets {
		inUnitInterval(t, i)
	}
	return targets
}

// sampleTargets is a data set's targets, N×k: one row of k per sample of inputs.
func sampleTargets(v any, inputs, who [][]float64) [][]float64 {
	targets := matrix("targets", v)
	if len(targets) != len(inputs) || len(targets[0]) != len(who) {
		reject("targets", "is %d×%d where %d×%d is needed (one row of %d per sample)",
			len(targets), len(targets[0]), len(inputs), len(who), len(who))
	}
	for r, row := range targets {
		for c, t := range row {
			inUnitInterval(t, r, c)
		}
	}
	return targets
}

func ruleOf(v any, wih, who [][]float64) string {
	name, _ := v.(string)
	if !contains(rules, name) {
		reject("rule", "unknown rule %s (known: %s)", show(v), strings.Join(rules, ", "))
	}
	// The article's update takes inner products of 1-D arrays (numpy.dot), which exist only between vectors
	// of equal length; numpy would raise, so the protocol rejects instead.
	n, m, k := len(wih[0]), len(wih), len(who)
	if name == "article" && k != m {
		reject("rule", "article needs as many hidden as output nodes (%d hidden, %d output)", m, k)
	}
	if name == "article" && n != m {
		reject("rule", "article needs as many inputs as hidden nodes (%d inputs, %d hidden)", n, m)
	}
	return name
}

func learningRate(v any) float64 {
	x, ok := toFloat(v, true)
	if !ok || !(x > 0 && x < math.Inf(1)) {
		reject("learning_rate", "must be a finite number > 0 (got %s)", show(v))
	}
	return x
}

// whole reads steps or epochs: 3.0 counts as 3, since JSON does not tell them apart; "3" and true do not.
func whole(arg string, v any, present bool, limit int) int {
	if !present {
		return 1
	}
	x, ok := toFloat(v, false)
	if !ok || x != math.Trunc(x) || x < 1 || x > float64(limit) {
		reject(arg, "must be a whole number from 1 to %d (got %s)", limit, show(v))
	}
	return int(x)
}

// Finite arguments can still overflow; then the argument that caused it is rejected, rather than answer
// with numbers JSON cannot carry.
func finite(arg, what string, values ...[]float64) {
	if !allFinite(values...) {
		reject(arg, "%s overflows float64 (a result is infinite or NaN)", what)
	}
}

func allFinite(values ...[]float64) bool {
	for _, row := range values {
		for _, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	return true
}

// ---- arithmetic: every sum runs j = 0, 1, 2, … like numpy's dot on small arrays ----

// Go may fuse x*y + z into one rounding (it does on arm64); the explicit float64() conversions forbid it,
// so that every product is rounded as in the reference.

func dot(u, v []float64) float64 {
	s := 0.0
	for j := range u {
		s += float64(u[j] * v[j])
	}
	return s
}

func matVec(m [][]float64, v []float64) []float64 {
	out := make([]float64, len(m))
	for i, row := range m {
		out[i] = dot(row, v)
	}
	return out
}

// transposeVec is mᵀ·v without building mᵀ.
func transposeVec(m [][]float64, v []float64) []float64 {
	out := make([]float64, len(m[0]))
	for j := range out {
		for i := range m {
			out[j] += float64(m[i][j] * v[i])
		}
	}
	return out
}

// sigma is 1/(1+exp(−x)) for every x: for x < −709.78, exp(−x) is +Inf and 1/Inf is 0, the right limit.
func sigma(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = 1 / (1 + math.Exp(-x))
	}
	return out
}

type pass struct{ hiddenInputs, hiddenOutputs, finalInputs, finalOutputs []float64 }

func forward(wih, who [][]float64, inputs []float64) pass {
	var p pass
	p.hiddenInputs = matVec(wih, inputs)
	p.hiddenOutputs = sigma(p.hiddenInputs)
	p.finalInputs = matVec(who, p.hiddenOutputs)
	p.finalOutputs = sigma(p.finalInputs)
	return p
}

// delta is e∘o∘(1−o), multiplied left to right as the article's numpy expression is.
func delta(e, o []float64) []float64 {
	out := make([]float64, len(e))
	for i := range e {
		out[i] = e[i] * o[i] * (1 - o[i])
	}
	return out
}

func backward(who [][]float64, targets []float64, p pass, rule string) (outputErrors, hiddenErrors []float64) {
	outputErrors = make([]float64, len(targets))
	for i, t := range targets {
		outputErrors[i] = t - p.finalOutputs[i]
	}
	back := outputErrors
	if rule == "gradient" {
		back = delta(outputErrors, p.finalOutputs)
	}
	return outputErrors, transposeVec(who, back)
}

// step is one step of rule on one sample, updating wih and who in place. count is the step's number from 1:
// an overflow at the first step is the given weights' fault, at a later one the learning rate's.
func step(wih, who [][]float64, inputs, targets []float64, lr float64, rule string, count int) {
	p := forward(wih, who, inputs)
	// An overflowed sum saturates σ and silences the deltas, so the weights alone would not show it.
	blame := func(layer string) string {
		if count > 1 {
			return "learning_rate"
		}
		return layer
	}
	if !allFinite(p.hiddenInputs) {
		reject(blame("wih"), "wih · inputs overflows float64 at step %d", count)
	}
	if !allFinite(p.finalInputs) {
		reject(blame("who"), "who · hidden_outputs overflows float64 at step %d", count)
	}
	outputErrors, hiddenErrors := backward(who, targets, p, rule)
	if !allFinite(hiddenErrors) {
		reject(blame("who"), "the hidden errors' sum overflows float64 at step %d", count)
	}
	dOut := delta(outputErrors, p.finalOutputs)
	dHid := delta(hiddenErrors, p.hiddenOutputs) // hidden_errors came from the old who
	if rule == "article" {
		addScalar(who, float64(lr*dot(dOut, p.hiddenOutputs)))
		addScalar(wih, float64(lr*dot(dHid, inputs)))
		return
	}
	addOuter(who, lr, dOut, p.hiddenOutputs)
	addOuter(wih, lr, dHid, inputs)
}

// addOuter is w += lr·(d hᵀ): the outer product is formed before scaling by lr, as numpy evaluates it.
func addOuter(w [][]float64, lr float64, d, h []float64) {
	for i, row := range w {
		for j := range row {
			row[j] += float64(lr * (d[i] * h[j]))
		}
	}
}

func addScalar(w [][]float64, s float64) {
	for _, row := range w {
		for j := range row {
			row[j] += s
		}
	}
}

// ---- ops: every argument is validated before anything is computed ----

type result map[string]any

func run(op string, args map[string]any) result {
	switch op {
	case "matmul":
		a := matrix("a", args["a"])
		// b is a matrix when its first item is a list; anything else is checked as a vector.
		if _, isMatrix := list("b", "", args["b"])[0].([]any); !isMatrix {
			b := vector("b", args["b"])
			if len(b) != len(a[0]) {
				reject("b", "length %d does not match a's %d columns", len(b), len(a[0]))
			}
			product := matVec(a, b)
			finite("a", "a · b", product)
			return result{"product": product}
		}
		b := matrix("b", args["b"])
		if len(b) != len(a[0]) {
			reject("b", "%d rows do not match a's %d columns", len(b), len(a[0]))
		}
		product := make([][]float64, len(a))
		for i := range a {
			product[i] = transposeVec(b, a[i]) // row i of a·b is bᵀ·(row i of a), summed over j = 0, 1, …
		}
		finite("a", "a · b", product...)
		return result{"product": product}
	case "sigmoid":
		return result{"y": sigma(vector("x", args["x"]))}
	case "forward":
		wih, who := layers(args)
		p := forward(wih, who, inputsFor(args["inputs"], wih))
		finite("wih", "wih · inputs", p.hiddenInputs)
		finite("who", "who · hidden_outputs", p.finalInputs)
		return result{"hidden_inputs": p.hiddenInputs, "hidden_outputs": p.hiddenOutputs,
			"final_inputs": p.finalInputs, "final_outputs": p.finalOutputs}
	case "backward":
		wih, who := layers(args)
		inputs := inputsFor(args["inputs"], wih)
		targets := targetsFor(args["targets"], who)
		rule := ruleOf(args["rule"], wih, who)
		p := forward(wih, who, inputs)
		outputErrors, hiddenErrors := backward(who, targets, p, rule)
		finite("wih", "wih · inputs", p.hiddenInputs)
		finite("who", "who · hidden_outputs", p.finalInputs)
		finite("who", "the hidden errors", hiddenErrors)
		return result{"output_errors": outputErrors, "hidden_errors": hiddenErrors}
	case "train":
		wih, who := layers(args)
		inputs := inputsFor(args["inputs"], wih)
		targets := targetsFor(args["targets"], who)
		lr := learningRate(args["learning_rate"])
		rule := ruleOf(args["rule"], wih, who)
		steps, present := args["steps"]
		n := whole("steps", steps, present, maxSteps)
		for s := 1; s <= n; s++ {
			step(wih, who, inputs, targets, lr, rule, s)
		}
		finite("learning_rate", "training (wih)", wih...)
		finite("learning_rate", "training (who)", who...)
		return result{"wih": wih, "who": who}
	case "query":
		wih, who := layers(args)
		inputs := samples(args["inputs"], wih)
		finalOutputs := make([][]float64, len(inputs))
		for r, row := range inputs {
			p := forward(wih, who, row)
			finite("wih", "wih · inputs", p.hiddenInputs)
			finite("who", "who · hidden_outputs", p.finalInputs)
			finalOutputs[r] = p.finalOutputs
		}
		return result{"final_outputs": finalOutputs}
	default: // fit
		wih, who := layers(args)
		inputs := samples(args["inputs"], wih)
		targets := sampleTargets(args["targets"], inputs, who)
		lr := learningRate(args["learning_rate"])
		rule := ruleOf(args["rule"], wih, who)
		epochs, present := args["epochs"]
		n := whole("epochs", epochs, present, maxEpochs)
		for e := 0; e < n; e++ {
			for r := range inputs {
				step(wih, who, inputs[r], targets[r], lr, rule, e*len(inputs)+r+1)
			}
		}
		finite("learning_rate", "training (wih)", wih...)
		finite("learning_rate", "training (who)", who...)
		return result{"wih": wih, "who": who}
	}
}

// ---- transport ----

func field(msg map[string]any, name string) any {
	v, ok := msg[name]
	if !ok {
		reject(name, "missing")
	}
	return v
}

// answer is the answer to one line, or nil for stop.
func answer(line []byte) (reply result) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return result{"seq": nil, "error": "line: not valid JSON (" + err.Error() + ")"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return result{"seq": nil, "error": "line: not valid JSON (more after the object)"}
	}
	msg, ok := v.(map[string]any)
	if !ok {
		return result{"seq": nil, "error": "line: must be a JSON object"}
	}
	// An answer carries the line's seq when that is an integer, and null otherwise, whatever the cmd.
	var seq any
	if n, ok := msg["seq"].(json.Number); ok && isInteger(n) {
		seq = n
	}
	defer func() {
		switch r := recover().(type) {
		case nil:
		case rejection:
			reply = result{"seq": seq, "error": string(r)}
		default: // a bug here must not take the adapter down; report it on the line that caused it
			fmt.Fprintln(os.Stderr, r)
			reply = result{"seq": seq, "error": fmt.Sprintf("internal: %v", r)}
		}
	}()
	switch cmd := field(msg, "cmd"); cmd {
	case "stop":
		return nil
	case "start":
		if p, _ := toFloat(field(msg, "protocol"), false); p != 1 {
			reject("protocol", "unsupported protocol %s (supported: 1)", show(msg["protocol"]))
		}
		return result{"protocol": 1, "implementation": implementation, "ops": opNames, "rules": rules}
	case "run":
		// The harness numbers its requests 1, 2, 3 …
		if seq == nil {
			reject("seq", "must be an integer (got %s)", show(field(msg, "seq")))
		}
		op, _ := field(msg, "op").(string)
		if _, known := opArgs[op]; !known {
			reject("op", "unknown op %s (known: %s)", show(msg["op"]), strings.Join(opNames, ", "))
		}
		args, ok := field(msg, "args").(map[string]any)
		if !ok {
			reject("args", "must be an object, got %s", kind(msg["args"]))
		}
		for _, name := range opArgs[op] {
			if !optional[name] {
				field(args, name)
			}
		}
		// A misspelt argument ("step") would otherwise be ignored, and its default used without a word.
		names := make([]string, 0, len(args))
		for name := range args {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !contains(opArgs[op], name) {
				reject(name, "unknown argument of %s (known: %s)", op, strings.Join(opArgs[op], ", "))
			}
		}
		return result{"seq": seq, "result": run(op, args)}
	default:
		reject("cmd", "unknown command %s (known: start, run, stop)", show(cmd))
	}
	return nil
}

func isInteger(n json.Number) bool {
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n') // no length limit: a data set's line can be megabytes
		if len(bytes.TrimSpace(line)) > 0 {
			reply := answer(line)
			if reply == nil {
				return
			}
			text, _ := json.Marshal(reply)
			out.Write(append(text, '\n'))
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}
