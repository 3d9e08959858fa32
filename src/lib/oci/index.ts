/** One set of OCI types for the registry client, promotion and the gate. */
export * from './digest.js'
export * from './json.js'
export * from './media-types.js'
export * from './schemas.js'
