export const id = 549;
export const ids = [549];
export const modules = {

/***/ 9549:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
;// CONCATENATED MODULE: ./src/lib/outputs.ts

/** Sets outputs from a record; lists become newline-separated, objects become JSON. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        if (Array.isArray(value))
            lib_core/* setOutput */.uH(name, value.join('\n'));
        else if (typeof value === 'object')
            lib_core/* setOutput */.uH(name, JSON.stringify(value));
        else
            lib_core/* setOutput */.uH(name, String(value));
    }
}

;// CONCATENATED MODULE: ./src/lib/summary.ts

/** A two-column table (name -> value) in the job summary; empty values are skipped. */
function addKeyValueTable(rows) {
    const cells = [
        [
            { data: 'Item', header: true },
            { data: 'Value', header: true }
        ]
    ];
    for (const [name, value] of rows) {
        if (value === undefined || value === '')
            continue;
        cells.push([name, code(value)]);
    }
    lib_core/* summary */.z.addTable(cells);
}
/** Inline code for summaries, with HTML escaped (tags and branch names come from users). */
function code(value) {
    return value
        .split('\n')
        .map(line => `<code>${escapeHtml(line)}</code>`)
        .join('<br>');
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** Writes the summary when the runner provides a file for it (not in local runs). */
async function writeSummary() {
    if (process.env.GITHUB_STEP_SUMMARY)
        await lib_core/* summary */.z.write();
    else
        lib_core/* summary */.z.emptyBuffer();
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/inputs.ts


/**
 * Splits a list input: one item per line, or comma-separated on one line. Blank lines and
 * `#` comments are dropped so users can annotate long lists in YAML.
 */
function parseList(value, options = {}) {
    const comma = options.comma ?? true;
    return value
        .split(/\r?\n/)
        .flatMap(line => (comma ? line.split(',') : [line]))
        .map(item => item.trim())
        .filter(item => item.length > 0 && !item.startsWith('#'));
}
function getList(name, options = {}) {
    return parseList(lib_core/* getInput */.V4(name), options);
}
/** A boolean input with a default when unset (core.getBooleanInput throws on unset inputs). */
function getBoolean(name, fallback) {
    const raw = core.getInput(name).trim();
    if (raw === '')
        return fallback;
    if (/^(true|yes|on|1)$/i.test(raw))
        return true;
    if (/^(false|no|off|0)$/i.test(raw))
        return false;
    throw new UserError(`Input "${name}" must be true or false, got "${raw}".`);
}
/** An input restricted to a fixed set of values, with a default when unset. */
function getChoice(name, choices, fallback) {
    const raw = lib_core/* getInput */.V4(name).trim().toLowerCase();
    if (raw === '')
        return fallback;
    if (choices.includes(raw))
        return raw;
    throw new errors/* UserError */.y(`Input "${name}" must be one of ${choices.join(', ')}; got "${raw}".`);
}
/** An optional input: undefined when unset or blank. */
function getOptional(name) {
    const raw = lib_core/* getInput */.V4(name).trim();
    return raw === '' ? undefined : raw;
}
/** A non-negative integer input with a default. */
function getInteger(name, fallback) {
    const raw = core.getInput(name).trim();
    if (raw === '')
        return fallback;
    if (!/^\d+$/.test(raw))
        throw new UserError(`Input "${name}" must be a whole number, got "${raw}".`);
    return Number(raw);
}
/**
 * Parses `KEY=value` lines (build args, labels). Values may contain `=`; keys must be valid
 * identifiers so a typo such as `KEY value` fails loudly instead of being passed on.
 */
function parseKeyValueLines(value, what) {
    const result = new Map();
    for (const line of parseList(value, { comma: false })) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new errors/* UserError */.y(`${what}: "${line}" is not KEY=value. Write one KEY=value per line.`);
        const key = line.slice(0, eq).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
            throw new errors/* UserError */.y(`${what}: "${key}" is not a valid key (letters, digits, _ . -; not starting with a digit).`);
        }
        result.set(key, line.slice(eq + 1));
    }
    return result;
}

;// CONCATENATED MODULE: ./src/lib/git/context.ts

const FULL_SHA = /^[0-9a-f]{40}$/;
function stripRef(ref, prefix) {
    return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}
/**
 * Builds the BuildContext from the runner's context and event payload. Overrides come from
 * action inputs and win over what the event says.
 */
function buildContextFromGitHub(github, env, overrides = {}) {
    const payload = github.payload ?? {};
    const repo = payload.repository;
    const repository = env.GITHUB_REPOSITORY || repo?.full_name || '';
    const pr = payload.pull_request;
    const ref = github.ref || '';
    let pullRequest;
    if (pr && typeof pr.number === 'number') {
        const headRepo = pr.head?.repo?.full_name;
        const baseRepo = pr.base?.repo?.full_name ?? repository;
        pullRequest = {
            number: pr.number,
            headRef: pr.head?.ref || env.GITHUB_HEAD_REF || '',
            baseRef: pr.base?.ref || env.GITHUB_BASE_REF || '',
            headSha: pr.head?.sha || github.sha,
            // A deleted fork has head.repo null: still a fork as far as trust goes.
            isFork: pr.head?.repo === null || (headRepo !== undefined && headRepo !== baseRepo)
        };
    }
    const gitTag = pullRequest ? undefined : stripRef(ref, 'refs/tags/');
    const branch = overrides.branch ||
        pullRequest?.headRef ||
        stripRef(ref, 'refs/heads/') ||
        (gitTag === undefined && ref !== '' && !ref.startsWith('refs/') ? ref : undefined);
    const sha = (overrides.sha || pullRequest?.headSha || github.sha || '').toLowerCase();
    if (!FULL_SHA.test(sha)) {
        throw new errors/* UserError */.y(`The commit SHA "${sha}" is not a full 40-character SHA. Run this action in a GitHub workflow ` +
            '(GITHUB_SHA is set by the runner) or pass the "sha" input.');
    }
    const defaultBranch = overrides.defaultBranch || repo?.default_branch || repo?.master_branch || 'main';
    if (!gitTag && !branch) {
        throw new errors/* UserError */.y(`Cannot tell which branch "${ref}" is. Pass the "branch" input, or run on a branch, tag or pull request event.`);
    }
    return {
        eventName: github.eventName || 'push',
        ref,
        sha,
        branch,
        gitTag,
        defaultBranch,
        pullRequest,
        repository,
        serverUrl: (github.serverUrl || 'https://github.com').replace(/\/+$/, ''),
        runId: Number.isFinite(github.runId) ? github.runId : undefined,
        runNumber: Number.isFinite(github.runNumber) ? github.runNumber : undefined
    };
}
function repositoryUrl(ctx) {
    return ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined;
}
function runUrl(ctx) {
    const repo = repositoryUrl(ctx);
    return repo && ctx.runId !== undefined ? `${repo}/actions/runs/${ctx.runId}` : undefined;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/lib/git/tags.ts


const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/**
 * The repository's git tags, to decide whether a release is the highest (for `latest`).
 * Checkouts are often shallow or tag-less: then we know nothing and return [] (callers treat the
 * release as the highest, which is right for the usual "tag the newest commit" flow).
 */
async function listGitTags(cwd = process.cwd()) {
    try {
        const { stdout } = await execFileAsync('git', ['tag', '--list'], { cwd });
        return stdout.split('\n').filter(Boolean);
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/lib/image/reference.ts

/**
 * Image references, following the grammar of distribution/reference (what `docker` accepts):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ("/" path-component)*
 * A first component is a registry host only when it contains "." or ":" or is "localhost",
 * exactly as Docker decides; otherwise the image lives on Docker Hub.
 */
const DOCKER_HUB = 'docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_PATTERN = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;
function isValidTag(tag) {
    return TAG_PATTERN.test(tag);
}
function isValidDigest(digest) {
    return DIGEST_PATTERN.test(digest) && (!digest.startsWith('sha256:') || SHA256_DIGEST.test(digest));
}
function isDomain(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost';
}
function validateDomain(domain, input) {
    let host = domain;
    let port;
    if (domain.startsWith('[')) {
        const close = domain.indexOf(']');
        host = domain.slice(0, close + 1);
        port = domain.slice(close + 1).replace(/^:/, '') || undefined;
        if (!IPV6_HOST.test(host))
            throw invalid(input, `"${domain}" is not a valid registry host`);
    }
    else {
        const colon = domain.lastIndexOf(':');
        if (colon >= 0) {
            host = domain.slice(0, colon);
            port = domain.slice(colon + 1);
        }
        if (!host.split('.').every(part => DOMAIN_COMPONENT.test(part))) {
            throw invalid(input, `"${host}" is not a valid registry host name`);
        }
    }
    if (port !== undefined && (!PORT.test(port) || Number(port) > 65535 || Number(port) === 0)) {
        throw invalid(input, `"${port}" is not a valid registry port`);
    }
}
function invalid(input, why) {
    return new errors/* UserError */.y(`Invalid image reference "${input}": ${why}. ` +
        'Expected [registry[:port]/]repository[:tag][@sha256:digest], e.g. ghcr.io/acme/app or 127.0.0.1:5000/team/app:1.0.');
}
/** Parses and validates a reference; fails with a message that says what is wrong and how to write it. */
function parseReference(input) {
    const text = input.trim();
    if (text === '')
        throw invalid(input, 'it is empty');
    if (/\s/.test(text))
        throw invalid(input, 'it contains white space');
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!isValidDigest(digest))
            throw invalid(input, `"${digest}" is not a valid digest (sha256:<64 hex>)`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const lastColon = rest.lastIndexOf(':');
    if (lastColon > lastSlash) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
        if (!isValidTag(tag)) {
            throw invalid(input, `"${tag}" is not a valid tag (letters, digits, _ . -; at most 128; not starting with . or -)`);
        }
    }
    const components = rest.split('/');
    let registry = DOCKER_HUB;
    if (components.length > 1 && isDomain(components[0])) {
        registry = components.shift();
        validateDomain(registry, input);
    }
    for (const component of components) {
        if (!PATH_COMPONENT.test(component)) {
            const hint = component !== component.toLowerCase() ? ' (repository names must be lowercase)' : '';
            throw invalid(input, `"${component}" is not a valid repository path component${hint}`);
        }
    }
    let repository = components.join('/');
    if (registry === 'index.docker.io' || registry === 'registry-1.docker.io')
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    const fullName = `${registry}/${repository}`;
    if (fullName.length > MAX_NAME_LENGTH)
        throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);
    return { registry, repository, tag, digest };
}
/**
 * Parses an image *name* (no tag, no digest), as given in `images:` inputs.
 * A tag there is almost always a mistake (tags are computed), so it is refused with a hint.
 */
function parseImageName(input) {
    const ref = parseReference(input);
    if (ref.tag || ref.digest) {
        throw new errors/* UserError */.y(`Image "${input}" must be a name without tag or digest (tags are computed by the action). ` +
            `Write "${formatName(ref, input)}".`);
    }
    return ref;
}
/** The repository name as the user wrote it (Docker Hub names keep their short form). */
function formatName(ref, original) {
    const trimmed = original.trim().replace(/@.*$/, '');
    const slash = trimmed.lastIndexOf('/');
    const colon = trimmed.lastIndexOf(':');
    return colon > slash ? trimmed.slice(0, colon) : `${ref.registry}/${ref.repository}`;
}
/** `registry/repository` in the short form Docker prints (no `docker.io/library/` prefix). */
function familiarName(ref) {
    if (ref.registry === DOCKER_HUB) {
        return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
    }
    return `${ref.registry}/${ref.repository}`;
}
function formatReference(ref) {
    let out = familiarName(ref);
    if (ref.tag)
        out += `:${ref.tag}`;
    if (ref.digest)
        out += `@${ref.digest}`;
    return out;
}
/** `name:tag` for a validated image name and a tag; the tag is validated too. */
function withTag(ref, tag) {
    if (!isValidTag(tag))
        throw new errors/* UserError */.y(`"${tag}" is not a valid Docker tag.`);
    return `${familiarName(ref)}:${tag}`;
}
function withDigest(ref, digest) {
    if (!isValidDigest(digest))
        throw new UserError(`"${digest}" is not a valid digest.`);
    return `${familiarName(ref)}@${digest}`;
}
/** Whether a registry host is on the loopback network (spoken to over plain HTTP, as Docker does). */
function isLoopbackRegistry(registry) {
    const host = registry.startsWith('[')
        ? registry.slice(0, registry.indexOf(']') + 1)
        : registry.replace(/:\d+$/, '');
    return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]';
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/lib/image/sanitize.ts


/** Longest sanitized branch name; leaves room for prefixes such as `builder-` within Docker's 128. */
const MAX_BRANCH_TAG_LENGTH = 100;
const HASH_LENGTH = 8;
function shortHash(text, length = HASH_LENGTH) {
    return (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}
/**
 * Turns any branch name into a readable, valid tag component ([A-Za-z0-9_.-], not starting with . or -):
 * accents are folded (`é` -> `e`), every other run of invalid characters becomes one `-`, and names
 * longer than `maxLength` are cut and suffixed with a hash of the whole original name, so two long
 * branches that share a prefix never get the same tag. A name with nothing usable left becomes
 * `branch-<hash>`.
 */
function sanitizeTagComponent(name, maxLength = MAX_BRANCH_TAG_LENGTH) {
    const folded = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    let clean = folded
        .replace(/[^A-Za-z0-9_.-]+/g, '-')
        .replace(/\.{2,}/g, '.')
        .replace(/-{2,}/g, '-')
        .replace(/^[.-]+/, '')
        .replace(/[.-]+$/, '');
    if (clean === '')
        return `branch-${shortHash(name)}`;
    if (clean.length > maxLength) {
        const keep = maxLength - HASH_LENGTH - 1;
        clean = `${clean.slice(0, keep).replace(/[.-]+$/, '')}-${shortHash(name)}`;
    }
    return clean;
}
/** Joins a prefix and a component into a tag, re-checking the grammar (defence in depth). */
function joinTag(...parts) {
    const tag = parts.filter(part => part !== '').join('-');
    if (!TAG_PATTERN.test(tag))
        throw new Error(`internal error: computed tag "${tag}" is not valid`);
    return tag;
}

;// CONCATENATED MODULE: ./src/lib/image/tags.ts





const TAG_PRESETS = ['branch-cache', 'sha-latest'];
/** The template vocabulary, documented in the README; anything else in `{{ }}` is an error. */
const TEMPLATE_VARIABLES = [
    'branch',
    'default_branch',
    'sha',
    'sha7',
    'pr',
    'timestamp',
    'date',
    'version',
    'run_number',
    'event'
];
/** `YYYYmmddHHMMSS` in UTC. */
function formatTimestamp(date) {
    return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
/** Parses the `timestamp` input: `YYYYmmddHHMMSS`, ISO 8601, or seconds since the epoch. */
function parseTimestampInput(value) {
    const text = value.trim();
    let date;
    if (/^\d{14}$/.test(text)) {
        const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}Z`;
        date = new Date(iso);
    }
    else if (/^\d{1,12}$/.test(text)) {
        date = new Date(Number(text) * 1000);
    }
    else {
        date = new Date(text);
    }
    if (Number.isNaN(date.getTime())) {
        throw new errors/* UserError */.y(`Input "timestamp" must be YYYYmmddHHMMSS, ISO 8601 or epoch seconds; got "${value}".`);
    }
    return date;
}
/** `v1.2.3` -> 1.2.3, 1.2, 1 (+ latest when it is the highest release); prereleases get only their own tag. */
function releaseTags(gitTag, knownVersions, latest) {
    const parsed = semver_default().parse(gitTag.replace(/^v/i, ''));
    if (!parsed)
        return undefined;
    const version = parsed.version.replace(/\+.*$/, '');
    const tags = [sanitizeTagComponent(version)];
    if (parsed.prerelease.length === 0) {
        tags.push(`${parsed.major}.${parsed.minor}`);
        if (parsed.major > 0)
            tags.push(`${parsed.major}`);
        const others = knownVersions
            .map(v => semver_default().parse(v.replace(/^v/i, '')))
            .filter(v => v && v.prerelease.length === 0);
        const highest = others.every(other => semver_default().gte(parsed, other));
        if (latest === 'true' || (latest === 'auto' && highest))
            tags.push('latest');
    }
    else if (latest === 'true') {
        tags.push('latest');
    }
    return { version, tags };
}
function templateValues(ctx, plan) {
    return {
        branch: plan.branchTag,
        default_branch: plan.defaultBranchTag,
        sha: ctx.sha,
        sha7: ctx.sha.slice(0, 7),
        pr: ctx.pullRequest ? String(ctx.pullRequest.number) : undefined,
        timestamp: plan.timestamp,
        date: plan.timestamp.slice(0, 8),
        version: plan.version,
        run_number: ctx.runNumber !== undefined ? String(ctx.runNumber) : undefined,
        event: ctx.eventName
    };
}
/**
 * Expands a user template such as `{{branch}}-{{sha7}}`. A variable that has no value for this event
 * (e.g. `{{pr}}` on a push) drops the whole template, so one list of templates serves every event.
 */
function expandTemplate(template, values) {
    let missing = false;
    const expanded = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_match, name) => {
        if (!TEMPLATE_VARIABLES.includes(name)) {
            throw new errors/* UserError */.y(`Unknown variable {{${name}}} in tag template "${template}". Known: ${TEMPLATE_VARIABLES.map(v => `{{${v}}}`).join(', ')}.`);
        }
        const value = values[name];
        if (value === undefined)
            missing = true;
        return value ?? '';
    });
    if (missing)
        return undefined;
    const tag = sanitizeTagComponent(expanded, 128);
    if (!isValidTag(tag))
        throw new errors/* UserError */.y(`Tag template "${template}" produced "${expanded}", which is not a valid tag.`);
    return tag;
}
function unique(items) {
    return [...new Set(items)];
}
function qualify(images, tags) {
    return images.flatMap(image => tags.map(tag => withTag(image, tag)));
}
/** Computes every tag, label and the version.json content for one build. Pure: no I/O. */
function computeTagPlan(ctx, options) {
    if (options.images.length === 0) {
        throw new errors/* UserError */.y('Input "images" is empty. Give at least one image name, e.g. ghcr.io/acme/app.');
    }
    const timestamp = formatTimestamp(options.now);
    const sha7 = ctx.sha.slice(0, 7);
    const defaultBranchTag = sanitizeTagComponent(ctx.defaultBranch);
    const branchTag = ctx.branch !== undefined ? sanitizeTagComponent(ctx.branch) : undefined;
    const release = ctx.gitTag ? releaseTags(ctx.gitTag, options.knownVersions, options.latest) : undefined;
    const gitTagTag = ctx.gitTag ? sanitizeTagComponent(ctx.gitTag) : undefined;
    const eventKind = ctx.pullRequest ? 'pull_request' : ctx.gitTag ? 'tag' : 'push';
    const onDefaultBranch = eventKind === 'push' && ctx.branch === ctx.defaultBranch;
    // The name this build is known by: the branch, or for tag pushes the version (or the raw tag).
    const refTag = branchTag ?? release?.version ?? gitTagTag;
    const production = [];
    const builder = [];
    const cacheFrom = [];
    let uniqueTag;
    if (options.preset === 'branch-cache') {
        uniqueTag = ctx.pullRequest
            ? joinTag('review-pr', String(ctx.pullRequest.number), ctx.sha, timestamp)
            : joinTag('dev', ctx.sha, timestamp);
        if (release)
            production.push(...release.tags);
        else
            production.push(refTag);
        production.push(ctx.sha, uniqueTag);
        builder.push(joinTag('builder', refTag));
        cacheFrom.push(joinTag('builder', defaultBranchTag), joinTag('builder', refTag), defaultBranchTag, refTag);
    }
    else {
        uniqueTag = sha7;
        if (release)
            production.push(...release.tags);
        production.push(sha7);
        if (!release && (options.latest === 'true' || (options.latest === 'auto' && onDefaultBranch)))
            production.push('latest');
        builder.push(joinTag('builder', sha7));
        if (onDefaultBranch)
            builder.push('builder-latest');
        cacheFrom.push('builder-latest', 'latest');
    }
    const values = templateValues(ctx, { branchTag, defaultBranchTag, timestamp, version: release?.version });
    for (const template of options.templates) {
        const tag = expandTemplate(template, values);
        if (tag)
            production.push(tag);
    }
    const productionTags = unique(production);
    const builderTags = unique(builder);
    const cacheFromTags = unique(cacheFrom);
    const version = release?.version ?? uniqueTag;
    const source = repositoryUrl(ctx) ?? '';
    const created = options.now.toISOString();
    const labels = {
        'org.opencontainers.image.created': created,
        'org.opencontainers.image.revision': ctx.sha,
        'org.opencontainers.image.version': release?.version ?? refTag,
        'org.opencontainers.image.title': options.title ?? (ctx.repository.split('/')[1] || familiarName(options.images[0]))
    };
    if (source) {
        labels['org.opencontainers.image.source'] = source;
        labels['org.opencontainers.image.url'] = source;
    }
    for (const [key, value] of options.extraLabels)
        labels[key] = value;
    return {
        preset: options.preset,
        branch: ctx.branch,
        branchTag,
        defaultBranchTag,
        version: release?.version,
        timestamp,
        tags: { production: productionTags, builder: builderTags, unique: uniqueTag, cacheFrom: cacheFromTags },
        productionTags: qualify(options.images, productionTags),
        builderTags: qualify(options.images, builderTags),
        cacheFrom: qualify(options.images.slice(0, 1), cacheFromTags),
        uniqueRefs: qualify(options.images, [uniqueTag]),
        labels,
        versionJson: { source, version, commit: ctx.sha, build: runUrl(ctx) ?? '' },
        pushAllowed: !ctx.pullRequest?.isFork,
        isFork: ctx.pullRequest?.isFork ?? false,
        eventKind
    };
}

;// CONCATENATED MODULE: ./src/lib/tag-inputs.ts







function getTagInputs() {
    return {
        images: getList('images'),
        preset: getChoice('preset', TAG_PRESETS, 'branch-cache'),
        templates: getList('tags', { comma: false }),
        defaultBranch: getOptional('default-branch'),
        branch: getOptional('branch'),
        sha: getOptional('sha'),
        timestamp: getOptional('timestamp'),
        latest: getChoice('latest', ['auto', 'true', 'false'], 'auto'),
        labels: lib_core/* getInput */.V4('labels'),
        title: getOptional('title')
    };
}
/** Reads the build context from the runner's environment, applying the overriding inputs. */
function getBuildContext(inputs, env = process.env) {
    return buildContextFromGitHub(github/* context */._, env, inputs);
}
/** Validates every input, then computes the plan; nothing else runs before validation passed. */
async function resolveTagPlan(inputs, ctx, now = new Date()) {
    const images = inputs.images.map(parseImageName);
    const extraLabels = parseKeyValueLines(inputs.labels, 'Input "labels"');
    const when = inputs.timestamp ? parseTimestampInput(inputs.timestamp) : now;
    const knownVersions = ctx.gitTag ? await listGitTags() : [];
    return computeTagPlan(ctx, {
        preset: inputs.preset,
        images,
        templates: inputs.templates,
        now: when,
        latest: inputs.latest,
        knownVersions,
        extraLabels,
        title: inputs.title
    });
}

;// CONCATENATED MODULE: ./src/actions/compute-tags/outputs.ts
/** The public outputs of compute-tags (names are the contract users write in workflows). */
function tagPlanOutputs(plan) {
    const labels = Object.entries(plan.labels).map(([key, value]) => `${key}=${value}`);
    return {
        'production-tags': plan.productionTags,
        'builder-tags': plan.builderTags,
        'cache-from': plan.cacheFrom,
        'unique-tag': plan.tags.unique,
        'unique-refs': plan.uniqueRefs,
        labels,
        'version-json': plan.versionJson,
        'push-allowed': plan.pushAllowed,
        'is-fork': plan.isFork,
        json: plan
    };
}

;// CONCATENATED MODULE: ./src/actions/compute-tags/main.ts





/** compute-tags: read inputs -> compute the plan -> write outputs and a summary. */
async function main() {
    const inputs = getTagInputs();
    const ctx = getBuildContext(inputs);
    const plan = await resolveTagPlan(inputs, ctx);
    await lib_core/* group */.Os('Computed tags', async () => {
        lib_core/* info */.pq(`event: ${ctx.eventName} (${plan.eventKind}), branch: ${ctx.branch ?? '-'}, default branch: ${ctx.defaultBranch}`);
        lib_core/* info */.pq(`production tags:\n  ${plan.productionTags.join('\n  ')}`);
        lib_core/* info */.pq(`builder tags:\n  ${plan.builderTags.join('\n  ')}`);
        lib_core/* info */.pq(`cache from:\n  ${plan.cacheFrom.join('\n  ')}`);
        lib_core/* info */.pq(`unique tag: ${plan.tags.unique}`);
        if (plan.isFork)
            lib_core/* info */.pq('pull request from a fork: images are built but never pushed');
    });
    setOutputs(tagPlanOutputs(plan));
    lib_core/* summary */.z.addHeading('compute-tags', 3);
    addKeyValueTable([
        [
            'Event',
            `${ctx.eventName}${ctx.pullRequest ? ` #${ctx.pullRequest.number}${plan.isFork ? ' (fork)' : ''}` : ''}`
        ],
        ['Branch', ctx.branch],
        ['Commit', ctx.sha],
        ['Unique tag', plan.tags.unique],
        ['Production tags', plan.productionTags.join('\n')],
        ['Builder tags', plan.builderTags.join('\n')],
        ['Cache from', plan.cacheFrom.join('\n')],
        ['Push allowed', String(plan.pushAllowed)]
    ]);
    await writeSummary();
}


/***/ })

};
