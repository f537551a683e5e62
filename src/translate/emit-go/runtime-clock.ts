/** Go source of jsrt.go, part: Clock, Math.random (mulberry32) and Date.toISOString, pinnable for tests. */
export const GO_RUNTIME_CLOCK = String.raw`// ---------------------------------------------------------------------------------------------
// Clock and Math.random, pinnable for tests (the vectors were recorded with both pinned).

var jsEnv struct {
	mu       sync.Mutex
	pinned   bool
	clockMs  float64
	seeded   bool
	rngState uint32
}

// SetClockMs pins Date.now() and new Date() to ms milliseconds since the Unix epoch.
func SetClockMs(ms float64) {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	jsEnv.pinned, jsEnv.clockMs = true, ms
}

// ResetClock makes Date.now() follow the system clock again.
func ResetClock() {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	jsEnv.pinned = false
}

// SeedRandom makes Math.random() the mulberry32 sequence for seed, as the vector recorder does.
func SeedRandom(seed uint32) {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	jsEnv.seeded, jsEnv.rngState = true, seed
}

// ClockState is what Date.now() reads at this moment and whether it is pinned: a service
// records it with each call that changes its state, so a replay pins the same instant.
func ClockState() (ms float64, pinned bool) {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	if jsEnv.pinned {
		return jsEnv.clockMs, true
	}
	return float64(time.Now().UnixMilli()), false
}

// RandomState is Math.random()'s generator state (seeded from the clock first if it was not):
// SeedRandom(RandomState()) before a call makes its Math.random() values repeatable.
func RandomState() uint32 {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	if !jsEnv.seeded {
		jsEnv.seeded, jsEnv.rngState = true, uint32(time.Now().UnixNano())
	}
	return jsEnv.rngState
}

// jsNow is Date.now().
func jsNow() float64 {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	if jsEnv.pinned {
		return jsEnv.clockMs
	}
	return float64(time.Now().UnixMilli())
}

// jsRandom is Math.random(): mulberry32, seeded from the clock unless SeedRandom was called.
func jsRandom() float64 {
	jsEnv.mu.Lock()
	defer jsEnv.mu.Unlock()
	if !jsEnv.seeded {
		jsEnv.seeded, jsEnv.rngState = true, uint32(time.Now().UnixNano())
	}
	jsEnv.rngState += 0x6D2B79F5
	t := jsEnv.rngState
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return float64(t^t>>14) / 4294967296
}

// jsISOString is Date.prototype.toISOString for a time value in milliseconds.
func jsISOString(ms float64) string {
	if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 {
		panic("RangeError: Invalid time value")
	}
	t := time.UnixMilli(int64(ms)).UTC()
	rest := t.Format("-01-02T15:04:05.000Z")
	switch year := t.Year(); {
	case year >= 0 && year <= 9999:
		return fmt.Sprintf("%04d%s", year, rest)
	case year < 0:
		return fmt.Sprintf("-%06d%s", -year, rest)
	default:
		return fmt.Sprintf("+%06d%s", year, rest)
	}
}
`;
