export const id = 501;
export const ids = [501];
export const modules = {

/***/ 4607:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ek: () => (/* binding */ repositoryUrl),
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   XH: () => (/* binding */ buildContextFromGitHub)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

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
    const eventSha = (pullRequest?.headSha || github.sha || '').toLowerCase();
    const sha = (overrides.sha || eventSha).toLowerCase();
    if (!FULL_SHA.test(sha)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`The commit SHA "${sha}" is not a full 40-character SHA. Run this action in a GitHub workflow ` +
            '(GITHUB_SHA is set by the runner) or pass the "sha" input.');
    }
    const defaultBranch = overrides.defaultBranch || repo?.default_branch || repo?.master_branch || 'main';
    if (!gitTag && !branch) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Cannot tell which branch "${ref}" is. Pass the "branch" input, or run on a branch, tag or pull request event.`);
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
        runNumber: Number.isFinite(github.runNumber) ? github.runNumber : undefined,
        rebuild: Boolean(overrides.sha) && eventSha !== '' && sha !== eventSha
    };
}
function repositoryUrl(ctx) {
    return ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined;
}
function runUrl(ctx) {
    const repo = repositoryUrl(ctx);
    return repo && ctx.runId !== undefined ? `${repo}/actions/runs/${ctx.runId}` : undefined;
}


/***/ }),

/***/ 2415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  qe: () => (/* binding */ TAG_PRESETS),
  l4: () => (/* binding */ computeTagPlan),
  S2: () => (/* binding */ parseTimestampInput)
});

// UNUSED EXPORTS: TEMPLATE_VARIABLES, expandTemplate, formatTimestamp, releaseTags

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/git/context.ts
var context = __webpack_require__(4607);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
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
    if (clean.length > maxLength)
        clean = withHashSuffix(clean, name, maxLength);
    return clean;
}
/** `<clean cut to fit>-<hash of the original name>`, within `maxLength`. */
function withHashSuffix(clean, original, maxLength) {
    const keep = maxLength - HASH_LENGTH - 1;
    return `${clean.slice(0, keep).replace(/[.-]+$/, '')}-${shortHash(original)}`;
}
/**
 * Tags that belong to something other than a branch: the builder and registry-cache tags, the unique
 * build tags, `latest`, commit hashes, versions and the referrers tag schema. A branch whose name
 * sanitizes to one of these would overwrite it.
 */
const RESERVED_TAG = [
    /^(builder|buildcache|dev|review-pr|sha256)-/,
    /^latest$/,
    /^[0-9a-f]{7,40}$/,
    /^v?\d+(\.\d+){0,2}([-+].*)?$/
];
/**
 * The tag of a branch. The default branch keeps its sanitized name. Any other branch keeps its name
 * when it is already a valid tag that is neither the default branch's tag nor a reserved one; when
 * sanitizing changed it (`main-`, `maín`, `main@` all clean to `main`) or it would collide, it gets the
 * hash of its real name as a suffix, so no other branch ever writes the default branch's tags or cache.
 */
function sanitize_branchTag(branch, defaultBranchTag, isDefaultBranch) {
    const clean = sanitizeTagComponent(branch);
    if (isDefaultBranch)
        return clean;
    const collides = clean !== branch || clean === defaultBranchTag || RESERVED_TAG.some(pattern => pattern.test(clean));
    if (!collides)
        return clean;
    // Already suffixed (too long, or nothing usable left): that hash is of the real name too.
    if (clean.startsWith('branch-') && clean.length === 'branch-'.length + HASH_LENGTH)
        return clean;
    if (clean.length > MAX_BRANCH_TAG_LENGTH - HASH_LENGTH - 1 && clean.endsWith(`-${shortHash(branch)}`))
        return clean;
    return withHashSuffix(clean, branch, Math.min(MAX_BRANCH_TAG_LENGTH, clean.length + HASH_LENGTH + 1));
}
/** Joins a prefix and a component into a tag, re-checking the grammar (defence in depth). */
function joinTag(...parts) {
    const tag = parts.filter(part => part !== '').join('-');
    if (!reference/* TAG_PATTERN */.A0.test(tag))
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
function stableVersions(versions) {
    return versions
        .map(v => semver_default().parse(v.replace(/^v/i, '')))
        .filter((v) => v !== null && v.prerelease.length === 0);
}
/**
 * `v1.2.3` -> `1.2.3`, plus `1.2` when it is the highest release of 1.2.x, `1` when it is the highest of
 * 1.x, and `latest` when it is the highest of all (`latest: auto`), judged against `knownVersions`: a
 * backport `v1.0.1` pushed after `v2.0.0` moves `1.0` (and `1` if it leads 1.x) and leaves `latest`
 * alone. Prereleases get only their own tag. Build metadata (`+build.5`) is dropped.
 */
function releaseTags(gitTag, knownVersions, latest) {
    const parsed = semver_default().parse(gitTag.replace(/^v/i, ''));
    if (!parsed)
        return undefined;
    const version = parsed.version.replace(/\+.*$/, '');
    const tags = [sanitizeTagComponent(version)];
    if (parsed.prerelease.length === 0) {
        const known = stableVersions(knownVersions);
        const leads = (line) => known.filter(line).every(other => semver_default().gte(parsed, other));
        if (leads(v => v.major === parsed.major && v.minor === parsed.minor))
            tags.push(`${parsed.major}.${parsed.minor}`);
        if (parsed.major > 0 && leads(v => v.major === parsed.major))
            tags.push(`${parsed.major}`);
        if (latest === 'true' || (latest === 'auto' && leads(() => true)))
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
    if (!(0,reference/* isValidTag */.r_)(tag))
        throw new errors/* UserError */.y(`Tag template "${template}" produced "${expanded}", which is not a valid tag.`);
    return tag;
}
function unique(items) {
    return [...new Set(items)];
}
function qualify(images, tags) {
    return images.flatMap(image => tags.map(tag => (0,reference/* withTag */.Rd)(image, tag)));
}
/** Computes every tag, label and the version.json content for one build. Pure: no I/O. */
function computeTagPlan(ctx, options) {
    if (options.images.length === 0) {
        throw new errors/* UserError */.y('Input "images" is empty. Give at least one image name, e.g. ghcr.io/acme/app.');
    }
    const timestamp = formatTimestamp(options.now);
    const sha7 = ctx.sha.slice(0, 7);
    const defaultBranchTag = sanitizeTagComponent(ctx.defaultBranch);
    const isDefaultBranch = ctx.branch === ctx.defaultBranch && !ctx.pullRequest?.isFork;
    const branchTag = ctx.branch !== undefined ? sanitize_branchTag(ctx.branch, defaultBranchTag, isDefaultBranch) : undefined;
    const rebuild = ctx.rebuild === true;
    const release = ctx.gitTag && !rebuild ? releaseTags(ctx.gitTag, options.knownVersions, options.latest) : undefined;
    const gitTagTag = ctx.gitTag ? sanitizeTagComponent(ctx.gitTag) : undefined;
    const eventKind = rebuild ? 'rebuild' : ctx.pullRequest ? 'pull_request' : ctx.gitTag ? 'tag' : 'push';
    const onDefaultBranch = eventKind === 'push' && ctx.branch === ctx.defaultBranch;
    // `latest: true` tags every build that is meant to be deployed: not pull requests, not rebuilds.
    const latestAlways = options.latest === 'true' && (eventKind === 'push' || eventKind === 'tag');
    // The name this build is known by: the branch, or for tag pushes the version (or the raw tag).
    const refTag = branchTag ?? release?.version ?? gitTagTag;
    const production = [];
    const builder = [];
    const cacheFrom = [];
    const immutable = [];
    let uniqueTag;
    if (options.preset === 'branch-cache') {
        uniqueTag = ctx.pullRequest
            ? joinTag('review-pr', String(ctx.pullRequest.number), ctx.sha, timestamp)
            : joinTag('dev', ctx.sha, timestamp);
        immutable.push(uniqueTag);
        // A rebuild of an earlier commit gets its commit and unique tags only: the branch, release and
        // latest tags (and the builder cache) stay on what the branch's head built.
        if (rebuild)
            production.push(ctx.sha, uniqueTag);
        else {
            if (release)
                production.push(...release.tags);
            else
                production.push(refTag);
            if (latestAlways)
                production.push('latest');
            production.push(ctx.sha, uniqueTag);
            builder.push(joinTag('builder', refTag));
        }
        cacheFrom.push(joinTag('builder', defaultBranchTag), joinTag('builder', refTag), defaultBranchTag, refTag);
    }
    else {
        uniqueTag = sha7;
        if (release)
            production.push(...release.tags);
        production.push(sha7);
        if (!release && (latestAlways || (options.latest === 'auto' && onDefaultBranch)))
            production.push('latest');
        if (!rebuild)
            builder.push(joinTag('builder', sha7));
        if (onDefaultBranch)
            builder.push('builder-latest');
        cacheFrom.push('builder-latest', 'latest');
    }
    if (release)
        immutable.push(sanitizeTagComponent(release.version));
    const values = templateValues(ctx, { branchTag, defaultBranchTag, timestamp, version: release?.version });
    for (const template of options.templates) {
        const tag = expandTemplate(template, values);
        if (!tag)
            continue;
        production.push(tag);
        // A tag that carries the build time names one build; every other template names a moving thing.
        if (/\{\{\s*timestamp\s*\}\}/.test(template))
            immutable.push(tag);
    }
    const productionTags = unique(production);
    const immutableTags = productionTags.filter(tag => immutable.includes(tag));
    const floatingTags = productionTags.filter(tag => !immutable.includes(tag));
    const builderTags = unique(builder);
    const cacheFromTags = unique(cacheFrom);
    const version = release?.version ?? uniqueTag;
    const source = (0,context/* repositoryUrl */.Ek)(ctx) ?? '';
    const created = options.now.toISOString();
    const labels = {
        'org.opencontainers.image.created': created,
        'org.opencontainers.image.revision': ctx.sha,
        'org.opencontainers.image.version': release?.version ?? refTag,
        'org.opencontainers.image.title': options.title ?? (ctx.repository.split('/')[1] || (0,reference/* familiarName */.hG)(options.images[0]))
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
        tags: {
            production: productionTags,
            builder: builderTags,
            unique: uniqueTag,
            cacheFrom: cacheFromTags,
            immutable: immutableTags,
            floating: floatingTags
        },
        productionTags: qualify(options.images, productionTags),
        immutableTags: qualify(options.images, immutableTags),
        floatingTags: qualify(options.images, floatingTags),
        builderTags: qualify(options.images, builderTags),
        cacheFrom: qualify(options.images.slice(0, 1), cacheFromTags),
        uniqueRefs: qualify(options.images, [uniqueTag]),
        labels,
        versionJson: { source, version, commit: ctx.sha, build: (0,context/* runUrl */.Vp)(ctx) ?? '' },
        pushAllowed: !ctx.pullRequest?.isFork,
        isFork: ctx.pullRequest?.isFork ?? false,
        eventKind
    };
}


/***/ }),

/***/ 9882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ev: () => (/* binding */ getBuildContext),
  Oe: () => (/* binding */ getTagInputs),
  IK: () => (/* binding */ resolveTagPlan)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var lib_inputs = __webpack_require__(1662);
// EXTERNAL MODULE: ./src/lib/git/context.ts
var context = __webpack_require__(4607);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/lib/git/tags.ts


const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function gitLines(args, cwd) {
    const { stdout } = await execFileAsync('git', args, { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout.split('\n').filter(Boolean);
}
/**
 * The repository's git tags, to decide which release lines a release is the highest of (`latest`,
 * `<major>`, `<major>.<minor>`). The usual checkout (actions/checkout with its default depth 1) has no
 * tags, so the origin remote is asked too, with `git ls-remote --tags` (names only: no objects are
 * fetched, and the checkout's own credentials are used). What cannot be read is reported, not fatal:
 * the caller logs it and judges from what it has.
 */
async function listGitTags(cwd = process.cwd()) {
    const tags = new Set();
    const sources = [];
    try {
        for (const tag of await gitLines(['tag', '--list'], cwd))
            tags.add(tag);
        sources.push('local');
    }
    catch {
        // Not a git checkout: nothing local to read.
    }
    let originError;
    try {
        const refs = await gitLines(['ls-remote', '--tags', '--refs', 'origin'], cwd);
        for (const line of refs) {
            const name = line.split('\t')[1]?.replace(/^refs\/tags\//, '');
            if (name)
                tags.add(name);
        }
        sources.push('origin');
    }
    catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        originError = text.split('\n').find(line => /fatal|error/i.test(line)) ?? text.split('\n')[0];
    }
    return { tags: [...tags], sources, originError };
}

// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/image/tags.ts + 1 modules
var tags = __webpack_require__(2415);
;// CONCATENATED MODULE: ./src/lib/tag-inputs.ts







function getTagInputs() {
    return {
        images: (0,lib_inputs/* getList */.vS)('images'),
        preset: (0,lib_inputs/* getChoice */.m)('preset', tags/* TAG_PRESETS */.qe, 'branch-cache'),
        templates: (0,lib_inputs/* getList */.vS)('tags', { comma: false }),
        defaultBranch: (0,lib_inputs/* getOptional */.xX)('default-branch'),
        branch: (0,lib_inputs/* getOptional */.xX)('branch'),
        sha: (0,lib_inputs/* getOptional */.xX)('sha'),
        timestamp: (0,lib_inputs/* getOptional */.xX)('timestamp'),
        latest: (0,lib_inputs/* getChoice */.m)('latest', ['auto', 'true', 'false'], 'auto'),
        labels: core/* getInput */.V4('labels'),
        title: (0,lib_inputs/* getOptional */.xX)('title')
    };
}
/** Reads the build context from the runner's environment, applying the overriding inputs. */
function getBuildContext(inputs, env = process.env) {
    return (0,context/* buildContextFromGitHub */.XH)(github/* context */._, env, inputs);
}
/** Validates every input, then computes the plan; nothing else runs before validation passed. */
async function resolveTagPlan(inputs, ctx, now = new Date()) {
    const images = inputs.images.map(name => {
        const lowered = (0,reference/* lowercaseImageName */.iK)(name);
        if (lowered !== name.trim())
            core/* notice */.lm(`Image "${name.trim()}" is written as "${lowered}": registries accept only lowercase repository names.`);
        return (0,reference/* parseImageName */["if"])(lowered);
    });
    const extraLabels = (0,lib_inputs/* parseKeyValueLines */.FF)(inputs.labels, 'Input "labels"');
    const when = inputs.timestamp ? (0,tags/* parseTimestampInput */.S2)(inputs.timestamp) : now;
    const knownVersions = ctx.gitTag && !ctx.rebuild ? await releaseHistory() : [];
    return (0,tags/* computeTagPlan */.l4)(ctx, {
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
/** The repository's tags for a release build, with a log line saying where they came from. */
async function releaseHistory() {
    const known = await listGitTags();
    if (known.originError)
        core/* warning */.$e(`Could not list the tags of the origin remote (${known.originError}); latest, <major> and <major>.<minor> are judged from the ${known.tags.length} tag(s) of the checkout. Check out with fetch-tags or give the job read access to the repository.`);
    core/* info */.pq(`release history: ${known.tags.length} git tag(s) from ${known.sources.join(' + ') || 'nowhere'}`);
    return known.tags;
}


/***/ })

};
