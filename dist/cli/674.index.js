export const id = 674;
export const ids = [674];
export const modules = {

/***/ 674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/errors.ts
var lib_errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/registry/index.ts
var registry = __webpack_require__(6471);
// EXTERNAL MODULE: ./src/lib/untrusted-text.ts
var untrusted_text = __webpack_require__(8865);
// EXTERNAL MODULE: ./src/lib/base-image/labels.ts
var base_image_labels = __webpack_require__(7146);
;// CONCATENATED MODULE: ./src/lib/base-image/check.ts





const SOURCE_LABEL = 'org.opencontainers.image.source';
/** overlay2 and some other storage drivers refuse images with more than this many layers. */
const LAYER_LIMIT = 127;
/** owner/name from a GitHub (or GHES) source URL; undefined for anything else. */
function githubRepositoryOf(source, serverUrl = 'https://github.com') {
    if (!source)
        return undefined;
    const server = serverUrl.replace(/\/+$/, '');
    const match = /^(https?:\/\/[^/]+)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(source);
    if (!match || match[1] !== server)
        return undefined;
    return `${match[2]}/${match[3]}`;
}
function isPrefix(prefix, list) {
    return (prefix.length > 0 && prefix.length <= list.length && prefix.every((item, index) => list[index] === item));
}
function sameImage(a, b) {
    const [left, right] = [(0,reference/* parseReference */.F2)(a), (0,reference/* parseReference */.F2)(b)];
    return (left.registry === right.registry &&
        left.repository === right.repository &&
        (left.tag ?? 'latest') === (right.tag ?? 'latest') &&
        left.digest === right.digest);
}
const check_short = (digest) => digest?.slice(0, 19) ?? '?';
/**
 * Is the image still built on what its base tag points at now? Compares the base digest recorded
 * at build time (org.opencontainers.image.base.* labels) with a fresh resolve; images without the
 * labels are compared by layers (the base's layers must be the first layers of the image).
 */
async function checkBase(target, options = {}) {
    const result = {
        image: target.image,
        dockerfile: target.dockerfile,
        status: 'unknown',
        detail: '',
        warnings: []
    };
    try {
        (0,reference/* parseReference */.F2)(target.image);
        const image = await (0,registry/* fetchImageConfig */.mz)(target.image, options.registry);
        const labels = image.config.config?.Labels ?? {};
        result.layers = image.layers;
        result.repository = githubRepositoryOf(labels[SOURCE_LABEL], options.serverUrl);
        const warnAt = options.layerWarning ?? 100;
        if (image.layers >= warnAt)
            result.warnings.push(`${image.layers} layers: close to the limit of ${LAYER_LIMIT} some storage drivers enforce; squash the base or the Dockerfile's steps`);
        // Labels are inherited: an image built FROM a labelled base without docker-actions carries the
        // base's own base labels. When the Dockerfile names another base, its FROM wins.
        const labelled = labels[base_image_labels/* BASE_NAME_LABEL */.$w] || undefined;
        const inherited = labelled !== undefined && target.base !== undefined && !sameImage(labelled, target.base);
        result.base = inherited ? target.base : (labelled ?? target.base);
        result.recordedDigest = inherited ? undefined : labels[base_image_labels/* BASE_DIGEST_LABEL */.m8] || undefined;
        if (inherited)
            result.repository = undefined; // the source label came from the base, too
        const note = inherited
            ? `its base label names ${labelled}, inherited (the Dockerfile says FROM ${target.base}); `
            : '';
        if (!result.base) {
            result.detail = `no ${base_image_labels/* BASE_NAME_LABEL */.$w} label and no Dockerfile FROM to compare with (build it with build-with-cache, or list its Dockerfile)`;
            return result;
        }
        if ((0,reference/* parseReference */.F2)(result.base).digest) {
            result.status = 'current';
            result.detail = `the base is pinned by digest (${result.base}): it cannot move; update the pin to rebuild`;
            return result;
        }
        result.currentDigest = await (0,registry/* resolveDigest */.j)(result.base, options.registry);
        if (result.recordedDigest) {
            result.method = 'label';
            result.status = result.recordedDigest === result.currentDigest ? 'current' : 'stale';
            result.detail =
                result.status === 'current'
                    ? `built on ${result.base} = ${check_short(result.currentDigest)}, still current`
                    : `built on ${result.base} = ${check_short(result.recordedDigest)}; it is now ${check_short(result.currentDigest)}`;
            return result;
        }
        const base = await (0,registry/* fetchImageConfig */.mz)(result.base, options.registry);
        const baseLayers = base.config.rootfs?.diff_ids ?? [];
        const imageLayers = image.config.rootfs?.diff_ids ?? [];
        result.method = 'layers';
        result.status = isPrefix(baseLayers, imageLayers) ? 'current' : 'stale';
        result.detail =
            result.status === 'current'
                ? `${note || 'no base label; '}its first ${baseLayers.length} layer(s) are ${result.base} = ${check_short(result.currentDigest)}`
                : `${note || 'no base label; '}its layers do not start with those of ${result.base} = ${check_short(result.currentDigest)}`;
        return result;
    }
    catch (error) {
        result.status = 'error';
        // The message may quote registry answers or label values (a fork controls both): one safe line.
        result.detail = (0,untrusted_text/* untrustedText */.U)((0,lib_errors/* errorMessage */.g)(error));
        return result;
    }
}
/** Checks every target, a few at a time (each is a handful of registry requests). */
async function checkBases(targets, options = {}, concurrency = 4) {
    const results = new Array(targets.length);
    let next = 0;
    const worker = async () => {
        while (next < targets.length) {
            const index = next++;
            results[index] = await checkBase(targets[index], options);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
    return results;
}

// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(3324);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/dockerfile/parse.ts
var parse = __webpack_require__(6221);
;// CONCATENATED MODULE: ./src/lib/base-image/discover.ts






/** The image a Dockerfile builds, from the template. */
function imageFor(template, dockerfile, root) {
    const dir = (0,external_node_path_.relative)(root, (0,external_node_path_.dirname)(dockerfile)) || '.';
    const name = dir === '.' ? (0,external_node_path_.basename)(root) : (0,external_node_path_.basename)(dir);
    const path = dir === '.' ? name : dir.split(/[\\/]/).join('-');
    return template.replaceAll('{dir}', name.toLowerCase()).replaceAll('{path}', path.toLowerCase());
}
/** Finds the Dockerfiles, their final base image, and the image each one builds. */
async function discoverTargets(options) {
    const root = options.root ?? process.cwd();
    if (!/\{(dir|path)\}/.test(options.imageTemplate))
        throw new lib_errors/* UserError */.y('Input "image-template" must contain {dir} or {path}, so each Dockerfile maps to its own image (e.g. ghcr.io/acme/{dir}:main).');
    const globber = await glob/* create */.v(options.patterns.join('\n'), { matchDirectories: false });
    const files = (await globber.glob()).sort();
    if (files.length === 0)
        throw new lib_errors/* UserError */.y(`No Dockerfile matches ${options.patterns.join(', ')} (relative to ${root}).`);
    const targets = [];
    for (const file of files) {
        const dockerfile = (0,parse/* parseDockerfile */.Ai)(await (0,promises_.readFile)(file, 'utf8'));
        const target = options.target && (0,parse/* stageNames */.hL)(dockerfile).includes(options.target.toLowerCase())
            ? options.target
            : undefined;
        const base = (0,parse/* finalBase */.Ys)(dockerfile, target);
        const image = imageFor(options.imageTemplate, file, root);
        try {
            (0,reference/* parseReference */.F2)(image);
        }
        catch (error) {
            throw new lib_errors/* UserError */.y(`image-template gives "${image}" for ${(0,external_node_path_.relative)(root, file)}: ${error.message}`);
        }
        targets.push({
            image,
            dockerfile: (0,external_node_path_.relative)(root, file),
            // A FROM that still holds an unresolved $ARG cannot be resolved here; the image's label may still tell.
            base: base && !base.image.includes('$') && base.image !== '' ? base.image : undefined
        });
    }
    return targets;
}

;// CONCATENATED MODULE: ./src/lib/github/dispatch.ts

/** One rebuild per repository: the stale images, grouped by the repository that builds them. */
function planDispatches(stale, fallbackRepository) {
    const plans = new Map();
    for (const result of stale) {
        const repository = result.repository ?? fallbackRepository;
        if (!repository)
            throw new lib_errors/* UserError */.y(`Cannot tell which repository builds ${result.image}: it has no org.opencontainers.image.source label and GITHUB_REPOSITORY is not set. Pass the "repository" input.`);
        plans.set(repository, [...(plans.get(repository) ?? []), result]);
    }
    return [...plans].map(([repository, images]) => ({ repository, images }));
}
/** The repository_dispatch client_payload (GitHub allows at most 10 top-level properties). */
function clientPayload(plan) {
    return {
        reason: 'base-image-updated',
        images: plan.images.map(result => ({
            image: result.image,
            dockerfile: result.dockerfile ?? null,
            base: result.base,
            previous_digest: result.recordedDigest ?? null,
            current_digest: result.currentDigest
        }))
    };
}
function workflowInputs(plan, template) {
    const images = plan.images.map(result => result.image).join(',');
    const bases = [...new Set(plan.images.map(result => result.base ?? ''))].join(',');
    return Object.fromEntries([...template].map(([key, value]) => [
        key,
        value.replaceAll('{images}', images).replaceAll('{bases}', bases)
    ]));
}
function explain(error, plan, options) {
    const status = error.status;
    const message = (0,lib_errors/* errorMessage */.g)(error);
    if (status === 404)
        return (`${plan.repository}: not found (${message}). The token needs access to the repository` +
            (options.kind === 'workflow' ? ` and ${options.workflow} must exist on the ref.` : '.'));
    if (status === 403 || status === 401)
        return `${plan.repository}: the token may not dispatch (${message}). Use a token with actions: write (workflow) or contents: write (repository) on that repository.`;
    if (status === 422)
        return `${plan.repository}: GitHub rejected the dispatch (${message}).`;
    return `${plan.repository}: ${message}`;
}
/** Sends one dispatch; a failure is recorded, not thrown, so the other repositories still get theirs. */
async function dispatchRebuild(octokit, plan, options) {
    const [owner, repo] = plan.repository.split('/');
    const images = plan.images.map(result => result.image);
    try {
        if (options.kind === 'repository') {
            const eventType = options.eventType ?? 'base-image-updated';
            await octokit.rest.repos.createDispatchEvent({
                owner,
                repo,
                event_type: eventType,
                client_payload: clientPayload(plan)
            });
            return { repository: plan.repository, kind: options.kind, images, target: eventType };
        }
        if (!options.workflow)
            throw new lib_errors/* UserError */.y('Input "workflow" is required with dispatch: workflow (e.g. build.yml).');
        const ref = options.ref ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
        const inputs = workflowInputs(plan, options.inputs ?? new Map());
        await octokit.rest.actions.createWorkflowDispatch({
            owner,
            repo,
            workflow_id: options.workflow,
            ref,
            ...(Object.keys(inputs).length ? { inputs } : {})
        });
        return { repository: plan.repository, kind: options.kind, images, target: `${options.workflow}@${ref}` };
    }
    catch (error) {
        return {
            repository: plan.repository,
            kind: options.kind,
            images,
            target: options.kind === 'repository'
                ? (options.eventType ?? 'base-image-updated')
                : (options.workflow ?? ''),
            error: explain(error, plan, options)
        };
    }
}

// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
;// CONCATENATED MODULE: ./src/actions/check-base/context.ts





function getInputs() {
    const registryAuth = core/* getInput */.V4('registry-auth');
    const credentials = (0,registry/* loadDockerConfigCredentials */.tz)();
    for (const [host, credential] of (0,registry/* parseRegistryAuth */.bf)(registryAuth))
        credentials.set(host, credential);
    for (const secret of new Set((0,registry/* secretValues */.VX)(credentials)))
        core/* setSecret */.Pq(secret);
    const token = (0,inputs/* getOptional */.xX)('github-token');
    if (token)
        core/* setSecret */.Pq(token);
    const images = (0,inputs/* getList */.vS)('images');
    const imagesFile = (0,inputs/* getOptional */.xX)('images-file');
    if (imagesFile && (0,external_node_fs_.existsSync)(imagesFile))
        images.push(...(0,inputs/* parseList */.E1)((0,external_node_fs_.readFileSync)(imagesFile, 'utf8')));
    const dockerfiles = (0,inputs/* getList */.vS)('dockerfiles');
    const imageTemplate = (0,inputs/* getOptional */.xX)('image-template');
    if (images.length === 0 && dockerfiles.length === 0)
        throw new lib_errors/* UserError */.y('Nothing to check: set "images" (derived images, e.g. ghcr.io/acme/app:main) and/or "dockerfiles" with "image-template".');
    if (dockerfiles.length > 0 && !imageTemplate)
        throw new lib_errors/* UserError */.y('Input "image-template" is required with "dockerfiles": it names the image each Dockerfile builds, e.g. ghcr.io/acme/{dir}:main.');
    const dispatch = (0,inputs/* getChoice */.m)('dispatch', ['none', 'workflow', 'repository'], 'none');
    const workflow = (0,inputs/* getOptional */.xX)('workflow');
    if (dispatch === 'workflow' && !workflow)
        throw new lib_errors/* UserError */.y('Input "workflow" is required with dispatch: workflow: the workflow file to run, e.g. build.yml.');
    if (dispatch !== 'none' && !token)
        throw new lib_errors/* UserError */.y('Input "github-token" is required to dispatch rebuilds (the default is github.token).');
    const repository = (0,inputs/* getOptional */.xX)('repository') ?? process.env.GITHUB_REPOSITORY;
    if (repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
        throw new lib_errors/* UserError */.y(`Input "repository" must be owner/name, got "${repository}".`);
    return {
        images,
        dockerfiles,
        imageTemplate,
        target: (0,inputs/* getOptional */.xX)('target') ?? 'production',
        layerWarning: (0,inputs/* getInteger */.XU)('layer-warning', 100),
        failOnStale: (0,inputs/* getBoolean */.pW)('fail-on-stale', false),
        dispatch,
        dispatchOptions: dispatch === 'none'
            ? undefined
            : {
                kind: dispatch,
                workflow,
                ref: (0,inputs/* getOptional */.xX)('ref'),
                inputs: (0,inputs/* parseKeyValueLines */.FF)(core/* getInput */.V4('workflow-inputs'), 'Input "workflow-inputs"'),
                eventType: (0,inputs/* getOptional */.xX)('event-type') ?? 'base-image-updated'
            },
        repository,
        token,
        registry: {
            credentials,
            insecureRegistries: (0,inputs/* getList */.vS)('insecure-registries'),
            log: message => core/* debug */.Yz(message)
        }
    };
}

// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/actions/check-base/summary.ts


const ICONS = {
    current: '✅',
    stale: '🔄',
    unknown: '❔',
    error: '❌'
};
async function writeCheckBaseSummary(results, dispatched) {
    const stale = results.filter(result => result.status === 'stale');
    core/* summary */.z.addHeading('check-base', 3);
    core/* summary */.z.addRaw(`<p>${stale.length} of ${results.length} image(s) built on an outdated base${stale.length ? ': rebuild them' : ''}.</p>`, true);
    core/* summary */.z.addTable([
        [
            { data: 'Status', header: true },
            { data: 'Image', header: true },
            { data: 'Base', header: true },
            { data: 'Built on / now', header: true },
            { data: 'Layers', header: true },
            { data: 'Detail', header: true }
        ],
        ...results.map(result => [
            ICONS[result.status],
            (0,summary/* code */.aY)(result.image) + (result.dockerfile ? `<br>${(0,summary/* escapeHtml */.ZD)(result.dockerfile)}` : ''),
            result.base ? (0,summary/* code */.aY)(result.base) : '',
            [result.recordedDigest, result.currentDigest]
                .map(digest => (digest ? (0,summary/* code */.aY)(digest.slice(0, 19)) : '–'))
                .join(' → '),
            String(result.layers ?? ''),
            (0,summary/* escapeHtml */.ZD)([result.detail, ...result.warnings].join('; '))
        ])
    ]);
    if (dispatched.length) {
        core/* summary */.z.addHeading('Rebuilds dispatched', 4);
        core/* summary */.z.addList(dispatched.map(record => `${record.error ? '❌' : '✅'} ${(0,summary/* escapeHtml */.ZD)(record.repository)}: ${record.kind === 'workflow' ? 'workflow_dispatch' : 'repository_dispatch'} ${(0,summary/* escapeHtml */.ZD)(record.target)} for ${record.images.map(summary/* code */.aY).join(', ')}` +
            (record.error ? ` (${(0,summary/* escapeHtml */.ZD)(record.error)})` : '')));
    }
    await (0,summary/* writeSummary */.Sy)();
}

;// CONCATENATED MODULE: ./src/actions/check-base/main.ts










/** check-base: find each image's base -> compare with what the base tag is now -> dispatch rebuilds. */
async function main() {
    const inputs = getInputs();
    const targets = inputs.images.map(image => ({ image }));
    if (inputs.dockerfiles.length)
        targets.push(...(await discoverTargets({
            patterns: inputs.dockerfiles,
            imageTemplate: inputs.imageTemplate,
            target: inputs.target
        })));
    const results = await core/* group */.Os(`Base images of ${targets.length} image(s)`, async () => {
        const checked = await checkBases(targets, {
            registry: inputs.registry,
            layerWarning: inputs.layerWarning,
            serverUrl: process.env.GITHUB_SERVER_URL
        });
        // Details quote registries and image labels: neutralised so they cannot become workflow commands.
        for (const result of checked)
            core/* info */.pq(`${result.status.padEnd(7)} ${result.image}: ${(0,untrusted_text/* untrustedText */.U)(result.detail)}`);
        return checked;
    });
    for (const result of results) {
        for (const warning of result.warnings)
            core/* warning */.$e(`${result.image}: ${warning}`, { title: 'Layer count' });
        if (result.status === 'unknown')
            core/* warning */.$e(`${result.image}: ${(0,untrusted_text/* untrustedText */.U)(result.detail)}`, { title: 'Base unknown' });
        if (result.status === 'error')
            core/* error */.z3(`${result.image}: ${(0,untrusted_text/* untrustedText */.U)(result.detail)}`, { title: 'check-base' });
    }
    const stale = results.filter(result => result.status === 'stale');
    const dispatched = [];
    const dispatchOptions = inputs.dispatchOptions;
    if (dispatchOptions && stale.length) {
        const octokit = (0,github/* getOctokit */.Q)(inputs.token);
        await core/* group */.Os('Dispatch rebuilds', async () => {
            for (const plan of planDispatches(stale, inputs.repository)) {
                const record = await dispatchRebuild(octokit, plan, dispatchOptions);
                dispatched.push(record);
                if (record.error)
                    core/* error */.z3(record.error, { title: 'Dispatch failed' });
                else
                    core/* info */.pq(`dispatched ${record.kind} ${record.target} to ${record.repository} for ${record.images.join(', ')}`);
            }
        });
    }
    (0,outputs/* setOutputs */.n)({
        stale: stale.length > 0,
        'stale-images': JSON.stringify(stale.map(result => result.image)),
        results: JSON.stringify(results),
        dispatched: JSON.stringify(dispatched)
    });
    await writeCheckBaseSummary(results, dispatched);
    const errors = results.filter(result => result.status === 'error');
    const failedDispatches = dispatched.filter(record => record.error);
    if (errors.length || failedDispatches.length)
        throw new lib_errors/* UserError */.y([
            errors.length && `could not check ${errors.map(result => result.image).join(', ')}`,
            failedDispatches.length && `${failedDispatches.length} dispatch(es) failed`
        ]
            .filter(Boolean)
            .join('; ') + ' (see the errors above).');
    if (stale.length && inputs.failOnStale)
        throw new lib_errors/* UserError */.y(`Built on an outdated base: ${stale.map(result => result.image).join(', ')}.`);
    core/* info */.pq(stale.length
        ? `stale: ${stale.map(result => result.image).join(', ')}`
        : 'every image is on its current base');
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


/***/ })

};
