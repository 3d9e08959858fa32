/** The whole pipeline locally; wired once every action exists. */
export async function runPipeline(_inputs: Record<string, string>): Promise<boolean> {
  console.log('pipeline: not available yet')
  return false
}
