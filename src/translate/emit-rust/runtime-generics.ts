/**
 * Rust source of the `jsrt` items generic translations use: the `JsString` bound (JS
 * `String(v)` on a type parameter) and `Shared`, the handle of a shared class's instances.
 */
import type { RuntimeSnippet } from './runtime.js';

export const GENERIC_SNIPPETS: RuntimeSnippet[] = [
  {
    name: 'JsString',
    deps: ['num_to_string'],
    code: `/// JS \`String(v)\` for the values a type parameter with this bound holds.
pub trait JsString {
    fn js_string(&self) -> String;
}

impl JsString for f64 {
    fn js_string(&self) -> String {
        num_to_string(*self)
    }
}

impl JsString for i64 {
    fn js_string(&self) -> String {
        self.to_string()
    }
}

impl JsString for bool {
    fn js_string(&self) -> String {
        self.to_string()
    }
}

impl JsString for String {
    fn js_string(&self) -> String {
        self.clone()
    }
}

impl<T: JsString> JsString for Option<T> {
    fn js_string(&self) -> String {
        self.as_ref().map_or_else(|| "undefined".to_string(), JsString::js_string)
    }
}`,
  },
  {
    name: 'Shared',
    uses: ['std::fmt', 'std::sync::{Arc, Mutex, MutexGuard, PoisonError}'],
    code: `/// A JS object shared by reference (the state of a shared class's instance): clones are
/// handles to the same object and \`==\` compares identity. The translation takes the lock for one
/// access at a time and computes everything else first, so an object is never locked twice.
pub struct Shared<T>(Arc<Mutex<T>>);

impl<T> Shared<T> {
    pub fn new(state: T) -> Self {
        Shared(Arc::new(Mutex::new(state)))
    }

    /// Runs \`f\` on the object's state.
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.lock())
    }

    /// Runs \`f\` on the object's state, which it may change.
    pub fn write<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, T> {
        // A panic inside a closure (a failed vector) leaves the state as it was: keep using it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> fmt::Debug for Shared<T> {
    /// The address only: objects may refer to each other in cycles.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shared({:p})", Arc::as_ptr(&self.0))
    }
}`,
  },
];
