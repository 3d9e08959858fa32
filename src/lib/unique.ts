/** `[...new Set(list)]`: each value once, in order; a short list (a finding's few versions) without a Set. */
export function unique<T>(list: T[]): T[] {
  if (list.length > 16) return [...new Set(list)]
  const values: T[] = []
  for (const value of list) if (!values.includes(value)) values.push(value)
  return values
}
