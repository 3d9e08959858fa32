/**
 * Reads BuildKit's `--progress=plain` output: which Dockerfile steps ran and which came from cache.
 *   #7 [builder 3/6] RUN sh build-deps.sh deps.txt vendor
 *   #7 CACHED          (or)   #7 DONE 8.4s   (or)   #7 ERROR: process "…" did not complete successfully
 */
export interface StepRecord {
  id: number
  stage: string
  /** `3/6` position within the stage. */
  position: string
  instruction: string
  cached: boolean
  done: boolean
  seconds?: number
  error?: string
}

export interface CacheStats {
  total: number
  cached: number
  built: number
}

const STEP = /^#(\d+) \[([^\]\s]+) (\d+\/\d+)\] (.*)$/

export class ProgressParser {
  private readonly steps = new Map<number, StepRecord>()
  /** Output lines of failing steps, for error messages. */
  readonly errorLines: string[] = []

  push(line: string): void {
    const step = STEP.exec(line)
    if (step) {
      const id = Number(step[1])
      if (!this.steps.has(id)) {
        this.steps.set(id, {
          id,
          stage: step[2],
          position: step[3],
          instruction: step[4],
          cached: false,
          done: false
        })
      }
      return
    }
    const status = /^#(\d+) (CACHED|DONE ([\d.]+)s|ERROR: (.*))$/.exec(line)
    if (status) {
      const record = this.steps.get(Number(status[1]))
      if (!record) return
      if (status[2] === 'CACHED') record.cached = true
      else if (status[3] !== undefined) {
        record.done = true
        record.seconds = Number(status[3])
      } else record.error = status[4]
      return
    }
    const output = /^#(\d+) [\d.]+ (.*)$/.exec(line)
    if (output && this.steps.get(Number(output[1]))) this.errorLines.push(output[2])
    if (/^(ERROR|error):|^-{5,}|^\s*>{3}|failed to solve|did not complete successfully/.test(line))
      this.errorLines.push(line)
  }

  /** Dockerfile instructions only (FROM lines resolve images, they are not build work). */
  records(): StepRecord[] {
    return [...this.steps.values()].filter(step => !/^FROM\s/i.test(step.instruction))
  }

  stats(): CacheStats {
    const records = this.records()
    const cached = records.filter(step => step.cached).length
    return { total: records.length, cached, built: records.length - cached }
  }

  failedStep(): StepRecord | undefined {
    return this.records().find(step => step.error)
  }
}
