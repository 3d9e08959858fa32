/**
 * An action ships as two bundles (scripts/bundle.ts): the start-up file that reads the inputs, and the
 * pipeline it imports once they are valid. Each has its own copy of every class both use, so an
 * object made by one is not `instanceof` the other's class: a user error the pipeline throws would
 * look like a bug to the start-up file that reports it, and the credentials the inputs gave would look
 * like a plain map to the registry client. A class whose instances cross that line is branded:
 * `instanceof` on it asks for the brand, the same symbol in every bundle (`Symbol.for`).
 */
export function setBrand(instance: object, brand: symbol): void {
  Object.defineProperty(instance, brand, { value: true })
}

/**
 * The `[Symbol.hasInstance]` of a branded class: by brand for the class itself, by prototype (as
 * usual) for its subclasses, which stay within one bundle.
 */
export function hasInstance(branded: object, brand: symbol, target: object, value: unknown): boolean {
  if (target !== branded) return Function.prototype[Symbol.hasInstance].call(target, value)
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
}
