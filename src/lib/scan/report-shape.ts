/**
 * A scanner report checked against its zod schema without zod copying it. zod's parse builds a new
 * object for every object it checks, and a loose object keeps every field: for a 5,000-finding report
 * (10–40 MB of JSON) that copy costs more than the whole gate. So each schema is compiled once into a
 * predicate that only reads. When the report fits, the report itself is used: the schemas have no
 * transforms or defaults, so zod's copy would hold the same values in every field read. When it does
 * not fit, zod parses it and says where it is wrong, as before (fails closed). The predicate may be
 * stricter than zod (a construct it does not know is left to zod), never looser.
 */
import { type $ZodType, safeParse } from 'zod/v4/core'
import { checkShape, type ShapeOptions } from '../oci/json.js'

type Check = (value: unknown) => boolean

/** The parts of a zod 4 schema definition (classic or mini) the predicate reads. */
interface Definition {
  type: string
  checks?: unknown[]
  /** Set on a format (`z.int()`, `z.email()`): the schema is its own check. */
  check?: string
  innerType?: $ZodType
  element?: $ZodType
  options?: $ZodType[]
  keyType?: $ZodType
  valueType?: $ZodType
  shape?: Record<string, $ZodType>
  catchall?: $ZodType
}

const definition = (schema: $ZodType): Definition => schema._zod.def as unknown as Definition

/** Whether a schema checks more than its kind (refinements, `.int()`, formats such as `z.int()`). */
const isRefined = (def: Definition): boolean => def.check !== undefined || (def.checks?.length ?? 0) > 0

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A plain JSON object; one with an own `__proto__` key is left to zod, which drops that key. */
const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && Object.getPrototypeOf(value) === Object.prototype && !Object.hasOwn(value, '__proto__')

const PRIMITIVES = new Set(['string', 'number', 'boolean'])

const compiled = new WeakMap<$ZodType, Check>()

function compile(schema: $ZodType): Check {
  const def = definition(schema)
  // Refinements (`.int()`, …) and unknown kinds: zod itself judges that one value.
  const byZod: Check = value => safeParse(schema, value).success
  if (isRefined(def)) return byZod
  switch (def.type) {
    case 'string':
      return value => typeof value === 'string'
    case 'number':
      return value => typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return value => typeof value === 'boolean'
    case 'unknown':
    case 'any':
      return () => true
    case 'optional': {
      const inner = fitsOf(def.innerType as $ZodType)
      return value => value === undefined || inner(value)
    }
    case 'nullable': {
      const inner = fitsOf(def.innerType as $ZodType)
      return value => value === null || inner(value)
    }
    case 'array': {
      const element = fitsOf(def.element as $ZodType)
      return value => Array.isArray(value) && value.every(element)
    }
    case 'union': {
      // A text field (string, number or boolean) is one typeof test rather than three calls.
      const kinds = (def.options ?? []).map(option => definition(option))
      if (kinds.every(kind => PRIMITIVES.has(kind.type) && !isRefined(kind))) {
        const types = new Set(kinds.map(kind => kind.type))
        return value => types.has(typeof value) && (typeof value !== 'number' || Number.isFinite(value))
      }
      const options = (def.options ?? []).map(fitsOf)
      // A loop, not options.some(…), which makes a closure per value checked (tens of thousands a
      // report); by index: for…of costs about seven times as much until V8 has optimized the loop.
      return value => {
        for (let index = 0; index < options.length; index++) if (options[index](value)) return true
        return false
      }
    }
    case 'record': {
      const key = definition(def.keyType as $ZodType)
      if (key.type !== 'string' || isRefined(key)) return byZod
      const element = fitsOf(def.valueType as $ZodType)
      return value => isPlainRecord(value) && Object.values(value).every(element)
    }
    case 'object': {
      // Loose (other fields pass) or stripping objects only: a strict one is zod's to judge.
      if (def.catchall && definition(def.catchall).type !== 'unknown') return byZod
      // Names and checks side by side, read by index: a loop over [name, check] pairs allocated an
      // iterator for each pair of each object checked (megabytes for a large report).
      const shape = def.shape ?? {}
      const names = Object.keys(shape)
      const checks = names.map(name => fitsOf(shape[name]))
      return value => {
        if (!isObject(value)) return false
        for (let index = 0; index < names.length; index++)
          if (!checks[index](value[names[index]])) return false
        return true
      }
    }
    default:
      return byZod
  }
}

/** The predicate of `schema`, compiled on first use. */
function fitsOf(schema: $ZodType): Check {
  let check = compiled.get(schema)
  if (!check) {
    check = compile(schema)
    compiled.set(schema, check)
  }
  return check
}

/** Whether `value` fits `schema`, read without copying (never true where zod would refuse it). */
export function fitsShape(schema: $ZodType, value: unknown): boolean {
  return fitsOf(schema)(value)
}

/**
 * `value` as `schema` describes it: the value itself when it fits, else what zod makes of it (and
 * zod's error, saying where it is wrong, when it does not fit at all).
 */
export function readShape<T>(schema: $ZodType<T>, value: unknown, what: string, options: ShapeOptions): T {
  return fitsShape(schema, value) ? (value as T) : checkShape(schema, value, what, options)
}
