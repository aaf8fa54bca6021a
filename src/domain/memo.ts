/**
 * One value per key, made on first use and kept: for objects that cost far more to make than to
 * use (Intl formatters, prepared statements) and whose keys are few (time zones, locales).
 */
export function memoized<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}
