export const id = 989;
export const ids = [989];
export const modules = {

/***/ 2989:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post),
  resolveCacheMode: () => (/* binding */ resolveCacheMode),
  withoutStage: () => (/* binding */ withoutStage)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/base-image/labels.ts
var base_image_labels = __webpack_require__(7146);
// EXTERNAL MODULE: ./src/lib/exec.ts
var exec = __webpack_require__(766);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/docker/build-args.ts

/**
 * The docker CLI arguments for one build, as a pure function of the request (tested with tables).
 * Values are separate array items: nothing passes through a shell.
 */
function getBuildArgs(frontend, request) {
    if (request.platforms.length > 1 && frontend.kind !== 'buildx') {
        throw new errors/* UserError */.y(`Building for several platforms (${request.platforms.join(', ')}) needs buildx (docker/setup-buildx-action); this runner has a docker client without it.`);
    }
    if (request.cacheMode === 'registry' && frontend.kind !== 'buildx') {
        throw new errors/* UserError */.y('cache-mode: registry needs buildx with a docker-container builder; use inline or auto here.');
    }
    const args = frontend.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
    args.push('--progress=plain', '--file', request.file);
    if (request.target)
        args.push('--target', request.target);
    if (request.network)
        args.push('--network', request.network);
    if (request.pull)
        args.push('--pull');
    for (const platform of request.platforms)
        args.push('--platform', platform);
    for (const tag of request.tags)
        args.push('--tag', tag);
    for (const [key, value] of request.labels)
        args.push('--label', `${key}=${value}`);
    for (const [key, value] of request.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    if (request.cacheMode === 'inline')
        args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
    for (const ref of request.cacheFrom)
        args.push('--cache-from', ref);
    if (request.registryCache) {
        for (const ref of request.registryCache.from)
            args.push('--cache-from', `type=registry,ref=${ref}`);
        args.push('--cache-to', `type=registry,ref=${request.registryCache.to},mode=max`);
    }
    for (const secret of request.secretFiles)
        args.push('--secret', `id=${secret.id},src=${secret.file}`);
    if (request.iidFile)
        args.push('--iidfile', request.iidFile);
    args.push(request.context);
    return args;
}

;// CONCATENATED MODULE: ./src/lib/docker/progress.ts
const STEP = /^#(\d+) \[([^\]\s]+) (\d+\/\d+)\] (.*)$/;
class ProgressParser {
    steps = new Map();
    /** Output lines of failing steps, for error messages. */
    errorLines = [];
    push(line) {
        const step = STEP.exec(line);
        if (step) {
            const id = Number(step[1]);
            if (!this.steps.has(id)) {
                this.steps.set(id, {
                    id,
                    stage: step[2],
                    position: step[3],
                    instruction: step[4],
                    cached: false,
                    done: false
                });
            }
            return;
        }
        const status = /^#(\d+) (CACHED|DONE ([\d.]+)s|ERROR: (.*))$/.exec(line);
        if (status) {
            const record = this.steps.get(Number(status[1]));
            if (!record)
                return;
            if (status[2] === 'CACHED')
                record.cached = true;
            else if (status[3] !== undefined) {
                record.done = true;
                record.seconds = Number(status[3]);
            }
            else
                record.error = status[4];
            return;
        }
        const output = /^#(\d+) [\d.]+ (.*)$/.exec(line);
        if (output && this.steps.get(Number(output[1])))
            this.errorLines.push(output[2]);
        if (/^(ERROR|error):|^-{5,}|^\s*>{3}|failed to solve|did not complete successfully/.test(line))
            this.errorLines.push(line);
    }
    /** Dockerfile instructions only (FROM lines resolve images, they are not build work). */
    records() {
        return [...this.steps.values()].filter(step => !/^FROM\s/i.test(step.instruction));
    }
    stats() {
        const records = this.records();
        const cached = records.filter(step => step.cached).length;
        return { total: records.length, cached, built: records.length - cached };
    }
    failedStep() {
        return this.records().find(step => step.error);
    }
}

;// CONCATENATED MODULE: ./src/lib/docker/build.ts





/** Runs one build, streaming BuildKit's progress to the log and counting cached steps as they finish. */
async function runBuild(frontend, request) {
    const args = getBuildArgs(frontend, request);
    const parser = new ProgressParser();
    const started = Date.now();
    const result = await (0,exec/* runCommand */.d)(frontend.docker, args, {
        env: frontend.kind === 'buildkit' ? { DOCKER_BUILDKIT: '1' } : undefined,
        onLine: line => parser.push(line)
    });
    const seconds = (Date.now() - started) / 1000;
    const stats = parser.stats();
    core/* info */.pq(`steps: ${stats.total}, cached: ${stats.cached}, built: ${stats.built} (${seconds.toFixed(1)} s)`);
    let imageId;
    if (result.exitCode === 0 && request.iidFile)
        imageId = (0,external_node_fs_.readFileSync)(request.iidFile, 'utf8').trim();
    const failed = parser.failedStep();
    const error = result.exitCode === 0
        ? ''
        : [
            failed
                ? `step [${failed.stage} ${failed.position}] ${failed.instruction} failed: ${failed.error}`
                : '',
            ...parser.errorLines.slice(-12)
        ]
            .filter(Boolean)
            .join('\n') || result.stderr.trim().split('\n').slice(-8).join('\n');
    return { ok: result.exitCode === 0, stats, steps: parser.records(), seconds, imageId, error };
}

// EXTERNAL MODULE: ./src/lib/docker/frontend.ts
var docker_frontend = __webpack_require__(8070);
;// CONCATENATED MODULE: ./src/lib/docker/login.ts



/** `docker login --password-stdin`: the password never appears in arguments or logs. */
async function dockerLogin(docker, login) {
    core/* setSecret */.Pq(login.password);
    const host = login.registry === 'docker.io' ? '' : login.registry;
    const result = await (0,exec/* runCommand */.d)(docker, ['login', ...(host ? [host] : []), '--username', login.username, '--password-stdin'], {
        input: Buffer.from(login.password),
        silent: true
    });
    if (result.exitCode !== 0) {
        throw new errors/* UserError */.y(`Login to ${login.registry} as ${login.username} failed: ${(0,exec/* tail */.R)(result.stderr || result.stdout, 3)}`);
    }
    core/* info */.pq(`logged in to ${login.registry} as ${login.username}`);
}
async function dockerLogout(docker, registry) {
    const result = await (0,exec/* runCommand */.d)(docker, ['logout', ...(registry === 'docker.io' ? [] : [registry])], {
        silent: true
    });
    if (result.exitCode === 0)
        core/* info */.pq(`logged out of ${registry}`);
    else
        core/* warning */.$e(`logout from ${registry} failed: ${(0,exec/* tail */.R)(result.stderr, 2)}`);
}

;// CONCATENATED MODULE: ./src/lib/docker/push.ts


/** The digest `docker push` reports: `<tag>: digest: sha256:… size: N`. */
function pushedDigest(output) {
    return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
/** Pushes one reference; a refusal carries the registry's own message. Returns the manifest digest. */
async function pushImage(docker, reference) {
    const result = await (0,exec/* runCommand */.d)(docker, ['push', reference]);
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.exitCode !== 0) {
        const denied = /denied|unauthorized|authentication required/i.test(output);
        throw new errors/* UserError */.y(`Push of ${reference} failed${denied ? ' (the registry refused the credentials: log in with push rights, e.g. `registry`/`username`/`password` inputs or docker/login-action; for GHCR give the job `packages: write`)' : ''}: ${(0,exec/* tail */.R)(result.stderr || result.stdout, 4)}`);
    }
    const digest = pushedDigest(output);
    if (!digest)
        throw new errors/* UserError */.y(`Pushed ${reference} but docker did not report a digest:\n${(0,exec/* tail */.R)(output, 4)}`);
    return digest;
}
/** The layer diff IDs of a local image (its filesystem, whatever its config says). */
async function localLayers(docker, reference) {
    const result = await (0,exec/* runCommand */.d)(docker, ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', reference], {
        silent: true
    });
    if (result.exitCode !== 0)
        throw new errors/* UserError */.y(`No local image ${reference}: ${(0,exec/* tail */.R)(result.stderr, 2)}`);
    return JSON.parse(result.stdout);
}

// EXTERNAL MODULE: ./src/lib/dockerfile/parse.ts
var parse = __webpack_require__(6221);
// EXTERNAL MODULE: ./src/lib/docker/pull.ts
var pull = __webpack_require__(9197);
// EXTERNAL MODULE: ./src/lib/registry/index.ts
var lib_registry = __webpack_require__(6471);
// EXTERNAL MODULE: ./src/lib/registry/promote.ts
var promote = __webpack_require__(9591);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/lib/tag-inputs.ts + 1 modules
var tag_inputs = __webpack_require__(9882);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
// EXTERNAL MODULE: ./src/lib/image/tags.ts + 1 modules
var image_tags = __webpack_require__(2415);
;// CONCATENATED MODULE: ./src/lib/image/plan-json.ts



const EVENT_KINDS = ['push', 'pull_request', 'tag', 'rebuild'];
const MAX_PLAN_BYTES = 1024 * 1024;
function fail(what, why) {
    throw new errors/* UserError */.y(`${what} is not a compute-tags plan: ${why}. Pass compute-tags' \`json\` output unchanged.`);
}
function object(value, path, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail(what, `${path} is not an object`);
    return value;
}
function string(value, path, what) {
    if (typeof value !== 'string')
        fail(what, `${path} is not a string`);
    return value;
}
function strings(value, path, what) {
    if (!Array.isArray(value))
        fail(what, `${path} is not a list`);
    return value.map((item, index) => string(item, `${path}[${index}]`, what));
}
function references(value, path, what) {
    const refs = strings(value, path, what);
    for (const ref of refs) {
        const parsed = (0,reference/* parseReference */.F2)(ref);
        if (!parsed.tag || parsed.digest)
            fail(what, `${path} has "${ref}", which is not a tagged reference`);
    }
    return refs;
}
function bool(value, path, what) {
    if (typeof value !== 'boolean')
        fail(what, `${path} is not true or false`);
    return value;
}
/**
 * Reads the plan compute-tags wrote (its `json` output), checking every field the build uses: the
 * plan crosses a process boundary as text, so a truncated or hand-edited one is an error, never a
 * half-read plan.
 */
function parseTagPlanJson(text, what = 'The plan') {
    if (Buffer.byteLength(text) > MAX_PLAN_BYTES)
        fail(what, `it is larger than ${MAX_PLAN_BYTES} bytes`);
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (error) {
        fail(what, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const plan = object(raw, 'the plan', what);
    const tags = object(plan.tags, 'tags', what);
    const versionJson = object(plan.versionJson, 'versionJson', what);
    const labels = object(plan.labels, 'labels', what);
    const preset = string(plan.preset, 'preset', what);
    if (!image_tags/* TAG_PRESETS */.qe.includes(preset))
        fail(what, `preset "${preset}" is unknown`);
    const eventKind = string(plan.eventKind, 'eventKind', what);
    if (!EVENT_KINDS.includes(eventKind))
        fail(what, `eventKind "${eventKind}" is unknown`);
    const optional = (key) => plan[key] === undefined ? undefined : string(plan[key], key, what);
    return {
        preset: preset,
        branch: optional('branch'),
        branchTag: optional('branchTag'),
        defaultBranchTag: string(plan.defaultBranchTag, 'defaultBranchTag', what),
        version: optional('version'),
        timestamp: string(plan.timestamp, 'timestamp', what),
        tags: {
            production: strings(tags.production, 'tags.production', what),
            builder: strings(tags.builder, 'tags.builder', what),
            unique: string(tags.unique, 'tags.unique', what),
            cacheFrom: strings(tags.cacheFrom, 'tags.cacheFrom', what),
            immutable: strings(tags.immutable, 'tags.immutable', what),
            floating: strings(tags.floating, 'tags.floating', what)
        },
        productionTags: references(plan.productionTags, 'productionTags', what),
        immutableTags: references(plan.immutableTags, 'immutableTags', what),
        floatingTags: references(plan.floatingTags, 'floatingTags', what),
        builderTags: references(plan.builderTags, 'builderTags', what),
        cacheFrom: references(plan.cacheFrom, 'cacheFrom', what),
        uniqueRefs: references(plan.uniqueRefs, 'uniqueRefs', what),
        labels: Object.fromEntries(Object.entries(labels).map(([key, value]) => [key, string(value, `labels.${key}`, what)])),
        versionJson: {
            source: string(versionJson.source, 'versionJson.source', what),
            version: string(versionJson.version, 'versionJson.version', what),
            commit: string(versionJson.commit, 'versionJson.commit', what),
            build: string(versionJson.build, 'versionJson.build', what)
        },
        pushAllowed: bool(plan.pushAllowed, 'pushAllowed', what),
        isFork: bool(plan.isFork, 'isFork', what),
        eventKind: eventKind
    };
}

;// CONCATENATED MODULE: ./src/actions/build-with-cache/context.ts








/** The image names: `images`, or the repositories of explicit `tags` when only those are given. */
function imagesFrom(images, tags) {
    if (images.length > 0)
        return images;
    const names = tags.map(tag => {
        const ref = (0,reference/* parseReference */.F2)(tag);
        return `${ref.registry}/${ref.repository}`;
    });
    return [...new Set(names)];
}
function getInputs() {
    const password = (0,inputs/* getOptional */.xX)('password');
    if (password)
        core/* setSecret */.Pq(password);
    const secrets = (0,inputs/* parseKeyValueLines */.FF)(core/* getInput */.V4('secrets'), 'Input "secrets"');
    for (const value of secrets.values())
        if (value)
            core/* setSecret */.Pq(value);
    const tags = (0,inputs/* getList */.vS)('tags', { comma: false });
    const planText = core/* getInput */.V4('plan').trim();
    const plan = planText ? parseTagPlanJson(planText, 'Input "plan"') : undefined;
    const tagInputs = { ...(0,tag_inputs/* getTagInputs */.Oe)(), templates: (0,inputs/* getList */.vS)('tag-templates', { comma: false }) };
    tagInputs.images = imagesFrom(tagInputs.images, tags);
    if (!plan && tagInputs.images.length === 0) {
        throw new errors/* UserError */.y('Input "images" is required (e.g. ghcr.io/acme/app), unless explicit "tags" are given.');
    }
    for (const ref of tags)
        (0,reference/* parseReference */.F2)(ref); // fail early on a malformed reference
    const context = core/* getInput */.V4('context') || '.';
    if (!(0,external_node_fs_.existsSync)(context))
        throw new errors/* UserError */.y(`Build context "${context}" does not exist (input "context").`);
    const file = (0,inputs/* getOptional */.xX)('file') ?? (0,external_node_path_.join)(context, 'Dockerfile');
    if (!(0,external_node_fs_.existsSync)(file)) {
        throw new errors/* UserError */.y(`Dockerfile "${file}" not found: set "file" to its path, or "context" to the directory holding it.`);
    }
    const optionalList = (name) => {
        const raw = core/* getInput */.V4(name);
        return raw.trim() === '' ? undefined : (0,inputs/* parseList */.E1)(raw, { comma: false });
    };
    const registry = (0,inputs/* getOptional */.xX)('registry');
    const username = (0,inputs/* getOptional */.xX)('username');
    if (password && !registry)
        throw new errors/* UserError */.y('Input "password" is set but "registry" is not: name the registry to log in to (e.g. ghcr.io, docker.io).');
    return {
        tagInputs,
        plan,
        pushBuilder: (0,inputs/* getBoolean */.pW)('push-builder', true),
        context,
        file,
        dockerfileText: (0,external_node_fs_.readFileSync)(file, 'utf8'),
        buildArgs: (0,inputs/* parseKeyValueLines */.FF)(core/* getInput */.V4('build-args'), 'Input "build-args"'),
        secrets,
        labels: (0,inputs/* parseKeyValueLines */.FF)(core/* getInput */.V4('labels'), 'Input "labels"'),
        push: (0,inputs/* getChoice */.m)('push', ['auto', 'true', 'false'], 'auto'),
        platforms: (0,inputs/* getList */.vS)('platforms'),
        builderTarget: (0,inputs/* getOptional */.xX)('builder-target'),
        productionTarget: (0,inputs/* getOptional */.xX)('production-target'),
        cacheMode: (0,inputs/* getChoice */.m)('cache-mode', ['auto', 'inline', 'registry'], 'auto'),
        network: (0,inputs/* getOptional */.xX)('network'),
        pull: (0,inputs/* getBoolean */.pW)('pull', true),
        tags,
        builderTags: optionalList('builder-tags'),
        cacheFrom: optionalList('cache-from'),
        login: registry && password ? { registry, username: username ?? 'token', password } : undefined
    };
}

;// CONCATENATED MODULE: ./src/actions/build-with-cache/stages.ts


const DEFAULT_BUILDER = 'builder';
const DEFAULT_PRODUCTION = 'production';
/**
 * Which stages to build. The defaults are used when the Dockerfile has them, so a Dockerfile
 * without a builder stage still builds (one target); a stage named explicitly must exist.
 */
function planStages(dockerfile, builder, production, file = 'Dockerfile') {
    const names = (0,parse/* stageNames */.hL)(dockerfile);
    const missing = (stage) => new errors/* UserError */.y(`Target "${stage}" is not a stage of ${file}; its stages are: ${names.length ? names.join(', ') : '(none named: add `AS <name>` to a FROM line)'}.`);
    const notes = [];
    const requested = (name, fallback) => {
        const stage = (name ?? fallback).toLowerCase();
        if (names.includes(stage))
            return stage;
        if (name && name !== fallback)
            throw missing(name);
        return undefined;
    };
    const plan = {
        builder: requested(builder, DEFAULT_BUILDER),
        production: requested(production, DEFAULT_PRODUCTION),
        notes
    };
    if (!plan.builder)
        notes.push(`no "${builder ?? DEFAULT_BUILDER}" stage: one build, cached through the production image`);
    if (!plan.production)
        notes.push(`no "${production ?? DEFAULT_PRODUCTION}" stage: the last stage is the production image`);
    if (plan.builder && plan.builder === plan.production)
        throw new errors/* UserError */.y('builder-target and production-target must be different stages.');
    return plan;
}

// EXTERNAL MODULE: ./src/lib/summary.ts
var lib_summary = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/actions/build-with-cache/summary.ts


async function writeBuildSummary(summary) {
    core/* summary */.z.addHeading('build-with-cache', 3);
    core/* summary */.z.addTable([
        [
            { data: 'Stage', header: true },
            { data: 'Steps', header: true },
            { data: 'Cached', header: true },
            { data: 'Built', header: true },
            { data: 'Time', header: true }
        ],
        ...summary.results.map(({ stage, result }) => [
            (0,lib_summary/* code */.aY)(stage),
            String(result.stats.total),
            String(result.stats.cached),
            String(result.stats.built),
            `${result.seconds.toFixed(1)} s`
        ])
    ]);
    (0,lib_summary/* addKeyValueTable */.Yx)([
        ['Digest', summary.digest ?? 'not pushed'],
        ['Image', summary.image],
        ['Pushed', summary.pushed.join('\n')],
        ['Production tags', summary.pushed.length === 0 ? summary.productionTags.join('\n') : undefined],
        [
            'Front end',
            `${summary.frontend.kind} (${summary.frontend.docker} ${summary.frontend.clientVersion}), cache ${summary.cacheMode}`
        ]
    ]);
    await (0,lib_summary/* writeSummary */.Sy)();
}

;// CONCATENATED MODULE: ./src/actions/build-with-cache/main.ts




















const STATE_LOGOUT = 'logout';
function resolveCacheMode(mode, frontend) {
    if (mode !== 'auto')
        return mode;
    // Registry cache export needs a buildx builder other than the plain docker driver.
    return frontend.kind === 'buildx' && frontend.driver !== 'docker' ? 'registry' : 'inline';
}
/** Writes build secrets to private files for `--secret id=…,src=…`; returns them and a cleanup. */
function secretFiles(secrets) {
    if (secrets.size === 0)
        return { files: [], cleanup: () => undefined };
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(process.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'build-secrets-'));
    const files = [...secrets].map(([id, value], index) => {
        const file = (0,external_node_path_.join)(dir, String(index));
        (0,external_node_fs_.writeFileSync)(file, value, { mode: 0o600 });
        return { id, file };
    });
    return { files, cleanup: () => (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true }) };
}
function withoutStage(result, stage) {
    const steps = result.steps.filter(step => step.stage !== stage);
    const cached = steps.filter(step => step.cached).length;
    return { ...result, steps, stats: { total: steps.length, cached, built: steps.length - cached } };
}
/** build-with-cache: builder then production with every cache-from ref; push only after both built. */
async function main() {
    const inputs = getInputs();
    // One plan per run: compute-tags' plan when handed on, so the image's version.json names the tags
    // that are published; computed here only when the action is used alone.
    const plan = inputs.plan ?? (await (0,tag_inputs/* resolveTagPlan */.IK)(inputs.tagInputs, (0,tag_inputs/* getBuildContext */.Ev)(inputs.tagInputs)));
    const dockerfile = (0,parse/* parseDockerfile */.Ai)(inputs.dockerfileText, inputs.buildArgs);
    const stages = planStages(dockerfile, inputs.builderTarget, inputs.productionTarget, inputs.file);
    const productionTags = inputs.tags.length > 0 ? inputs.tags : plan.productionTags;
    const builderTags = stages.builder ? (inputs.builderTags ?? plan.builderTags) : [];
    let cacheFrom = inputs.cacheFrom ?? plan.cacheFrom;
    const push = inputs.push === 'false' ? false : plan.pushAllowed; // a fork pull request never pushes, whatever `push` says
    if (inputs.push === 'true' && !plan.pushAllowed)
        core/* warning */.$e('push: true ignored: pull requests from forks never push.');
    const frontend = await (0,docker_frontend/* detectBuildFrontend */.qj)();
    const cacheMode = resolveCacheMode(inputs.cacheMode, frontend);
    core/* info */.pq(`build front end: ${frontend.kind}: ${frontend.reason}; cache: ${cacheMode}`);
    for (const note of stages.notes)
        core/* info */.pq(note);
    if (inputs.login && plan.pushAllowed) {
        await dockerLogin(frontend.docker, inputs.login);
        core/* saveState */.LZ(STATE_LOGOUT, JSON.stringify({ docker: frontend.docker, registry: inputs.login.registry }));
    }
    const strategy = (0,pull/* pullStrategy */.Nv)(frontend);
    if (inputs.pull && strategy === 'pull-first')
        await core/* group */.Os('Pull base images', () => (0,pull/* pullBaseImages */.Pp)(frontend.docker, (0,pull/* baseImagesOf */.re)(dockerfile, [stages.builder, stages.production]), line => core/* info */.pq(line)));
    if (cacheMode === 'inline' && strategy === 'pull-first')
        // Only the refs that exist go to --cache-from: the others would only print errors in the build log.
        cacheFrom = await core/* group */.Os('Pull cache images', () => (0,pull/* pullCacheImages */.s0)(frontend.docker, cacheFrom, line => core/* info */.pq(line)));
    const base = await (0,base_image_labels/* baseImageLabels */.W9)(dockerfile, stages.production);
    core/* info */.pq(base.note);
    const labels = new Map([...Object.entries(plan.labels), ...Object.entries(base.labels), ...inputs.labels]);
    const buildArgs = new Map(inputs.buildArgs);
    if (!buildArgs.has('DOCKERFLOW_VERSION_JSON'))
        buildArgs.set('DOCKERFLOW_VERSION_JSON', JSON.stringify(plan.versionJson));
    const first = (0,reference/* parseReference */.F2)(productionTags[0]);
    const registryCache = cacheMode === 'registry'
        ? {
            from: [...new Set([plan.defaultBranchTag, plan.branchTag ?? plan.defaultBranchTag])].map(tag => (0,reference/* withTag */.Rd)(first, `buildcache-${tag}`)),
            to: (0,reference/* withTag */.Rd)(first, `buildcache-${plan.branchTag ?? plan.defaultBranchTag}`)
        }
        : undefined;
    const secrets = secretFiles(inputs.secrets);
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'build-with-cache-'));
    const results = [];
    try {
        const request = (target, tags, withLabels) => ({
            context: inputs.context,
            file: inputs.file,
            target,
            tags,
            buildArgs,
            labels: withLabels ? labels : new Map(),
            secretFiles: secrets.files,
            cacheFrom,
            cacheMode,
            registryCache,
            platforms: inputs.platforms,
            network: inputs.network,
            pull: inputs.pull && strategy === 'build-flag',
            iidFile: (0,external_node_path_.join)(work, `${target ?? 'last'}.iid`)
        });
        const builds = [];
        if (stages.builder)
            builds.push([stages.builder, request(stages.builder, builderTags, false)]);
        builds.push([stages.production ?? 'production', request(stages.production, productionTags, true)]);
        for (const [stage, buildRequest] of builds) {
            const built = await core/* group */.Os(`Build ${stage}${buildRequest.target ? ` (--target ${buildRequest.target})` : ''}`, () => runBuild(frontend, buildRequest));
            // The production build walks the builder's steps again (all cache hits of the first build):
            // count each Dockerfile step once, in the build that made it.
            const result = stage === stages.builder || !stages.builder ? built : withoutStage(built, stages.builder);
            results.push({ stage, result });
            if (!result.ok) {
                throw new errors/* UserError */.y(`The ${stage} build failed; nothing was pushed.\n${result.error}`);
            }
        }
    }
    finally {
        secrets.cleanup();
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
    }
    let digest;
    let builderDigest;
    const pushed = [];
    const builderPending = [];
    if (push) {
        await core/* group */.Os('Push', async () => {
            // Read once, after any login: one registry client (and token) serves every check and tag below.
            const registry = { credentials: (0,lib_registry/* loadDockerConfigCredentials */.tz)() };
            for (const ref of builderTags) {
                const unchanged = await unchangedInRegistry(frontend.docker, ref, registry);
                if (unchanged) {
                    // Re-pushing an image that came entirely from cache rewrites its inline cache metadata,
                    // and Docker 20.10's BuildKit loses records doing so (moby/buildkit#1981): the next build
                    // would miss. The registry already holds these exact layers, so the tag stays as it is.
                    core/* info */.pq(`${ref} already holds these layers: not re-pushed, its cache metadata stays intact`);
                    builderDigest = unchanged;
                    continue;
                }
                if (!inputs.pushBuilder) {
                    core/* info */.pq(`${ref} differs from the registry: left to push once the gate passed`);
                    builderPending.push(ref);
                    continue;
                }
                builderDigest = await pushImage(frontend.docker, ref);
                pushed.push(ref);
            }
            for (const refs of groupByRepository(productionTags)) {
                const pushedDigest = await pushImage(frontend.docker, refs[0]);
                digest ??= pushedDigest;
                pushed.push(refs[0]);
                const others = refs.slice(1);
                await tagInRegistry(frontend.docker, (0,reference/* withDigest */.hQ)((0,reference/* parseReference */.F2)(refs[0]), pushedDigest), others, registry);
                pushed.push(...others);
            }
        });
    }
    else {
        core/* info */.pq(plan.isFork ? 'pull request from a fork: built, not pushed' : 'push: false: built, not pushed');
    }
    const production = results[results.length - 1].result;
    const stats = results.reduce((sum, { result }) => ({
        total: sum.total + result.stats.total,
        cached: sum.cached + result.stats.cached,
        built: sum.built + result.stats.built
    }), { total: 0, cached: 0, built: 0 });
    const cache = {
        ...stats,
        stages: Object.fromEntries(results.map(({ stage, result }) => [stage, { ...result.stats, seconds: result.seconds }]))
    };
    const image = digest ? (0,reference/* withDigest */.hQ)(first, digest) : undefined;
    const metadata = {
        frontend: { kind: frontend.kind, docker: frontend.docker, version: frontend.clientVersion },
        cacheMode,
        imageId: production.imageId,
        digest,
        image,
        pushed,
        builderTags,
        productionTags,
        cacheFrom,
        labels: Object.fromEntries(labels),
        versionJson: plan.versionJson,
        stages: results.map(({ stage, result }) => ({
            stage,
            seconds: result.seconds,
            ...result.stats,
            steps: result.steps
        }))
    };
    (0,outputs/* setOutputs */.n)({
        digest: digest ?? '',
        image: image ?? '',
        'builder-digest': builderDigest ?? '',
        'builder-pending': builderPending,
        'image-id': production.imageId ?? '',
        tags: productionTags,
        docker: frontend.docker,
        pushed: push,
        cache,
        metadata
    });
    await writeBuildSummary({
        frontend,
        cacheMode,
        results,
        pushed,
        digest,
        image,
        productionTags,
        builderTags
    });
}
/** Post step: log out of the registry the main step logged in to. */
async function post() {
    const saved = core/* getState */.Gu(STATE_LOGOUT);
    if (!saved)
        return;
    const { docker, registry } = JSON.parse(saved);
    await dockerLogout(docker, registry);
}
/**
 * The digest of `ref` in the registry when it already has exactly the layers of the local image
 * `ref`; undefined when it differs, does not exist or cannot be read (then it is pushed).
 */
async function unchangedInRegistry(docker, ref, registry) {
    try {
        const [local, remote] = await Promise.all([localLayers(docker, ref), (0,lib_registry/* fetchImageConfig */.mz)(ref, registry)]);
        const layers = remote.config.rootfs?.diff_ids ?? [];
        const same = layers.length === local.length && layers.every((layer, index) => layer === local[index]);
        return same ? remote.manifestDigest : undefined;
    }
    catch {
        return undefined;
    }
}
/** Tags grouped by repository, in their order: one push per repository, the rest are tags. */
function groupByRepository(refs) {
    const groups = new Map();
    for (const ref of refs) {
        const { registry, repository } = (0,reference/* parseReference */.F2)(ref);
        const key = `${registry}/${repository}`;
        groups.set(key, [...(groups.get(key) ?? []), ref]);
    }
    return [...groups.values()];
}
/**
 * Points the other tags of a repository at the image just pushed: a manifest PUT each through the
 * registry API (tens of milliseconds) instead of another `docker push` each (a CLI run and a HEAD per
 * layer). Falls back to `docker push` when the registry client cannot (e.g. no credentials it can read).
 */
async function tagInRegistry(docker, source, refs, registry) {
    if (refs.length === 0)
        return;
    try {
        // Branch and commit tags move with every build.
        await (0,promote/* promoteImage */.kP)({ source, targets: refs, allowOverwrite: true, registry });
        for (const ref of refs)
            core/* info */.pq(`${ref}: tagged in the registry (manifest PUT)`);
    }
    catch (error) {
        core/* info */.pq(`registry tagging failed (${(0,errors/* errorMessage */.g)(error)}); pushing with docker instead`);
        for (const ref of refs)
            await pushImage(docker, ref);
    }
}


/***/ }),

/***/ 7146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $w: () => (/* binding */ BASE_NAME_LABEL),
/* harmony export */   W9: () => (/* binding */ baseImageLabels),
/* harmony export */   m8: () => (/* binding */ BASE_DIGEST_LABEL)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6221);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6292);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6471);
/* harmony import */ var _untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8865);





const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';
/**
 * The OCI base-image labels for a target: the final FROM's image (following stage aliases) and the
 * digest it resolves to now, so check-base can later tell whether the base moved on.
 */
async function baseImageLabels(dockerfile, target, options) {
    const base = (0,_dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .finalBase */ .Ys)(dockerfile, target);
    if (!base)
        return { labels: {}, note: 'built FROM scratch: no base image labels' };
    try {
        const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(base.image);
        const digest = ref.digest ?? (await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveDigest */ .j)(base.image, options));
        return {
            labels: { [BASE_NAME_LABEL]: base.image, [BASE_DIGEST_LABEL]: digest },
            note: `base image ${(0,_untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__/* .untrustedText */ .U)(base.image)} is ${digest}`
        };
    }
    catch (error) {
        // The note is logged; the error may quote a registry's answer or a fork's FROM line.
        return { labels: {}, note: `base image labels skipped: ${(0,_untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__/* .untrustedText */ .U)((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error))}` };
    }
}


/***/ }),

/***/ 8070:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bw: () => (/* binding */ detectDockerClient),
/* harmony export */   qj: () => (/* binding */ detectBuildFrontend)
/* harmony export */ });
/* unused harmony exports dockerCandidates, majorVersion */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(766);


/** Client binaries to consider, in order: DOCKER_ACTIONS_DOCKER, `docker` on PATH, Debian's /usr/bin/docker. */
function dockerCandidates(env = process.env) {
    const list = [env.DOCKER_ACTIONS_DOCKER, 'docker', '/usr/bin/docker'].filter((item) => Boolean(item));
    return [...new Set(list)];
}
function majorVersion(version) {
    return Number(/^(\d+)/.exec(version)?.[1] ?? 0);
}
async function clientVersion(docker) {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['version', '--format', '{{.Client.Version}}'], {
        silent: true
    }).catch(() => undefined);
    const version = result?.stdout.trim().split('\n')[0];
    return version && /^\d/.test(version) ? version : undefined;
}
async function buildxDriver(docker) {
    const version = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['buildx', 'version'], { silent: true }).catch(() => undefined);
    if (!version || version.exitCode !== 0)
        return undefined;
    const inspect = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['buildx', 'inspect'], { silent: true });
    return /Driver:\s+(\S+)/.exec(inspect.stdout)?.[1] ?? 'docker';
}
async function detectBuildFrontend(env = process.env) {
    const skipped = [];
    for (const docker of dockerCandidates(env)) {
        const version = await clientVersion(docker);
        if (!version) {
            skipped.push(`${docker}: not found or not a docker client`);
            continue;
        }
        const driver = await buildxDriver(docker);
        if (driver) {
            return {
                kind: 'buildx',
                docker,
                clientVersion: version,
                driver,
                reason: `${docker} ${version} with buildx (driver ${driver})`
            };
        }
        if (majorVersion(version) < 23) {
            return {
                kind: 'buildkit',
                docker,
                clientVersion: version,
                reason: `${docker} ${version} has no buildx; it builds with BuildKit itself (DOCKER_BUILDKIT=1)`
            };
        }
        skipped.push(`${docker} ${version}: no buildx plugin, and clients from 23 on need it for BuildKit`);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`No Docker client here can build with BuildKit (${skipped.join('; ')}). Install the buildx plugin ` +
        '(on GitHub: docker/setup-buildx-action), or point DOCKER_ACTIONS_DOCKER at a docker client older than 23.');
}
/** The first docker client that answers (for create/cp/run/inspect, which every client can do). */
async function detectDockerClient(env = process.env) {
    for (const docker of dockerCandidates(env))
        if (await clientVersion(docker))
            return docker;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`No docker client found (tried ${dockerCandidates(env).join(', ')}). Install Docker, or set DOCKER_ACTIONS_DOCKER.`);
}


/***/ }),

/***/ 9197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nv: () => (/* binding */ pullStrategy),
/* harmony export */   Pp: () => (/* binding */ pullBaseImages),
/* harmony export */   ZP: () => (/* binding */ pullImage),
/* harmony export */   re: () => (/* binding */ baseImagesOf),
/* harmony export */   s0: () => (/* binding */ pullCacheImages)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(766);
/* harmony import */ var _dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6221);



/** `docker pull --quiet <ref>`, quietly; the caller decides what a failure means. */
function pullImage(docker, ref) {
    return (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['pull', '--quiet', ref], { silent: true });
}
/** The external images the given targets are built FROM (stage aliases followed, `scratch` left out). */
function baseImagesOf(dockerfile, targets) {
    const images = targets.flatMap(target => {
        const base = (0,_dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .finalBase */ .Ys)(dockerfile, target);
        return base && !base.image.includes('$') ? [base.image] : [];
    });
    return [...new Set(images)];
}
/**
 * Pulls the inline-cache images into the engine before the build. Docker 20.10's BuildKit, reading
 * inline cache straight from the registry, loses cache records whenever an image that was itself
 * partly built from cache is exported again (moby/buildkit#1981): every second build after a change
 * rebuilt everything. With the cache images in the engine it uses them fully (measured in
 * bench/build-cache). Returns the refs that exist (a new branch has none yet).
 */
async function pullCacheImages(docker, refs, log) {
    const available = [];
    for (const ref of refs) {
        const pulled = await pullImage(docker, ref);
        if (pulled.exitCode === 0)
            available.push(ref);
        log(pulled.exitCode === 0 ? `pulled ${ref}` : `${ref}: not in the registry yet, skipped`);
    }
    return available;
}
/**
 * How a build sees moved base tags. The engine's image store (plain BuildKit, buildx's `docker`
 * driver) keeps a base it pulled once, so those bases are pulled explicitly before the build; a
 * buildx builder in a container has no such store and resolves FROM with `--pull`. The explicit pull
 * keeps the build itself free of `--pull`, so the engine's images (cache and base) are what BuildKit
 * starts from.
 */
function pullStrategy(frontend) {
    return frontend.kind === 'buildx' && frontend.driver !== undefined && frontend.driver !== 'docker'
        ? 'build-flag'
        : 'pull-first';
}
async function pullBaseImages(docker, images, log) {
    for (const image of images) {
        const pulled = await pullImage(docker, image);
        if (pulled.exitCode !== 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Could not pull the base image ${image}: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .tail */ .R)(pulled.stderr, 3)}. Check its name and the registry login, or set pull: false for a base that exists only on this machine.`);
        log(`pulled base image ${image}`);
    }
}


/***/ }),

/***/ 6221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ai: () => (/* binding */ parseDockerfile),
/* harmony export */   Ys: () => (/* binding */ finalBase),
/* harmony export */   hL: () => (/* binding */ stageNames)
/* harmony export */ });
/* unused harmony exports substitute, targetStage */
function instructions(text) {
    const result = [];
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let pending;
    for (const [index, raw] of lines.entries()) {
        const directive = /^#\s*escape\s*=\s*(\S)/i.exec(raw);
        if (directive && result.length === 0 && !pending)
            escape = directive[1];
        const trimmed = raw.trim();
        if (trimmed.startsWith('#') || (trimmed === '' && !pending))
            continue;
        const continued = trimmed.endsWith(escape);
        const body = continued ? trimmed.slice(0, -1) : trimmed;
        if (pending)
            pending.args += ` ${body}`;
        else {
            const match = /^(\S+)\s*(.*)$/.exec(body);
            pending = { keyword: match[1].toUpperCase(), args: match[2], line: index + 1 };
        }
        if (!continued) {
            result.push({ ...pending, args: pending.args.trim() });
            pending = undefined;
        }
    }
    if (pending)
        result.push({ ...pending, args: pending.args.trim() });
    return result;
}
/** `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with the given values. */
function substitute(text, values) {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced, op, word, bare) => {
        const value = values.get(braced ?? bare);
        if (op === '-')
            return value ? value : word;
        if (op === '+')
            return value ? word : '';
        return value ?? '';
    });
}
function unquote(value) {
    return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
/** Parses a Dockerfile; build args given to the build override the ARG defaults. */
function parseDockerfile(text, buildArgs = new Map()) {
    const args = new Map();
    const stages = [];
    for (const instruction of instructions(text)) {
        if (instruction.keyword === 'ARG' && stages.length === 0) {
            for (const part of instruction.args.split(/\s+/)) {
                const eq = part.indexOf('=');
                const name = eq < 0 ? part : part.slice(0, eq);
                args.set(name, buildArgs.get(name) ?? (eq < 0 ? undefined : unquote(part.slice(eq + 1))));
            }
        }
        else if (instruction.keyword === 'FROM') {
            const words = instruction.args.split(/\s+/).filter(word => !word.startsWith('--'));
            const from = substitute(words[0] ?? '', args);
            const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            stages.push({ name, from, line: instruction.line, index: stages.length });
        }
    }
    return { stages, args };
}
function stageNames(dockerfile) {
    return dockerfile.stages.flatMap(stage => (stage.name ? [stage.name] : []));
}
/** The stage a build of `target` ends in (the last stage when no target is given). */
function targetStage(dockerfile, target) {
    if (!target)
        return dockerfile.stages.at(-1);
    return dockerfile.stages.find(stage => stage.name === target.toLowerCase());
}
/**
 * The external image a target is built on: follows `FROM <earlier stage>` chains to the first FROM
 * that names an image. Undefined for `scratch`.
 */
function finalBase(dockerfile, target) {
    let stage = targetStage(dockerfile, target);
    const seen = new Set();
    while (stage && !seen.has(stage.index)) {
        seen.add(stage.index);
        const from = stage.from.toLowerCase();
        const earlier = dockerfile.stages.find(candidate => candidate.index < stage.index &&
            (candidate.name === from || String(candidate.index) === from));
        if (!earlier)
            return from === 'scratch' ? undefined : { image: stage.from, line: stage.line };
        stage = earlier;
    }
    return undefined;
}


/***/ }),

/***/ 766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ tail),
/* harmony export */   d: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2876);

/**
 * Runs a program with an argument array: never through a shell, so no value from inputs or
 * events is ever interpreted. Never throws on a non-zero exit; callers decide what it means.
 */
async function runCommand(tool, args, options = {}) {
    const buffers = { stdout: '', stderr: '' };
    const listeners = options.onLine
        ? {
            stdline: (line) => options.onLine?.(line, 'stdout'),
            errline: (line) => options.onLine?.(line, 'stderr')
        }
        : undefined;
    const result = await _actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H(tool, args, {
        ignoreReturnCode: true,
        silent: options.silent ?? false,
        env: options.env ? { ...process.env, ...options.env } : undefined,
        cwd: options.cwd,
        input: options.input,
        listeners
    });
    buffers.stdout = result.stdout;
    buffers.stderr = result.stderr;
    return { exitCode: result.exitCode, ...buffers };
}
/** The last lines of a program's output, for error messages that show the real cause. */
function tail(text, lines = 15) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}


/***/ }),

/***/ 9591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ev: () => (/* binding */ resolveSource),
/* harmony export */   g1: () => (/* binding */ PromotionError),
/* harmony export */   kP: () => (/* binding */ promoteImage)
/* harmony export */ });
/* unused harmony export MAX_MANIFEST_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6292);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6201);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6471);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9671);






/** A failed promotion, with the per-target results (what was written, failed, restored, skipped). */
class PromotionError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
        this.name = 'PromotionError';
    }
}
/** Manifests and indexes are small; a bigger answer is refused before it is held in memory. */
const MAX_MANIFEST_BYTES = _limits_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_MAX_RESPONSE_BYTES */ .fe;
function parseTarget(text) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(text);
    if (!ref.tag || ref.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`);
    }
    return ref;
}
const hashAs = (algorithm, data) => `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(data).digest('hex')}`;
/**
 * Resolves the source once: one GET of its manifest, whose digest is the sha256 of the bytes received
 * (checked against Docker-Content-Digest when the registry sends it, and against the reference's own
 * digest). The gate is checked on this digest and exactly these bytes are promoted, so a push to the
 * source tag in between cannot slip an unscanned image through.
 */
async function resolveSource(reference, options) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(reference);
    const client = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(ref.registry, options);
    const response = await client.request('GET', `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`, { headers: { accept: _client_js__WEBPACK_IMPORTED_MODULE_3__/* .MANIFEST_ACCEPT */ .dY }, scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.pull(ref.repository)], ok: [404] });
    if (response.status === 404) {
        await response.body?.cancel();
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Source ${reference} does not exist in the registry.`);
    }
    const body = await (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(response, MAX_MANIFEST_BYTES, `The manifest of ${reference}`);
    const digest = hashAs('sha256', body);
    const header = response.headers.get('docker-content-digest');
    if (header) {
        const algorithm = header.split(':')[0];
        const supported = algorithm === 'sha256' || algorithm === 'sha512';
        if (!supported || hashAs(algorithm, body) !== header) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference}: the registry says the manifest is ${header}, but the bytes it sent are ${digest}. Nothing was promoted.`);
        }
    }
    if (ref.digest && ref.digest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference}: the registry sent a manifest whose digest is ${digest}, not the one asked for. Nothing was promoted.`);
    }
    let mediaType = response.headers.get('content-type')?.split(';')[0].trim() ?? '';
    if (!mediaType) {
        const parsed = (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRegistryJson */ .HV)(body, `The manifest of ${reference}`);
        mediaType = parsed.mediaType ?? '';
    }
    return { reference, ref, digest, mediaType, body };
}
/** Runs `work` over `items` with at most `limit` at once; the first failure rejects (others finish). */
async function pool(items, limit, work) {
    let next = 0;
    const errors = [];
    const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length && errors.length === 0) {
            const item = items[next++];
            await work(item).catch(error => errors.push(error));
        }
    });
    await Promise.all(runners);
    if (errors.length > 0)
        throw errors[0];
}
class TreeCopier {
    source;
    target;
    mode;
    concurrency;
    done = new Set();
    blobs = { present: 0, mounted: 0, copied: 0 };
    constructor(source, target, mode, concurrency) {
        this.source = source;
        this.target = target;
        this.mode = mode;
        this.concurrency = concurrency;
    }
    async copyBlob(blob) {
        if (this.done.has(blob.digest) || blob.urls?.length)
            return; // foreign layers stay where they are
        this.done.add(blob.digest);
        const { client, repository } = this.target;
        if (await client.hasBlob(repository, blob.digest)) {
            this.blobs.present++;
            return;
        }
        if (this.mode === 'cross-repository mount' &&
            (await client.mountBlob(repository, blob.digest, this.source.repository))) {
            this.blobs.mounted++;
            return;
        }
        await client.uploadBlob(repository, blob.digest, blob.size, () => this.source.client.openBlob(this.source.repository, blob.digest));
        this.blobs.copied++;
    }
    /** Copies everything `manifest` needs (children first, blobs), but not the manifest itself. */
    async copyContents(manifest) {
        const parsed = (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRegistryJson */ .HV)(manifest.body, `A ${manifest.mediaType} manifest`);
        if (_client_js__WEBPACK_IMPORTED_MODULE_3__/* .INDEX_TYPES */ .V.includes(manifest.mediaType) || parsed.manifests) {
            for (const child of parsed.manifests ?? []) {
                const childManifest = await this.source.client.getManifest(this.source.repository, child.digest);
                if (!childManifest)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`The source index names ${child.digest}, which the source registry does not have.`);
                await this.copyContents(childManifest);
                await this.target.client.putManifest(this.target.repository, child.digest, childManifest.body, childManifest.mediaType);
            }
            return;
        }
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await pool(blobs, this.concurrency, blob => this.copyBlob(blob));
    }
}
/** The targets of both lists, in writing order (guarded first), each once; one tag cannot be both. */
function collectTargets(targets, floating) {
    const seen = new Map();
    const collected = [];
    for (const [list, isFloating] of [
        [targets, false],
        [floating, true]
    ]) {
        for (const reference of list) {
            const target = parseTarget(reference);
            const key = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .withTag */ .Rd)(target, target.tag);
            if (seen.has(key)) {
                if (seen.get(key) !== isFloating) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference} is in both targets and floating-targets: a tag is either never moved or always moved. Nothing was promoted.`);
                }
                continue;
            }
            seen.set(key, isFloating);
            collected.push({ reference, floating: isFloating, target });
        }
    }
    if (collected.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y('No targets given: list at least one tagged reference in `targets` or `floating-targets`.');
    return collected;
}
/**
 * Proves we may push to a repository before anything is written: an upload session is opened (the
 * request that needs push rights, whatever the auth scheme) and closed again.
 */
async function checkPushAccess(client, repository) {
    let session;
    try {
        session = await client.request('POST', `/v2/${repository}/blobs/uploads/`, {
            scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(repository)],
            ok: [201, 202]
        });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`No push access to ${client.registry}/${repository} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}). Nothing was promoted.`);
    }
    await session.body?.cancel();
    const location = session.headers.get('location');
    if (!location)
        return;
    await client
        .request('DELETE', new URL(location, client.baseUrl).toString(), {
        scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(repository)],
        ok: [404, 405]
    })
        .then(response => response.body?.cancel(), () => undefined // an abandoned session expires on its own
    );
}
/**
 * Puts a tag this promotion wrote back as it was: the previous manifest's bytes again, or, for a tag
 * that did not exist, a tag deletion (which not every registry offers). A tag that does not hold the
 * promoted digest (never written, or written by someone else since) is left alone. Anything else
 * returned says, in words, what is left wrong.
 */
async function restore(plan, digest) {
    const { client, target, reference } = plan;
    try {
        const current = await client.headManifest(target.repository, target.tag);
        if (current?.digest !== digest)
            return 'left alone';
        if (plan.previous) {
            await client.putManifest(target.repository, target.tag, plan.previous.body, plan.previous.mediaType);
            const now = await client.headManifest(target.repository, target.tag);
            if (now?.digest === plan.previous.digest)
                return 'restored';
            return `${reference} could not be put back on ${plan.previous.digest} (it reads ${now?.digest ?? 'missing'})`;
        }
        // By tag only: deleting by digest would remove the manifest and every other tag on it.
        const response = await client.request('DELETE', `/v2/${target.repository}/manifests/${target.tag}`, {
            scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(target.repository)],
            ok: [400, 404, 405]
        });
        await response.body?.cancel();
        if (!(await client.headManifest(target.repository, target.tag)))
            return 'restored';
        return `${reference} did not exist before and could not be removed (the registry does not delete tags, HTTP ${response.status}); it still points at ${digest}`;
    }
    catch (error) {
        return `${reference} could not be put back: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`;
    }
}
/**
 * Makes every target tag point at the source's digest, moving as few bytes as possible: a manifest PUT
 * within a repository, cross-repository mounts within a registry, streamed copies of missing blobs
 * across registries. All or nothing: every target is checked (existing tags, push access) before any
 * is written, and when a write still fails, the tags already written are put back. Each tag is written
 * last, after all its blobs and child manifests, and read back.
 */
async function promoteImage(options) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    if (options.expectedDigest && !(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidDigest */ .fH)(options.expectedDigest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`);
    }
    const targets = collectTargets(options.targets, options.floatingTargets ?? []);
    const source = typeof options.source === 'string'
        ? await resolveSource(options.source, options.registry)
        : options.source;
    const sourceClient = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(source.ref.registry, options.registry);
    const { digest } = source;
    log(`source ${source.reference} is ${digest}`);
    if (options.expectedDigest && options.expectedDigest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Source ${source.reference} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`);
    }
    // Plan: read every target (keeping what it holds, to put it back if needed) before writing any.
    const plans = [];
    const refusals = [];
    for (const { reference, floating, target } of targets) {
        const client = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(target.registry, options.registry);
        const previous = await client.getManifest(target.repository, target.tag);
        if (previous && previous.digest !== digest && !floating && !options.allowOverwrite) {
            refusals.push(`${reference} already points at ${previous.digest}, not ${digest}`);
        }
        const mode = target.registry !== source.ref.registry
            ? 'cross-registry copy'
            : target.repository !== source.ref.repository
                ? 'cross-repository mount'
                : 'same repository';
        plans.push({ reference, floating, target, client, previous, mode });
    }
    if (refusals.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${refusals.join('; ')}. Refusing to move ${refusals.length === 1 ? 'it' : 'them'}: these are targets, which stay ` +
            'on their digest; list tags that should follow every promotion in floating-targets, or set allow-overwrite: true. Nothing was promoted.');
    }
    const writes = plans.filter(plan => plan.previous?.digest !== digest);
    // With one write there is nothing to be half-done; with several, a refused push must come first.
    if (!options.dryRun && writes.length > 1) {
        const repositories = new Map(writes.map(plan => [`${plan.target.registry}/${plan.target.repository}`, plan]));
        for (const plan of repositories.values())
            await checkPushAccess(plan.client, plan.target.repository);
    }
    const results = [];
    const written = [];
    let failure;
    for (const plan of plans) {
        const result = {
            reference: plan.reference,
            floating: plan.floating,
            action: 'skipped',
            mode: plan.mode,
            previousDigest: plan.previous?.digest,
            blobs: { present: 0, mounted: 0, copied: 0 },
            bytesUploaded: 0
        };
        results.push(result);
        if (failure)
            continue;
        if (plan.previous?.digest === digest)
            result.action = 'unchanged';
        else if (options.dryRun)
            result.action = plan.previous ? 'would move' : 'would create';
        else {
            const before = plan.client.bytesUploaded;
            const copier = new TreeCopier({ client: sourceClient, repository: source.ref.repository }, { client: plan.client, repository: plan.target.repository }, plan.mode, options.concurrency ?? 4);
            result.blobs = copier.blobs;
            try {
                if (plan.mode !== 'same repository')
                    await copier.copyContents(source);
                await plan.client.putManifest(plan.target.repository, plan.target.tag, source.body, source.mediaType);
                const now = await plan.client.headManifest(plan.target.repository, plan.target.tag);
                if (now?.digest !== digest) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${plan.reference} reads back as ${now?.digest ?? 'missing'} after writing ${digest}.`);
                }
                result.action = plan.previous ? 'moved' : 'created';
                written.push({ plan, result });
            }
            catch (error) {
                result.action = 'failed';
                failure = { plan, result, error };
            }
            finally {
                result.bytesUploaded = plan.client.bytesUploaded - before;
            }
        }
        log(`${plan.reference}: ${result.action} (${plan.mode})`);
    }
    const outcome = {
        source: source.reference,
        digest,
        mediaType: source.mediaType,
        targets: results,
        bytesUploaded: results.reduce((sum, result) => sum + result.bytesUploaded, 0),
        seconds: 0
    };
    if (failure) {
        // Put back what this promotion wrote, newest first; the failed target too, in case its write
        // landed although the request failed.
        const leftOver = [];
        const failed = await restore(failure.plan, digest);
        if (failed !== 'restored' && failed !== 'left alone')
            leftOver.push(failed);
        for (const { plan, result } of written.reverse()) {
            const restored = await restore(plan, digest);
            if (restored === 'restored')
                result.action = 'restored';
            else if (restored !== 'left alone')
                leftOver.push(restored);
            log(`${plan.reference}: ${result.action}`);
        }
        const message = `Promoting ${digest} to ${failure.plan.reference} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(failure.error)}. ` +
            (leftOver.length > 0
                ? `Not everything could be put back: ${leftOver.join('; ')}.`
                : written.length > 0
                    ? 'Every target written before it was put back as it was.'
                    : 'No other target had been written.');
        outcome.failure = message;
        outcome.seconds = (Date.now() - started) / 1000;
        throw new PromotionError(message, outcome);
    }
    outcome.seconds = (Date.now() - started) / 1000;
    return outcome;
}


/***/ })

};
