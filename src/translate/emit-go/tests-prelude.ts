/**
 * The fixed part of vectors_test.go: loading vectors/*.json, replaying function vectors and class
 * call sequences (clock and random pinned, panics caught), and printing the PIVOT-MISMATCH /
 * PIVOT-VECTORS lines `pivot verify` reads. Everything is prefixed `vt` (names.ts keeps
 * translated names off the prefix).
 */
import { TEST_PRELUDE_VALUES } from './tests-prelude-values.js';

// `~` stands for a backtick (struct tags) inside this template.
export const TEST_PRELUDE_REPLAY = String.raw`
type vtTolerance struct {
	Absolute float64 ~json:"absolute"~
	Relative float64 ~json:"relative"~
}

type vtCall struct {
	Method string            ~json:"method"~
	Args   []json.RawMessage ~json:"args"~
	Result json.RawMessage   ~json:"result"~
	Error  *string           ~json:"error"~
}

type vtSequence struct {
	ConstructorArgs  []json.RawMessage ~json:"constructorArgs"~
	Calls            []vtCall          ~json:"calls"~
	ConstructorError *string           ~json:"constructorError"~
}

type vtFile struct {
	name       string
	Kind       string       ~json:"kind"~
	Unit       string       ~json:"unit"~
	Function   string       ~json:"function"~
	Class      string       ~json:"class"~
	Tolerance  vtTolerance  ~json:"tolerance"~
	ClockMs    float64      ~json:"clockMs"~
	RandomSeed float64      ~json:"randomSeed"~
	Vectors    []vtCall     ~json:"vectors"~
	Sequences  []vtSequence ~json:"sequences"~
}

// vtOutcome is what one call did: returned an encoded value, or returned an error (TS threw).
type vtOutcome struct {
	value  any
	thrown error
}

type vtMethods func(method string, args []json.RawMessage) (vtOutcome, error)

// vtMismatch is one PIVOT-MISMATCH line (see pivot's vectors-format.ts).
type vtMismatch struct {
	File     string          ~json:"file"~
	Index    int             ~json:"index"~
	Call     *int            ~json:"call,omitempty"~
	Input    json.RawMessage ~json:"input"~
	Expected json.RawMessage ~json:"expected"~
	Actual   json.RawMessage ~json:"actual"~
}

// vtReport collects a file's mismatches and prints the lines pivot verify reads.
type vtReport struct {
	t        *testing.T
	file     vtFile
	total    int
	failures []vtMismatch
}

func (r *vtReport) mismatch(m vtMismatch, where string) {
	r.t.Helper()
	m.File = r.file.name
	r.failures = append(r.failures, m)
	r.t.Errorf("%s: input %s: expected %s, got %s", where, m.Input, m.Expected, m.Actual)
}

func (r *vtReport) finish() {
	for i, m := range r.failures {
		if i == 20 {
			break
		}
		line, _ := json.Marshal(m)
		fmt.Println("PIVOT-MISMATCH " + string(line))
	}
	summary, _ := json.Marshal(map[string]any{
		"file":   r.file.name,
		"unit":   r.file.Unit,
		"total":  r.total,
		"passed": r.total - len(r.failures),
		"failed": len(r.failures),
	})
	fmt.Println("PIVOT-VECTORS " + string(summary))
}

// vtMaxStack is the goroutine stack limit of the replay (Go's 64-bit default is 1 GB): recursion
// that JavaScript completes must complete here too.
const vtMaxStack = 2 << 30

// vtTrace is set by pivot verify: a line before each vector names the one a crash stopped at.
var vtTrace = os.Getenv("PIVOT_VECTOR_TRACE") != ""

// start prints PIVOT-VECTOR-START for the vector or call sequence about to run, under pivot verify.
func (r *vtReport) start(index int) {
	if !vtTrace {
		return
	}
	line, _ := json.Marshal(map[string]any{"file": r.file.name, "index": index, "failed": len(r.failures)})
	fmt.Println("PIVOT-VECTOR-START " + string(line))
}

func vtLoadFiles(t *testing.T) []vtFile {
	t.Helper()
	debug.SetMaxStack(vtMaxStack)
	paths, err := filepath.Glob(filepath.Join("vectors", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := make([]vtFile, 0, len(paths))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var f vtFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		f.name = filepath.Base(path)
		files = append(files, f)
	}
	return files
}

// vtPin pins the clock and Math.random as the recorder did.
func vtPin(f vtFile) {
	SetClockMs(f.ClockMs)
	SeedRandom(uint32(int64(f.RandomSeed)))
}

// vtGuard runs one call; a panic or an undecodable input becomes a reported outcome.
func vtGuard(call func() (vtOutcome, error)) (out vtOutcome) {
	defer func() {
		if p := recover(); p != nil {
			out = vtOutcome{thrown: fmt.Errorf("(the translated code panicked: %v)", p)}
		}
	}()
	out, err := call()
	if err != nil {
		return vtOutcome{thrown: fmt.Errorf("(replay could not call it: %v)", err)}
	}
	return out
}

func vtReplayFunction(t *testing.T, f vtFile, call func([]json.RawMessage) (vtOutcome, error)) {
	t.Helper()
	report := &vtReport{t: t, file: f, total: len(f.Vectors)}
	for i, v := range f.Vectors {
		report.start(i)
		vtPin(f)
		got := vtGuard(func() (vtOutcome, error) { return call(v.Args) })
		if !vtMatches(v, got, f.Tolerance) {
			m := vtMismatch{Index: i, Input: vtArgsJSON(v.Args), Expected: vtExpectedJSON(v), Actual: vtActualJSON(got)}
			report.mismatch(m, fmt.Sprintf("%s vector %d", f.name, i))
		}
	}
	report.finish()
}

func vtReplayClass(t *testing.T, f vtFile, construct func([]json.RawMessage) (vtMethods, error, error)) {
	t.Helper()
	report := &vtReport{t: t, file: f, total: len(f.Sequences)}
	for i, seq := range f.Sequences {
		report.start(i)
		vtPin(f)
		var call vtMethods
		ctor := vtGuard(func() (vtOutcome, error) {
			methods, thrown, err := construct(seq.ConstructorArgs)
			call = methods
			return vtOutcome{thrown: thrown}, err
		})
		want := vtCall{Error: seq.ConstructorError, Result: json.RawMessage("null")}
		if !vtMatches(want, ctor, f.Tolerance) {
			first := -1
			input := vtCallJSON("constructor", seq.ConstructorArgs)
			m := vtMismatch{Index: i, Call: &first, Input: input, Expected: vtExpectedJSON(want), Actual: vtActualJSON(ctor)}
			report.mismatch(m, fmt.Sprintf("%s sequence %d constructor", f.name, i))
			continue
		}
		if ctor.thrown != nil {
			continue
		}
		for j, c := range seq.Calls {
			got := vtGuard(func() (vtOutcome, error) { return call(c.Method, c.Args) })
			if !vtMatches(c, got, f.Tolerance) {
				m := vtMismatch{Index: i, Call: &j, Input: vtCallJSON(c.Method, c.Args), Expected: vtExpectedJSON(c), Actual: vtActualJSON(got)}
				report.mismatch(m, fmt.Sprintf("%s sequence %d call %d (%s)", f.name, i, j, c.Method))
				break
			}
		}
	}
	report.finish()
}

// vtMatches: the TS original threw exactly when the translation returned an error (same message);
// otherwise the results are the same value within the tolerance.
func vtMatches(want vtCall, got vtOutcome, tol vtTolerance) bool {
	if want.Error != nil || got.thrown != nil {
		return want.Error != nil && got.thrown != nil && got.thrown.Error() == *want.Error
	}
	var expected any
	if len(want.Result) > 0 {
		if err := json.Unmarshal(want.Result, &expected); err != nil {
			return false
		}
	}
	return vtSame(expected, got.value, tol)
}

func vtExpectedJSON(want vtCall) json.RawMessage {
	if want.Error != nil {
		return vtObjectJSON("error", vtQuote(*want.Error))
	}
	return vtObjectJSON("result", vtCompact(want.Result))
}

func vtActualJSON(got vtOutcome) json.RawMessage {
	if got.thrown != nil {
		return vtObjectJSON("error", vtQuote(got.thrown.Error()))
	}
	return vtObjectJSON("result", vtShow(got.value))
}

func vtObjectJSON(key, value string) json.RawMessage {
	return json.RawMessage("{" + vtQuote(key) + ":" + value + "}")
}

func vtArgsJSON(args []json.RawMessage) json.RawMessage {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = vtCompact(a)
	}
	return json.RawMessage("[" + strings.Join(parts, ",") + "]")
}

func vtCallJSON(method string, args []json.RawMessage) json.RawMessage {
	return json.RawMessage(~{"method":~ + vtQuote(method) + ~,"args":~ + string(vtArgsJSON(args)) + "}")
}

func vtQuote(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

func vtArg(args []json.RawMessage, i int) json.RawMessage {
	if i < len(args) {
		return args[i]
	}
	return json.RawMessage("null")
}

func vtRawArgs(values ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(values))
	for i, v := range values {
		out[i] = json.RawMessage(v)
	}
	return out
}

func vtIsNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

`.replace(/~/g, '`');

export const TEST_IMPORTS = ['bytes', 'encoding/json', 'fmt', 'math', 'os', 'path/filepath', 'runtime/debug', 'sort', 'strconv', 'strings', 'testing'];

export const TEST_PRELUDE = `${TEST_PRELUDE_REPLAY.trim()}\n\n${TEST_PRELUDE_VALUES.trim()}\n`;
