import * as core from '@actions/core'

/** Sets outputs from a record; lists become newline-separated, objects become JSON. */
export function setOutputs(
  outputs: Record<string, string | number | boolean | string[] | object | undefined>
): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue
    if (Array.isArray(value)) core.setOutput(name, value.join('\n'))
    else if (typeof value === 'object') core.setOutput(name, JSON.stringify(value))
    else core.setOutput(name, String(value))
  }
}
