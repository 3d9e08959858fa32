/**
 * `[...new Set(list)]`: each value once, in order, in an array of its exact size (findings keep
 * theirs all run, and an array grown item by item keeps room for 17); a short list without a Set.
 */
export function unique<T>(list: T[]): T[] {
  if (list.length > 16) return [...new Set(list)].slice()
  const values: T[] = []
  for (const value of list) if (!values.includes(value)) values.push(value)
  return values.slice()
}
