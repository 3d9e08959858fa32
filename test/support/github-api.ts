import { createHash } from 'node:crypto'
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

export interface PullRequest {
  number: number
  title: string
  body: string
  head: string
  base: string
  state: 'open' | 'closed'
}

/** Git's object id of a file's content (what the contents API calls its `sha`). */
export const blobSha = (content: string): string =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0${content}`)
    .digest('hex')

/** A repository's git data: commits (sha -> files), branches (name -> commit sha), pull requests. */
export class FakeRepository {
  readonly commits = new Map<string, Map<string, string>>()
  readonly branches = new Map<string, string>()
  readonly pulls: PullRequest[] = []

  /** A new commit on `branch` with `files` changed (the branch is created when missing). */
  commit(branch: string, files: Record<string, string>): string {
    const parent = this.branches.get(branch)
    const tree = new Map(parent ? this.commits.get(parent) : [])
    for (const [path, content] of Object.entries(files)) tree.set(path, content)
    const sha = createHash('sha1')
      .update(`${parent ?? ''}${JSON.stringify([...tree])}${this.commits.size}`)
      .digest('hex')
    this.commits.set(sha, tree)
    this.branches.set(branch, sha)
    return sha
  }

  /** A file's content on a branch (undefined when either is missing). */
  file(branch: string, path: string): string | undefined {
    const head = this.branches.get(branch)
    return head ? this.commits.get(head)?.get(path) : undefined
  }
}

/**
 * A stand-in for the GitHub REST API on loopback (GitHub itself is unreachable here): answers the
 * routes check-base uses with GitHub's status codes and records every request, so tests can assert
 * the exact payloads the real @actions/github client sends. Repositories given git data (`git`)
 * answer the git refs, contents and pulls routes too, on an in-memory model of their branches.
 */
export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = []
  /** Repositories that exist (owner/name -> default branch); others answer 404 like GitHub. */
  readonly repositories = new Map<string, string>()
  /** Git data of repositories (owner/name -> branches, files, pull requests). */
  readonly git = new Map<string, FakeRepository>()
  private server?: Server

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', chunk => chunks.push(chunk as Buffer))
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const path = request.url ?? '/'
        this.requests.push({
          method: request.method ?? '',
          path,
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined
        })
        const send = (status: number, body?: unknown): void => {
          response.writeHead(
            status,
            body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }
          )
          response.end(body === undefined ? undefined : JSON.stringify(body))
        }
        const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)
        const repository = match ? `${match[1]}/${match[2]}` : ''
        const branch = this.repositories.get(repository)
        if (!match || branch === undefined)
          return send(404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest',
            status: '404'
          })
        const rest = match[3] ?? ''
        if (request.method === 'GET' && rest === '')
          return send(200, {
            id: 1,
            name: match[2],
            full_name: repository,
            default_branch: branch,
            private: false
          })
        if (request.method === 'POST' && rest === '/dispatches') return send(204)
        if (request.method === 'POST' && /^\/actions\/workflows\/[^/]+\/dispatches$/.test(rest))
          return send(204)
        const git = this.git.get(repository)
        if (git) {
          const answer = answerGit(git, repository, request.method ?? '', rest, text ? JSON.parse(text) : {})
          if (answer) return send(answer[0], answer[1])
        }
        return send(404, { message: 'Not Found', status: '404' })
      })
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()))
  }
}

type Answer = [number, unknown?]
const NOT_FOUND: Answer = [404, { message: 'Not Found', status: '404' }]

const refAnswer = (repository: string, branch: string, sha: string): unknown => ({
  ref: `refs/heads/${branch}`,
  url: `https://api.github.com/repos/${repository}/git/refs/heads/${branch}`,
  object: { sha, type: 'commit', url: `https://api.github.com/repos/${repository}/git/commits/${sha}` }
})

const pullAnswer = (repository: string, pull: PullRequest): unknown => ({
  number: pull.number,
  state: pull.state,
  title: pull.title,
  body: pull.body,
  html_url: `https://github.com/${repository}/pull/${pull.number}`,
  head: { ref: pull.head, label: `${repository.split('/')[0]}:${pull.head}` },
  base: { ref: pull.base }
})

/**
 * The git data routes (GitHub's paths, status codes and answer shapes): refs (get, create, update),
 * contents (get, create or update a file, with the blob sha check GitHub does), pulls (list by head,
 * create, update). Undefined for routes it does not know.
 */
function answerGit(
  git: FakeRepository,
  repository: string,
  method: string,
  rest: string,
  body: Record<string, unknown>
): Answer | undefined {
  // Octokit sends `{ref}` and `{path}` parameters URL-encoded (heads%2Fmain); GitHub decodes them.
  const [encoded, query = ''] = rest.split('?')
  const route = decodeURIComponent(encoded)
  const search = new URLSearchParams(query)
  let match: RegExpExecArray | null
  if (method === 'GET' && (match = /^\/git\/ref\/heads\/(.+)$/.exec(route))) {
    const branch = match[1]
    const sha = git.branches.get(branch)
    return sha ? [200, refAnswer(repository, branch, sha)] : NOT_FOUND
  }
  if (method === 'POST' && route === '/git/refs') {
    const branch = String(body.ref).replace(/^refs\/heads\//, '')
    if (!String(body.ref).startsWith('refs/heads/') || !git.commits.has(String(body.sha)))
      return [422, { message: 'Reference update failed', status: '422' }]
    if (git.branches.has(branch)) return [422, { message: 'Reference already exists', status: '422' }]
    git.branches.set(branch, String(body.sha))
    return [201, refAnswer(repository, branch, String(body.sha))]
  }
  if (method === 'PATCH' && (match = /^\/git\/refs\/heads\/(.+)$/.exec(route))) {
    const branch = match[1]
    if (!git.branches.has(branch) || !git.commits.has(String(body.sha)))
      return [422, { message: 'Reference does not exist', status: '422' }]
    git.branches.set(branch, String(body.sha))
    return [200, refAnswer(repository, branch, String(body.sha))]
  }
  if ((match = /^\/contents\/(.+)$/.exec(route))) {
    const path = match[1]
    if (method === 'GET') {
      const branch = search.get('ref') ?? (git.branches.has('main') ? 'main' : '')
      const content = git.file(branch, path)
      if (content === undefined) return NOT_FOUND
      return [
        200,
        {
          type: 'file',
          encoding: 'base64',
          size: Buffer.byteLength(content),
          name: path.split('/').pop(),
          path,
          content: Buffer.from(content)
            .toString('base64')
            .replace(/(.{60})/g, '$1\n'),
          sha: blobSha(content)
        }
      ]
    }
    if (method === 'PUT') {
      const branch = String(body.branch)
      if (!git.branches.has(branch)) return [404, { message: `Branch ${branch} not found`, status: '404' }]
      const existing = git.file(branch, path)
      if (existing !== undefined && body.sha !== blobSha(existing))
        return [409, { message: `${path} does not match ${String(body.sha)}`, status: '409' }]
      const content = Buffer.from(String(body.content), 'base64').toString('utf8')
      const sha = git.commit(branch, { [path]: content })
      return [
        existing === undefined ? 201 : 200,
        {
          content: { name: path.split('/').pop(), path, sha: blobSha(content) },
          commit: { sha, message: body.message }
        }
      ]
    }
  }
  if (method === 'GET' && route === '/pulls') {
    const head = search.get('head')
    const state = search.get('state') ?? 'open'
    const owner = repository.split('/')[0]
    return [
      200,
      git.pulls
        .filter(
          pull => (state === 'all' || pull.state === state) && (!head || head === `${owner}:${pull.head}`)
        )
        .map(pull => pullAnswer(repository, pull))
    ]
  }
  if (method === 'POST' && route === '/pulls') {
    const head = String(body.head)
    if (!git.branches.has(head) || git.pulls.some(pull => pull.state === 'open' && pull.head === head))
      return [
        422,
        { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom' }], status: '422' }
      ]
    const pull: PullRequest = {
      number: git.pulls.length + 1,
      title: String(body.title),
      body: String(body.body ?? ''),
      head,
      base: String(body.base),
      state: 'open'
    }
    git.pulls.push(pull)
    return [201, pullAnswer(repository, pull)]
  }
  if (method === 'PATCH' && (match = /^\/pulls\/(\d+)$/.exec(route))) {
    const pull = git.pulls.find(candidate => candidate.number === Number(match?.[1]))
    if (!pull) return NOT_FOUND
    if (typeof body.title === 'string') pull.title = body.title
    if (typeof body.body === 'string') pull.body = body.body
    return [200, pullAnswer(repository, pull)]
  }
  return undefined
}
