export const id = 142;
export const ids = [142];
export const modules = {

/***/ 4142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/lib/tag-inputs.ts + 4 modules
var tag_inputs = __webpack_require__(764);
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
    const inputs = (0,tag_inputs/* getTagInputs */.Oe)();
    const ctx = (0,tag_inputs/* getBuildContext */.Ev)(inputs);
    const plan = await (0,tag_inputs/* resolveTagPlan */.IK)(inputs, ctx);
    await core/* group */.Os('Computed tags', async () => {
        core/* info */.pq(`event: ${ctx.eventName} (${plan.eventKind}), branch: ${ctx.branch ?? '-'}, default branch: ${ctx.defaultBranch}`);
        core/* info */.pq(`production tags:\n  ${plan.productionTags.join('\n  ')}`);
        core/* info */.pq(`builder tags:\n  ${plan.builderTags.join('\n  ')}`);
        core/* info */.pq(`cache from:\n  ${plan.cacheFrom.join('\n  ')}`);
        core/* info */.pq(`unique tag: ${plan.tags.unique}`);
        if (plan.isFork)
            core/* info */.pq('pull request from a fork: images are built but never pushed');
    });
    (0,outputs/* setOutputs */.n)(tagPlanOutputs(plan));
    core/* summary */.z.addHeading('compute-tags', 3);
    (0,summary/* addKeyValueTable */.Yx)([
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
    await (0,summary/* writeSummary */.Sy)();
}


/***/ }),

/***/ 4377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ setOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);

/** Sets outputs from a record; lists become newline-separated, objects become JSON. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        if (Array.isArray(value))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value.join('\n'));
        else if (typeof value === 'object')
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, JSON.stringify(value));
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, String(value));
    }
}


/***/ }),

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   Yx: () => (/* binding */ addKeyValueTable),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   aY: () => (/* binding */ code)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);

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
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addTable(cells);
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
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.write();
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.emptyBuffer();
}


/***/ }),

/***/ 764:
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
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
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

// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
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
        images: (0,lib_inputs/* getList */.vS)('images'),
        preset: (0,lib_inputs/* getChoice */.m)('preset', TAG_PRESETS, 'branch-cache'),
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
    return buildContextFromGitHub(github/* context */._, env, inputs);
}
/** Validates every input, then computes the plan; nothing else runs before validation passed. */
async function resolveTagPlan(inputs, ctx, now = new Date()) {
    const images = inputs.images.map(reference/* parseImageName */["if"]);
    const extraLabels = (0,lib_inputs/* parseKeyValueLines */.FF)(inputs.labels, 'Input "labels"');
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


/***/ })

};
