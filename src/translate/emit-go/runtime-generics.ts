/** Go source of jsrt.go, part: what generic translations use. */
export const GO_RUNTIME_GENERICS = String.raw`// ---------------------------------------------------------------------------------------------
// Generics: JS String(v) of a type parameter's value (vectors run them as numbers and strings).

// jsStringOf is String(v) for a value of a type parameter.
func jsStringOf[T any](v T) string {
	switch x := any(v).(type) {
	case float64:
		return jsNumStr(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}`;
