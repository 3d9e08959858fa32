import * as core from '@actions/core'
import type { EventContext } from '../../lib/git/context.js'
import type { TagPlan } from '../../lib/image/tags.js'
import { addKeyValueTable, writeSummary } from '../../lib/summary.js'

/** The plan in the log, one group: what moves with every build and what never does. */
export async function logTagPlan(ctx: EventContext, plan: TagPlan): Promise<void> {
  await core.group('Computed tags', async () => {
    core.info(
      `event: ${ctx.eventName} (${plan.eventKind}), branch: ${ctx.branch ?? '-'}, default branch: ${ctx.defaultBranch}`
    )
    core.info(`immutable tags (never moved):\n  ${plan.immutableTags.join('\n  ')}`)
    core.info(`floating tags (move with every gated build):\n  ${plan.floatingTags.join('\n  ')}`)
    if (plan.eventKind === 'rebuild')
      core.info('rebuild of an earlier commit: branch, release and latest tags stay where they are')
    core.info(`builder tags:\n  ${plan.builderTags.join('\n  ')}`)
    core.info(`cache from:\n  ${plan.cacheFrom.join('\n  ')}`)
    core.info(`unique tag: ${plan.tags.unique}`)
    if (plan.isFork) core.info('pull request from a fork: images are built but never pushed')
  })
}

export async function writeTagsSummary(ctx: EventContext, plan: TagPlan): Promise<void> {
  core.summary.addHeading('compute-tags', 3)
  addKeyValueTable([
    [
      'Event',
      `${ctx.eventName}${ctx.pullRequest ? ` #${ctx.pullRequest.number}${plan.isFork ? ' (fork)' : ''}` : ''}`
    ],
    ['Branch', ctx.branch],
    ['Commit', ctx.sha],
    ['Unique tag', plan.tags.unique],
    ['Immutable tags', plan.immutableTags.join('\n')],
    ['Floating tags', plan.floatingTags.join('\n')],
    ['Builder tags', plan.builderTags.join('\n')],
    ['Cache from', plan.cacheFrom.join('\n')],
    ['Push allowed', String(plan.pushAllowed)]
  ])
  await writeSummary()
}
